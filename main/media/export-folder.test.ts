import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { exportFolderProblem, exportName, placeFile, portableName } from './export-folder.js';

describe('the export folder', () => {
  it('refuses a folder inside a library folder, through a link too, and takes one outside', async () => {
    const lib = tmpDir();
    const inside = path.join(lib, 'cam-1', 'exports');
    expect(await exportFolderProblem(inside, [lib])).toMatch(/inside the library folder/);
    expect(fs.existsSync(path.join(lib, 'cam-1'))).toBe(false); // nothing made inside the library
    expect(await exportFolderProblem(lib, [lib])).toMatch(/inside the library folder/);
    const outside = tmpDir();
    const link = path.join(outside, 'sneaky');
    fs.symlinkSync(lib, link);
    expect(await exportFolderProblem(link, [lib])).toMatch(/inside the library folder/);
    expect(await exportFolderProblem(path.join(link, 'new', 'deeper'), [lib])).toMatch(/inside the library folder/);
    expect(await exportFolderProblem(path.join(outside, 'clips'), [lib])).toBeNull();
    expect(fs.existsSync(path.join(outside, 'clips'))).toBe(true);
    expect(await exportFolderProblem('relative/path', [lib])).toMatch(/full path/);
  });

  it('names clips portably, by camera and moment, and never overwrites', async () => {
    expect(portableName('gate: <north>/cam?*|"\\x\u0007..')).toBe('gate_ _north__cam_____x___');
    const name = exportName('cam 1', new Date(2026, 10, 20, 14, 30, 5).getTime(), new Date(2026, 10, 20, 14, 31, 0).getTime(), 'mp4');
    expect(name).toBe('cam 1 2026-11-20 14.30.05–14.31.00.mp4');
    const dir = tmpDir();
    for (const body of ['one', 'two', 'three']) {
      fs.writeFileSync(path.join(dir, '.x.part'), body);
      await placeFile(path.join(dir, '.x.part'), dir, 'clip.mp4');
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['clip (2).mp4', 'clip (3).mp4', 'clip.mp4']);
    expect(fs.readFileSync(path.join(dir, 'clip.mp4'), 'utf8')).toBe('one');
  });
});
