// Exports through the desktop's contract (the IPC transport on the desktop as Electron runs it):
// a clip lands in Videos/Reelvault with its name, exact within a frame; cancel and a full disk
// leave nothing; a folder inside the library is refused; the library is byte-identical after.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob, ExportsInfo, ReelvaultApi, Result } from '../../contract/api.js';
import { laneKey } from '../../contract/lane-key.js';
import { ipcHarness, type ContractHarness } from '../test-support/api-harness.js';
import { runMedia } from '../media/ffmpeg.js';
import { exportName, partPath } from '../media/export-folder.js';

const FILES = {
  'cam-1/2026-11-20_08-00-00.avi': 'cam-legacy/vga_10s.avi',
  'cam-1/2026-11-20_08-00-10.avi': 'cam-legacy/vga_10s.avi',
  'cam-2/2026-11-20_08-00-05.mp4': 'timeline/h264_aac.mkv',
};

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

function digest(dir: string): string {
  const h = crypto.createHash('sha256');
  const walk = (d: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      h.update(`${path.relative(dir, p)}\0${st.size}\0${st.mtimeMs}\0`);
      if (st.isDirectory()) walk(p);
      else h.update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

async function durationOf(file: string): Promise<number> {
  const r = await runMedia('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeoutMs: 20_000 });
  return Number(r.stdout.toString());
}

describe('exports from the desktop', () => {
  let h: ContractHarness & { app: { exporter: { on: (e: 'changed', l: (i: ExportsInfo) => void) => void } } };
  let api: ReelvaultApi;
  let before: string;
  beforeAll(async () => {
    h = await ipcHarness(FILES);
    api = h.api;
    before = digest(h.root);
  }, 60_000);
  afterAll(async () => {
    expect(digest(h.root)).toBe(before); // the library is byte-identical afterwards
    await h?.close();
  });

  const finished = (id: string) => new Promise<ExportJob>((resolve) => {
    const off = api.onExports((info) => {
      const j = info.jobs.find((x) => x.id === id);
      if (j && j.state !== 'queued' && j.state !== 'running') { off(); resolve(j); }
    });
  });

  it('exports a clip of one recording into Videos/Reelvault, named by camera and moment, exact within a frame', async () => {
    const info = value(await api.exports());
    const folder = path.join(h.desktop!.videosDir, 'Reelvault');
    expect(info.folder).toBe(folder);
    const id = h.idOf('2026-11-20_08-00-00.avi');
    const plan = value(await api.planClip({ id, from: 2.5, to: 6, exact: false }));
    expect(plan.exactDefault).toBe(true); // MPEG-4 Part 2
    expect(plan.realFrom).toBeLessThanOrEqual(2.5);
    const job = value(await api.exportClip({ id, from: 2.5, to: 6, exact: true }));
    const done = await finished(job.id);
    expect(done.state).toBe('done');
    expect(done.files).toHaveLength(1);
    const file = done.files[0]!;
    expect(path.dirname(file)).toBe(folder);
    expect(path.basename(file)).toBe(exportName('cam-1', new Date(2026, 10, 20, 8, 0, 2, 500).getTime(), new Date(2026, 10, 20, 8, 0, 6).getTime(), 'mp4'));
    expect(Math.abs(await durationOf(file) - 3.5)).toBeLessThanOrEqual(0.05);
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.part'))).toEqual([]);
    value(await api.showExport(job.id));
    expect(h.desktop!.shown).toEqual([file]);
  }, 60_000);

  it('exports an interval on two cameras: one recording joined from two, the other cut, gaps named', async () => {
    const cam1 = laneKey(h.library.rootId(h.root), 'cam-1');
    const cam2 = laneKey(h.library.rootId(h.root), 'cam-2');
    for (const n of Object.keys(FILES)) value(await api.item(h.idOf(path.basename(n))));
    const from = new Date(2026, 10, 20, 8, 0, 6).getTime(), to = new Date(2026, 10, 20, 8, 0, 15).getTime();
    const job = value(await api.exportClips({ lanes: [cam1, cam2], from, to, exact: false, sideBySide: true }));
    const done = await finished(job.id);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.files).toHaveLength(3);
    expect(await durationOf(done.files[0]!)).toBeGreaterThanOrEqual(8.9); // cam-1: 08:00:06–08:00:15 across two files
    expect(await durationOf(done.files[2]!)).toBeCloseTo(9, 0); // side by side
    expect(done.notes.join('\n')).toMatch(/cam-2: no recording 08:00:13–08:00:15/);
  }, 90_000);

  it('cancelling deletes the partial file; a full disk says so and leaves nothing', async () => {
    const folder = path.join(h.desktop!.videosDir, 'Reelvault');
    const id = h.idOf('2026-11-20_08-00-10.avi');
    const job = value(await api.exportClip({ id, from: 0, to: 10, exact: true }));
    value(await api.cancelExport(job.id));
    expect((await finished(job.id)).state).toBe('cancelled');
    expect(fs.readdirSync(folder).filter((n) => n.startsWith('.'))).toEqual([]);
    // The part file ffmpeg writes is /dev/full: every write fails with ENOSPC.
    const name = exportName('cam-1', new Date(2026, 10, 20, 8, 0, 10).getTime(), new Date(2026, 10, 20, 8, 0, 14).getTime(), 'mp4');
    fs.symlinkSync('/dev/full', partPath(folder, name));
    const full = value(await api.exportClip({ id, from: 0, to: 4, exact: true }));
    const failed = await finished(full.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/disk is full/);
    expect(fs.readdirSync(folder).filter((n) => n.includes('08.00.10'))).toEqual([]);
  }, 60_000);

  it('a clip queued after the export folder changed lands in the new folder, the one before it in the old', async () => {
    const first = path.join(h.desktop!.videosDir, 'Reelvault');
    const second = path.join(h.desktop!.videosDir, 'second');
    fs.mkdirSync(second);
    try {
      const running = value(await api.exportClip({ id: h.idOf('2026-11-20_08-00-00.avi'), from: 0, to: 10, exact: true }));
      h.desktop!.pickNext(second);
      value(await api.chooseExportFolder());
      const queued = value(await api.exportClip({ id: h.idOf('2026-11-20_08-00-10.avi'), from: 0, to: 3, exact: true }));
      // It waits behind the first, so the queue that runs it was started with the old folder.
      expect(queued.state).toBe('queued');
      const [a, b] = await Promise.all([finished(running.id), finished(queued.id)]);
      expect(a).toMatchObject({ state: 'done', files: [expect.stringMatching(/08\.00\.00–08\.00\.10\.mp4$/)] });
      expect(path.dirname(a.files[0]!)).toBe(first);
      expect(b).toMatchObject({ state: 'done', files: [expect.stringMatching(/08\.00\.10–08\.00\.13\.mp4$/)] });
      expect(path.dirname(b.files[0]!)).toBe(second);
    } finally {
      h.desktop!.pickNext(first);
      value(await api.chooseExportFolder());
    }
  }, 90_000);

  it('leaves nothing on a small disk that fills up (a 256 KiB tmpfs, where mounting is allowed)', async (ctx) => {
    const small = path.join(h.desktop!.videosDir, 'small');
    fs.mkdirSync(small);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]);
    if (mounted.status !== 0) ctx.skip(`cannot mount a tmpfs here (${mounted.stderr.toString().trim() || 'not allowed'})`);
    try {
      h.desktop!.pickNext(small);
      value(await api.chooseExportFolder());
      const job = value(await api.exportClip({ id: h.idOf('2026-11-20_08-00-00.avi'), from: 0, to: 10, exact: true }));
      const failed = await finished(job.id);
      expect(failed.state).toBe('failed');
      expect(failed.error).toMatch(/disk is full/);
      expect(fs.readdirSync(small)).toEqual([]);
    } finally {
      h.desktop!.pickNext(path.join(h.desktop!.videosDir, 'Reelvault'));
      value(await api.chooseExportFolder());
      spawnSync('umount', [small]);
    }
  }, 60_000);

  it('refuses an export folder inside a library folder, and a clip outside the recording', async () => {
    h.desktop!.pickNext(path.join(h.root, 'cam-1'));
    expect(await api.chooseExportFolder()).toMatchObject({ ok: false, code: 'bad-request', message: /inside the library folder/ });
    const elsewhere = path.join(h.desktop!.videosDir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    h.desktop!.pickNext(elsewhere);
    expect(value(await api.chooseExportFolder())!.folder).toBe(elsewhere);
    const id = h.idOf('2026-11-20_08-00-00.avi');
    expect(await api.exportClip({ id, from: 5, to: 50, exact: true })).toMatchObject({ ok: false, code: 'bad-request' });
    expect(await api.exportClip({ id, from: 5, to: 2, exact: true })).toMatchObject({ ok: false, code: 'bad-request' });
  });
});
