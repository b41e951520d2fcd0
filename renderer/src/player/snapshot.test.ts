import { describe, expect, it } from 'vitest';
import { snapshotName } from './snapshot.js';

describe('a downloaded snapshot\'s name', () => {
  it.each([
    ['cam-a', '20261120_143000.mp4', 65.24, 'cam-a 20261120_143000 1m05.2s.png'],
    ['cam-north', 'clip.avi', 3.05, 'cam-north clip 0m03.0s.png'],
    ['door/1', 'a#b.mkv', 0, 'door_1 a_b 0m00.0s.png'],
    [undefined, undefined, 7, 'snapshot 0m07.0s.png'],
  ] as const)('names the camera, the recording and the time: %s %s at %s s', (camera, file, at, name) => {
    expect(snapshotName(camera, file, at)).toBe(name);
  });
});
