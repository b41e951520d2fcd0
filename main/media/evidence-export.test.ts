// Evidence export end to end, through the desktop's contract with real ffmpeg, in a zone whose
// clock springs forward during the recordings (Europe/Berlin, 29 March 2026, 02:00 → 03:00):
// the overlay reads right on both sides of the change (compared with ffmpeg's own drawtext of the
// expected text, not read back), the package checks with sha256sum and openssl, and verify names
// a changed byte, a changed manifest, a missing clip and a stranger's key.
process.env.TZ = 'Europe/Berlin';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob, ReelvaultApi, Result } from '../../contract/api.js';
import { laneKey } from '../../contract/lane-key.js';
import { ipcHarness, type ContractHarness } from '../test-support/api-harness.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { keyFingerprint } from '../util/evidence-key.js';
import { drawtextLine, overlayMetrics } from './overlay-filter.js';
import { exitCode, verifyExport } from './evidence-verify.js';
import { runMedia } from './ffmpeg.js';

const FILES = {
  'cam-dst/2026-03-29_01-59-55.avi': 'cam-legacy/vga_10s.avi',
  'cam-dst/2026-03-29_03-00-05.avi': 'cam-legacy/vga_10s.avi',
  'cam-b/2026-03-29_03-00-00.avi': 'cam-legacy/vga_10s.avi',
};
const W = 640, H = 480;
const SHIPPED_FONT = path.resolve('resources/fonts/DejaVuSans-Bold.ttf');

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value;
}

/** One frame as grey bytes: the first frame at or after `at` (s) of `file`, through `vf`. */
async function grey(file: string, at: number, vf = 'null'): Promise<Buffer> {
  const r = await runMedia('ffmpeg', ['-v', 'error', '-i', file, '-ss', at.toFixed(3), '-frames:v', '1', '-vf', `${vf},format=gray`, '-f', 'rawvideo', 'pipe:1'], { timeoutMs: 60_000 });
  expect(r.stdout.length).toBe(W * H);
  return r.stdout;
}

/** The worst 16×16 block's mean difference inside rows y0..y1 (the overlay's line). */
function worstBlock(a: Buffer, b: Buffer, y0: number, y1: number): number {
  let worst = 0;
  for (let by = y0; by + 16 <= y1; by += 8) {
    for (let bx = 0; bx + 16 <= W; bx += 8) {
      let sum = 0;
      for (let y = by; y < by + 16; y++) for (let x = bx; x < bx + 16; x++) sum += Math.abs(a[y * W + x]! - b[y * W + x]!);
      worst = Math.max(worst, sum / 256);
    }
  }
  return worst;
}

