// Dropping on the desktop window: a folder is added only after a native confirmation that names
// it (the path came from the page); a video plays as "Open with" does; anything else says why.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../contract/api.js';
import { ipcHarness, libraryFolder, type ContractHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

describe('dropping on the window', () => {
  let h: ContractHarness;
  beforeAll(async () => { h = await ipcHarness({ 'cam-1/a.mp4': 'cam-modern/h264_aac.mp4' }); });
  afterAll(async () => { await h?.close(); });

  it('adds a dropped folder only when the person at the desktop says yes, naming it', async () => {
    const folder = await libraryFolder({ 'gate/b.avi': 'cam-legacy/mpeg4.avi' });
    h.desktop!.answerNext(false);
    const no = value(await h.api.openDropped([folder]));
    expect(no.refused).toEqual([`${folder} was not added`]);
    expect(h.desktop!.asked.at(-1)).toContain(folder);
    expect(value(await h.api.settings()).libraryRoots.map((r) => r.path)).not.toContain(folder);
    h.desktop!.answerNext(true);
    const yes = value(await h.api.openDropped([folder]));
    expect(yes.settings!.libraryRoots.map((r) => r.path)).toContain(folder);
  });

  it('plays a dropped video, and says why for what it cannot take', async () => {
    const outside = fileTmpDir('rv-drop-');
    const clip = path.join(outside, 'phone.mp4');
    fs.copyFileSync(path.join(h.root, 'cam-1', 'a.mp4'), clip);
    fs.writeFileSync(path.join(outside, 'notes.txt'), 'x');
    const r = value(await h.api.openDropped([clip, path.join(outside, 'notes.txt'), path.join(outside, 'gone.mkv')]));
    expect(typeof r.play).toBe('string');
    expect(r.refused).toEqual([expect.stringMatching(/notes\.txt is not a video file/), expect.stringMatching(/gone\.mkv does not exist/)]);
  });
});
