// `reelvault export` and `reelvault verify` as a script runs them, on generated recordings with
// real ffmpeg: an evidence export straight into --out that verify accepts (0), names a changed
// clip (1) and a stranger's key (2); a bad range and an unknown camera said in words; and a
// timelapse of 10 min at 60× that lasts 10 s (±1 frame).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMedia } from '../media/ffmpeg.js';
import { fileTmpDir } from '../test-support/tmp.js';
import { runExport } from './export-command.js';
import { runVerify } from './verify-command.js';

function capture() {
  let text = '';
  return { write: (s: string) => { text += s; return true; }, get text() { return text; } };
}

async function run(fn: typeof runExport, args: string[]) {
  const out = capture(), err = capture();
  const code = await fn(args, out, err);
  return { code, out: out.text, err: err.text };
}

async function durationOf(file: string): Promise<number> {
  const r = await runMedia('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-count_frames', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { timeoutMs: 60_000 });
  return Number(r.stdout.toString()) / 25;
}

describe('reelvault export and verify', () => {
  const lib = fileTmpDir('rv-lib-'), data = fileTmpDir('rv-data-');
  beforeAll(async () => {
    fs.mkdirSync(path.join(lib, 'gate'), { recursive: true });
    fs.mkdirSync(path.join(lib, 'yard'), { recursive: true });
    // Two recordings of 20 s, and ten minutes of a small picture for the timelapse (keyframe each 10 s).
    const make = (file: string, seconds: number, size: string) => runMedia('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25:d=${seconds}`, '-c:v', 'mpeg4', '-q:v', '8', '-g', '250', '-y', file,
    ], { timeoutMs: 300_000 });
    await make(path.join(lib, 'gate', '2026-06-01_10-00-00.avi'), 20, '320x240');
    await make(path.join(lib, 'yard', '2026-06-01_10-00-00.avi'), 600, '160x120');
  }, 300_000);

  it('writes evidence straight into --out, which verify checks', async () => {
    const out = path.join(fileTmpDir('rv-out-'), 'case-42');
    const r = await run(runExport, ['--library', lib, '--data-dir', data, '--camera', 'gate', '--from', '2026-06-01T10:00:02', '--to', '2026-06-01T10:00:08', '--out', out, '--exact', '--evidence', '--note', 'gate, morning']);
    expect(r.code, r.err).toBe(0);
    const names = fs.readdirSync(out).sort();
    expect(names).toEqual(['README.txt', 'SHA256SUMS', 'gate 2026-06-01 10.00.02–10.00.08.mp4', 'manifest.json', 'manifest.sig']);
    expect(r.out.trim().split('\n').map((f) => path.basename(f)).sort()).toEqual(names);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).note).toBe('gate, morning');

    const ok = await run(runVerify, [out, '--data-dir', data, '--library', lib]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^verified: 1 file and 1 source recording as signed by SHA256:/);

    // A second evidence export into the same folder is refused, and leaves it as it was.
    const again = await run(runExport, ['--library', lib, '--data-dir', data, '--camera', 'gate', '--from', '2026-06-01T10:00:02', '--to', '2026-06-01T10:00:05', '--out', out, '--exact', '--evidence']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already in/);
    expect(fs.readdirSync(out).sort()).toEqual(names);

    const clip = path.join(out, names[2]!);
    const bytes = fs.readFileSync(clip);
    bytes[100] = bytes[100]! ^ 0xff;
    fs.writeFileSync(clip, bytes);
    const bad = await run(runVerify, [out, '--data-dir', data]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(`${names[2]}: changed\n`);

    const stranger = path.join(fileTmpDir(), 'other.pem');
    fs.writeFileSync(stranger, crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const unknown = await run(runVerify, [out, '--key', stranger]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^signed by an unknown key SHA256:[0-9a-f]{64}/);

    expect((await run(runVerify, [out, '--key', stranger, '--data-dir', data])).code).toBe(3);
  }, 180_000);

  it('says what is wrong with a bad range or camera', async () => {
    const out = fileTmpDir('rv-out-');
    const base = ['--library', lib, '--data-dir', data, '--out', out];
    const backwards = await run(runExport, [...base, '--camera', 'gate', '--from', '2026-06-01T10:00:08', '--to', '2026-06-01T10:00:02']);
    expect(backwards).toMatchObject({ code: 1, err: 'reelvault export: the range is empty: --to must be after --from\n' });
    const nothing = await run(runExport, [...base, '--camera', 'gate', '--from', '2026-06-02T10:00:00', '--to', '2026-06-02T10:01:00']);
    expect(nothing.code).toBe(1);
    expect(nothing.err).toMatch(/recorded anything in this interval/);
    const nobody = await run(runExport, [...base, '--camera', 'door', '--from', '2026-06-01T10:00:00', '--to', '2026-06-01T10:01:00']);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toMatch(/no camera "door" in the library \(cameras: gate, yard\)/);
    expect(fs.readdirSync(out)).toEqual([]);
  }, 120_000);

  it('makes a timelapse of 10 min at 60× that lasts 10 s, with the overlay', async () => {
    const out = fileTmpDir('rv-out-');
    const r = await run(runExport, ['--library', lib, '--data-dir', data, '--camera', 'yard', '--from', '2026-06-01T10:00:00', '--to', '2026-06-01T10:10:00', '--out', out, '--timelapse', '60', '--overlay']);
    expect(r.code, r.err).toBe(0);
    const file = r.out.trim();
    expect(path.basename(file)).toBe('yard 2026-06-01 10.00.00–10.10.00 60x.mp4');
    expect(Math.abs(await durationOf(file) - 10)).toBeLessThanOrEqual(1 / 25 + 1e-9);
  }, 300_000);
});