describe('evidence export across a daylight-saving change', () => {
  let h: ContractHarness;
  let api: ReelvaultApi;
  const work = fileTmpDir('rv-evid-');
  beforeAll(async () => {
    h = await ipcHarness(FILES);
    api = h.api;
  }, 60_000);
  afterAll(async () => { await h?.close(); });

  const finished = (id: string) => new Promise<ExportJob>((resolve) => {
    const off = api.onExports((info) => {
      const j = info.jobs.find((x) => x.id === id);
      if (j && j.state !== 'queued' && j.state !== 'running') { off(); resolve(j); }
    });
  });

  /** ffmpeg's drawtext of this text, on the source's frame at `at`, in the overlay's place. */
  async function reference(source: string, at: number, time: string): Promise<Buffer> {
    const cam = path.join(work, `${crypto.randomUUID()}.txt`), line = path.join(work, `${crypto.randomUUID()}.txt`);
    fs.writeFileSync(cam, 'cam-dst');
    fs.writeFileSync(line, time);
    const base = { fontFile: SHIPPED_FONT, corner: 'bottom-left' as const, height: H, expand: false };
    return grey(source, at, `${drawtextLine({ ...base, textFile: cam, row: 0 })},${drawtextLine({ ...base, textFile: line, row: 1 })}`);
  }

  it('burns in each frame\'s time with the right offset on both sides of the change, and the source frame', async () => {
    const id = h.idOf('2026-03-29_01-59-55.avi');
    const done = await finished(value(await api.exportClip({ id, from: 3, to: 7, exact: true, overlay: 'bottom-left' })).id);
    expect(done.state, done.error).toBe('done');
    const clip = done.files[0]!;
    const source = path.join(h.root, 'cam-dst', '2026-03-29_01-59-55.avi');
    const { margin, line } = overlayMetrics(H);
    const rows = [H - margin - line - 4, H - 4] as const; // the time's line, its box included
    // 1 s into the clip is 4 s into the recording: 01:59:59 CET; 2 s in is 02:00:00 CET, which is 03:00:00 CEST.
    const before = await grey(clip, 0.98), after = await grey(clip, 1.98);
    const beforeText = '2026-03-29 01:59:59.000 +01:00  frame 100', afterText = '2026-03-29 03:00:00.000 +02:00  frame 125';
    const right1 = worstBlock(before, await reference(source, 3.98, beforeText), ...rows);
    const wrong1 = worstBlock(before, await reference(source, 3.98, afterText), ...rows);
    const right2 = worstBlock(after, await reference(source, 4.98, afterText), ...rows);
    const wrong2 = worstBlock(after, await reference(source, 4.98, '2026-03-29 02:00:00.000 +01:00  frame 125'), ...rows);
    expect(right1).toBeLessThan(20);
    expect(right2).toBeLessThan(20);
    expect(wrong1).toBeGreaterThan(right1 * 2.5);
    expect(wrong2).toBeGreaterThan(right2 * 2.5);
  }, 120_000);

  it('a fast export with the overlay carries a timecode subtitle track instead', async () => {
    const id = h.idOf('2026-03-29_01-59-55.avi');
    const done = await finished(value(await api.exportClip({ id, from: 0, to: 8, exact: false, overlay: 'top-left' })).id);
    expect(done.state, done.error).toBe('done');
    const r = await runMedia('ffmpeg', ['-v', 'error', '-i', done.files[0]!, '-map', '0:s:0', '-f', 'srt', 'pipe:1'], { timeoutMs: 60_000 });
    const srt = r.stdout.toString();
    expect(srt).toContain('2026-03-29 01:59:55 +01:00');
    expect(srt).toContain('2026-03-29 03:00:02 +02:00');
  }, 120_000);

  it('writes a package that sha256sum and openssl check, and verify names what changed', async () => {
    const key = value(await api.evidenceKey());
    const pem = path.join(work, 'key.pem');
    fs.writeFileSync(pem, key.publicKeyPem);
    for (const f of Object.keys(FILES)) value(await api.item(h.idOf(path.basename(f)))); // probed, so their lengths are known
    const started = h.library.query({ limit: 10 }).items.find((e) => e.filename === '2026-03-29_01-59-55.avi')!;
    const lane = laneKey(h.library.rootId(h.root), 'cam-dst');
    const job = value(await api.exportClips({ lanes: [lane], from: started.startedAt + 2000, to: started.startedAt + 14_000, exact: true, overlay: 'top-right', evidence: { note: 'Case 42: the loading bay' } }));
    const done = await finished(job.id);
    expect(done.state, done.error).toBe('done');
    const dir = path.dirname(done.files[0]!);
    const names = fs.readdirSync(dir).sort();
    expect(names.filter((n) => !n.endsWith('.mp4'))).toEqual(['README.txt', 'SHA256SUMS', 'manifest.json', 'manifest.sig']);
    expect(names.filter((n) => n.endsWith('.mp4'))).toHaveLength(1);
    expect(done.files.map((f) => path.basename(f)).sort()).toEqual(names);
    // Nothing half-made left in the export folder.
    expect(fs.readdirSync(path.dirname(dir)).filter((n) => n.startsWith('.'))).toEqual([]);

    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.note).toBe('Case 42: the loading bay');
    expect(manifest.timeZone).toBe('Europe/Berlin');
    expect(manifest.range.from).toBe('2026-03-29 01:59:57.000 +01:00');
    expect(manifest.range.to).toBe('2026-03-29 03:00:09.000 +02:00');
    expect(manifest.cameras).toEqual(['cam-dst']);
    expect(manifest.sources.map((s: { path: string }) => s.path)).toEqual(['cam-dst/2026-03-29_01-59-55.avi', 'cam-dst/2026-03-29_03-00-05.avi']);
    const src = fs.readFileSync(path.join(h.root, 'cam-dst', '2026-03-29_01-59-55.avi'));
    expect(manifest.sources[0].sha256).toBe(crypto.createHash('sha256').update(src).digest('hex'));
    expect(manifest.outputs[0].durationSec).toBeCloseTo(12, 0);
    expect(manifest.signedBy).toBe(key.fingerprint);
    expect(fs.statSync(path.join(dir, 'manifest.sig')).size).toBe(64);

    // Open tools, as README.txt tells a stranger to use them.
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(sums.status, sums.stderr).toBe(0);
    expect(sums.stdout).toMatch(/: OK\n$/);
    const openssl = (args: string[]) => spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    const ok = openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.sig']);
    expect(ok.stdout + ok.stderr).toContain('Signature Verified Successfully');
    expect(ok.status).toBe(0);
    const der = spawnSync('sh', ['-c', `openssl pkey -pubin -in '${pem}' -outform DER | sha256sum`], { encoding: 'utf8' });
    expect(`SHA256:${der.stdout.split(' ')[0]}`).toBe(key.fingerprint);
    expect(fs.readFileSync(path.join(dir, 'README.txt'), 'utf8')).toContain(key.fingerprint);

    const trusted = crypto.createPublicKey(key.publicKeyPem);
    expect(await verifyExport(dir, trusted, [h.root])).toMatchObject({ status: 'verified', outputs: 1, sources: 2 });

    // Change one byte of the clip: named.
    const copy = path.join(work, 'copy');
    fs.cpSync(dir, copy, { recursive: true });
    const clip = path.join(copy, manifest.outputs[0].name);
    const bytes = fs.readFileSync(clip);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 1;
    fs.writeFileSync(clip, bytes);
    const changed = await verifyExport(copy, trusted);
    expect(changed).toEqual({ status: 'changed', problems: [{ name: manifest.outputs[0].name, problem: 'changed' }] });
    expect(exitCode(changed)).toBe(1);
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: copy }).status).not.toBe(0);

    // Delete it: named as missing.
    fs.rmSync(clip);
    expect(await verifyExport(copy, trusted)).toEqual({ status: 'changed', problems: [{ name: manifest.outputs[0].name, problem: 'missing' }] });

    // Change one byte of the manifest: the signature fails (ours and openssl's).
    const m = fs.readFileSync(path.join(copy, 'manifest.json'));
    m[m.indexOf('Case 42')] = 'D'.charCodeAt(0);
    fs.writeFileSync(path.join(copy, 'manifest.json'), m);
    expect(await verifyExport(copy, trusted)).toEqual({ status: 'changed', problems: [{ name: 'manifest.json', problem: 'changed' }] });
    expect(openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', path.join(copy, 'manifest.json'), '-sigfile', path.join(copy, 'manifest.sig')]).status).not.toBe(0);

    // Another installation's key: named by the fingerprint that signed.
    const stranger = crypto.generateKeyPairSync('ed25519').publicKey;
    const unknown = await verifyExport(dir, stranger);
    expect(unknown).toEqual({ status: 'unknown-key', fingerprint: key.fingerprint });
    expect(exitCode(unknown)).toBe(2);
    expect(keyFingerprint(stranger)).not.toBe(key.fingerprint);

    // A changed source recording is named, with its library folder only.
    const lib = path.join(work, 'lib');
    fs.cpSync(h.root, lib, { recursive: true });
    fs.appendFileSync(path.join(lib, 'cam-dst', '2026-03-29_03-00-05.avi'), 'x');
    expect(await verifyExport(dir, trusted, [lib])).toEqual({ status: 'changed', problems: [{ name: 'cam-dst/2026-03-29_03-00-05.avi', problem: 'changed', source: true }] });
  }, 180_000);

  it('the sync view\'s cameras side by side as a timelapse: every camera, a quarter of the time', async () => {
    for (const f of Object.keys(FILES)) value(await api.item(h.idOf(path.basename(f))));
    const started = h.library.query({ limit: 10 }).items.find((e) => e.filename === '2026-03-29_01-59-55.avi')!;
    const rootId = h.library.rootId(h.root);
    const job = value(await api.exportClips({
      lanes: [laneKey(rootId, 'cam-dst'), laneKey(rootId, 'cam-b')], from: started.startedAt, to: started.startedAt + 16_000, exact: true, sideBySide: true, timelapse: 4, overlay: 'top-left',
    }));
    const done = await finished(job.id);
    expect(done.state, done.error).toBe('done');
    const side = done.files.find((f) => path.basename(f).startsWith('side by side'))!;
    expect(path.basename(side)).toMatch(/ 4x\.mp4$/);
    const r = await runMedia('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', side], { timeoutMs: 60_000 });
    expect(Math.abs(Number(r.stdout.toString()) - 100)).toBeLessThanOrEqual(1); // 16 s at 4x, 25 fps
    expect(done.files.filter((f) => f.endsWith('4x.mp4'))).toHaveLength(3);
  }, 180_000);

  it('a cancelled evidence export leaves no clip and no manifest', async () => {
    const id = h.idOf('2026-03-29_03-00-05.avi');
    const folder = value(await api.exports()).folder!;
    const before = fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
    const job = value(await api.exportClip({ id, from: 0, to: 10, exact: true, overlay: 'bottom-right', evidence: {} }));
    // Cancelled once its ffmpeg runs (or at once, if it is still queued).
    await expect.poll(async () => value(await api.exports()).jobs.find((j) => j.id === job.id)?.state).toMatch(/running|queued/);
    const ended = finished(job.id);
    value(await api.cancelExport(job.id));
    expect((await ended).state).toBe('cancelled');
    await expect.poll(() => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [])).toEqual(before);
  }, 120_000);

  it('keeps the private key in the data folder, mode 0600, the same key each time', async () => {
    const a = value(await api.evidenceKey()), b = value(await api.evidenceKey());
    expect(a).toEqual(b);
    expect(a.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(a.publicKeyPem).not.toContain('PRIVATE');
  });
});
