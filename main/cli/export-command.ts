// `reelvault export`: a clip, overlay, evidence package or timelapse from a script (issue 35),
// the same exporter the app runs. The library is scanned and the camera's recordings in the
// range probed first; the files land in --out (evidence straight in it, nothing half-written).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import type { ClipsRequest, ExportJob, OverlayCorner } from '../../contract/api.js';
import { laneKey, parseLaneKey } from '../../contract/lane-key.js';
import { ClipExporter } from '../media/clip-export.js';
import { exportFolderProblem } from '../media/export-folder.js';
import { hasFilter } from '../media/ffmpeg-filters.js';
import { spansIn } from '../library/timeline-index.js';
import { cameraKey } from '../library/sql-index.js';
import { createCore, type Core } from '../service/core.js';
import { defaultDataDir } from '../util/data-dir.js';
import { evidenceKey } from '../util/evidence-key.js';
import { parseCommandArgs, type Out } from './command-args.js';

const CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

const HELP = `Usage: reelvault export --library DIR --camera NAME --from ISO --to ISO --out DIR
         [--data-dir DIR] [--exact] [--overlay] [--corner C] [--evidence] [--note TEXT] [--timelapse N]

Exports what one camera recorded between two moments, as the app's Export does.

  --library DIR    the library folder (repeatable); only read, never written
  --data-dir DIR   the index and the evidence signing key (default: ${defaultDataDir()})
  --camera NAME    a camera folder's name; FOLDER/CAMERA, or a timeline lane key, where it is ambiguous
  --from, --to     ISO 8601 moments (without an offset: this computer's local time)
  --out DIR        where the files go (never inside a library folder)
  --exact          re-encode to H.264, frame-accurate (default: copy from the keyframe before)
  --overlay        burn in the camera, each frame's date, time and number (exact), or add a
                   timecode subtitle track (a copy)
  --corner C       where the overlay goes: ${CORNERS.join(', ')} (default bottom-left)
  --evidence       also write manifest.json, SHA256SUMS, manifest.sig and README.txt into --out
                   (implies --overlay); check them later with "reelvault verify"
  --note TEXT      the operator's note, kept in the manifest
  --timelapse N    N times real speed (for example 720: a day in 2 minutes)

Exit status: 0 when written; 1 when it could not be (a bad range, nothing recorded, a full disk);
2 for usage errors.`;

/** The font the overlay is drawn in (resources/fonts, beside out/). */
function shippedFont(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '..', '..', '..', 'resources', 'fonts', 'DejaVuSans-Bold.ttf'), path.resolve(here, '..', '..', 'resources', 'fonts', 'DejaVuSans-Bold.ttf')];
  return candidates.find((f) => existsSync(f)) ?? candidates[0]!;
}

/** The lane key NAME means: a lane key, FOLDER/CAMERA, or a camera's name found in exactly one folder. */
export function resolveCamera(core: Core, roots: string[], name: string): { key: string } | { error: string } {
  const lanes = [...core.library.index.timelineLanes().values()];
  const keyed = parseLaneKey(name);
  if (keyed && core.library.rootById(keyed.rootId)) return { key: name };
  const slash = name.indexOf('/');
  const matches = lanes.filter((l) => roots.includes(l.root) && (
    l.camera === name || (slash > 0 && path.basename(l.root) === name.slice(0, slash) && l.camera === name.slice(slash + 1))));
  if (matches.length === 1) return { key: laneKey(core.library.rootId(matches[0]!.root), matches[0]!.camera) };
  if (matches.length > 1) {
    const keys = matches.map((l) => `${path.basename(l.root)}/${l.camera} (lane key ${laneKey(core.library.rootId(l.root), l.camera)})`);
    return { error: `the camera "${name}" is in several folders; name one: ${keys.join(', ')}` };
  }
  const known = [...new Set(lanes.filter((l) => roots.includes(l.root)).map((l) => l.camera))].sort();
  return { error: `no camera "${name}" in the library${known.length ? ` (cameras: ${known.slice(0, 20).join(', ')})` : ''}` };
}

export async function runExport(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const args = parseCommandArgs('export', HELP, argv, {
    library: { type: 'string', multiple: true }, 'data-dir': { type: 'string' }, camera: { type: 'string' },
    from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' }, exact: { type: 'boolean', default: false },
    overlay: { type: 'boolean', default: false }, corner: { type: 'string' }, evidence: { type: 'boolean', default: false },
    note: { type: 'string' }, timelapse: { type: 'string' },
  }, stdout, stderr);
  if (typeof args === 'number') return args;
  const usage = (why: string) => { stderr.write(`reelvault export: ${why}\n\n${HELP}\n`); return 2; };
  const fail = (why: string) => { stderr.write(`reelvault export: ${why}\n`); return 1; };
  const libraries = (args.library as string[] | undefined) ?? [];
  for (const need of ['camera', 'from', 'to', 'out'] as const) if (typeof args[need] !== 'string') return usage(`--${need} is required`);
  if (!libraries.length) return usage('--library is required');
  const from = Date.parse(args.from as string), to = Date.parse(args.to as string);
  if (!Number.isFinite(from)) return fail(`--from ${String(args.from)} is not an ISO 8601 moment (2026-03-29T14:30:00)`);
  if (!Number.isFinite(to)) return fail(`--to ${String(args.to)} is not an ISO 8601 moment (2026-03-29T14:30:00)`);
  if (to <= from) return fail('the range is empty: --to must be after --from');
  if (to - from > 24 * 3600_000) return fail('the range is longer than 24 hours: export it in parts');
  const corner = (args.corner ?? 'bottom-left') as OverlayCorner;
  if (!CORNERS.includes(corner)) return usage(`--corner must be one of ${CORNERS.join(', ')}`);
  let timelapse: number | undefined;
  if (args.timelapse !== undefined) {
    timelapse = Number(args.timelapse);
    if (!/^\d+(\.\d+)?$/.test(String(args.timelapse)) || timelapse < 2 || timelapse > 10_000) return usage('--timelapse N takes a speed from 2 to 10000');
  }
  const roots = libraries.map((d) => path.resolve(d));
  const out = path.resolve(args.out as string);
  const problem = await exportFolderProblem(out, roots);
  if (problem) return fail(problem.replace('the export folder', '--out'));
  const dataDir = path.resolve((args['data-dir'] as string | undefined) ?? defaultDataDir());

  const core = await createCore({ dataDir, local: true });
  try {
    stderr.write('Reading the library…\n');
    await core.library.scan(roots);
    const cam = resolveCamera(core, roots, args.camera as string);
    if ('error' in cam) return fail(cam.error);
    // Recordings not probed yet have no length: probe those that may reach into the range.
    const parsed = parseLaneKey(cam.key)!;
    const lane = core.library.index.timelineLanes().get(cameraKey(core.library.rootById(parsed.rootId)!, parsed.camera));
    if (lane) {
      for (const s of spansIn(lane, from - 24 * 3600_000, to, 0)) if ('id' in s && s.unknownLength) await core.probes.media(s.id).catch(() => null);
    }
    const exporter = new ClipExporter({
      library: core.library, probes: core.probes, workDir: path.join(dataDir, 'exports'),
      folder: async () => ({ folder: out }), namesInSideBySide: () => hasFilter('drawtext'), fontFile: shippedFont(),
      evidenceKey: () => evidenceKey(dataDir), evidenceInOwnFolder: false,
    });
    const overlay = args.overlay === true || args.evidence === true;
    const req: ClipsRequest = {
      lanes: [cam.key], from, to, exact: args.exact === true || timelapse !== undefined,
      ...(overlay ? { overlay: corner } : {}), ...(args.evidence ? { evidence: { note: (args.note as string | undefined) ?? '' } } : {}),
      ...(timelapse ? { timelapse } : {}),
    };
    // Listening before asking: a job that fails at once is still heard.
    let jobId: string | null = null;
    let finished: ExportJob | null = null;
    let wake: (() => void) | null = null;
    let shown = -1;
    exporter.on('changed', (info) => {
      const j = info.jobs.find((x) => x.id === jobId);
      if (!j) return;
      const pct = Math.floor(j.progress * 100);
      if (j.state === 'running' && pct !== shown) {
        shown = pct;
        stderr.write(`${stderr.isTTY ? '\r\x1b[K' : ''}Exporting… ${pct} %${j.etaSec !== null ? `, ${j.etaSec} s left` : ''}${stderr.isTTY ? '' : '\n'}`);
      }
      if (j.state !== 'queued' && j.state !== 'running') { finished = j; wake?.(); }
    });
    try {
      jobId = (await exporter.exportClips(req)).id;
      const now = (await exporter.info()).jobs.find((x) => x.id === jobId);
      if (now && now.state !== 'queued' && now.state !== 'running') finished = now;
    } catch (err) {
      return fail((err as Error).message);
    }
    const done: ExportJob = await new Promise<ExportJob>((resolve) => {
      const check = () => { if (finished?.id === jobId) resolve(finished); };
      wake = check;
      check();
    });
    if (stderr.isTTY) stderr.write('\r\x1b[K');
    for (const n of done.notes) stderr.write(`note: ${n}\n`);
    if (done.state !== 'done') {
      const why = done.error ?? done.state;
      return fail(/ENOSPC|disk is full/i.test(why) ? `the disk of ${out} is full; nothing was kept` : why);
    }
    for (const f of done.files) stdout.write(`${f}\n`);
    return 0;
  } finally {
    await core.close();
  }
}
