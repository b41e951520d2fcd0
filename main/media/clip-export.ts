// Clips exported to the export folder, one job at a time at background priority: one recording
// cut, or an interval on several cameras (each camera's recordings joined into one file). A job
// writes a hidden part file next to its destination and renames it when complete; cancelling,
// a full disk or a vanished recording leave nothing behind.
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ClipPlan, ClipRequest, ClipsRequest, ExportJob, ExportsInfo, LibraryEntry, OverlayCorner } from '../../contract/api.js';
import { LOCAL_ZONE, type NameZone } from '../../contract/zone-time.js';
import type { EvidenceKey } from '../util/evidence-key.js';
import { APP_VERSION } from '../util/version.js';
import { systemZone } from '../util/time-zone.js';
import { EVIDENCE_FILES, plainName } from './evidence-manifest.js';
import { writeEvidenceFiles, type EvidenceMeta, type EvidenceSource } from './evidence-package.js';
import { overlayFilter } from './overlay-filter.js';
import { timecodeSrt } from './timecode-srt.js';
import type { Library } from '../library/library.js';
import { clipArgs, clipContainer, concatScript, joinable, type ClipPart } from './clip-args.js';
import { openEntry, planClip } from './clip-plan.js';
import { intervalParts, type CameraInterval } from './clip-intervals.js';
import type { ContainedFile } from './contained-file.js';
import { exportName, partPath, placeFile, portableName } from './export-folder.js';
import { firstMeaningfulLine, spawnMedia } from './ffmpeg.js';
import { inputUrls } from './input-args.js';
import { MediaError } from './media-error.js';
import type { ProbeService } from './probe-service.js';
import { ProgressParser } from './progress.js';
import { sideBySideArgs, type SideBySideTrack } from './side-by-side.js';

export interface ExporterDeps {
  library: Library;
  probes: ProbeService;
  /** Where the ffconcat scripts and drawtext labels of running jobs go (the data folder). */
  workDir: string;
  /** The export folder, or why there is none usable. */
  folder(): Promise<{ folder: string | null; problem?: string }>;
  /** Whether this ffmpeg can draw the cameras' names (drawtext). */
  namesInSideBySide(): Promise<boolean>;
  /** The font the names are drawn in (shipped with the app). */
  fontFile: string;
  /** Another Reelvault's recordings: their clips are made there and downloaded. */
  remote?: RemoteClips;
  /** The zone the overlay, the timecode and the manifest say times in (default: this computer's). */
  zone?: NameZone;
  /** This installation's evidence signing key (util/evidence-key.ts), made on first use. */
  evidenceKey?: () => Promise<EvidenceKey>;
  /**
   * Where an evidence export's files go: each export in a folder of its own inside the export
   * folder (the app, true), or straight into the export folder (`reelvault export --out`, false).
   */
  evidenceInOwnFolder?: boolean;
}

/** A clip's options from issue 35: the overlay, a timelapse, evidence. */
interface Extras {
  overlay?: OverlayCorner | undefined;
  timelapse?: number | undefined;
}

export interface RemoteClips {
  owns(id: string): boolean;
  plan(req: ClipRequest): Promise<ClipPlan>;
  /** The clip, as the computer that holds the recording makes it, written to `out`. */
  fetch(req: ClipRequest, out: string, signal: AbortSignal): Promise<void>;
}

/** One ffmpeg run of a job: its inputs, its output's name and length. */
interface Step {
  name: string;
  /** Seconds of output, for the progress. */
  seconds: number;
  run(out: string, signal: AbortSignal, onSeconds: (s: number) => void): Promise<void>;
}

interface Job extends ExportJob {
  ac: AbortController;
  steps: Step[];
  /** The export folder when it was asked for: a later change of folder is for later clips. */
  folder: string;
  /** An evidence export: what its manifest says beyond the outputs. */
  evidence?: { meta: EvidenceMeta; sources: EvidenceSource[] };
}

export class ClipExporter extends EventEmitter<{ changed: [info: ExportsInfo] }> {
  private readonly jobs: Job[] = [];
  private running = false;
  /** Resolves when the running jobs are drained (stop waits on it). */
  private drained: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ExporterDeps) {
    super();
  }

  async info(): Promise<ExportsInfo> {
    const f = await this.deps.folder();
    return {
      folder: f.folder, ...(f.problem ? { folderProblem: f.problem } : {}), namesInSideBySide: await this.deps.namesInSideBySide(),
      jobs: this.jobs.map(({ ac: _a, steps: _s, folder: _f, evidence: _e, ...j }) => ({ ...j, files: [...j.files], notes: [...j.notes] })),
    };
  }

  /** A clip of one recording. */
  async exportClip(req: ClipRequest): Promise<ExportJob> {
    const folder = await this.usableFolder();
    if (req.timelapse) req = { ...req, exact: true };
    if (this.deps.remote?.owns(req.id)) {
      if (req.evidence || req.overlay || req.timelapse) throw new MediaError('out-of-range', 'a recording on another computer is exported as it is made there: no overlay, timelapse or evidence here');
      return this.remoteClip(req, folder);
    }
    const { entry, probe, plan } = await planClip(this.deps, req, { lan: false });
    if (req.evidence) { this.finishedOrThrow([entry]); await this.evidenceFolderFree(folder); }
    const from = req.exact ? req.from : plan.realFrom;
    const container = clipContainer(probe, req.exact);
    const name = exportName(entry.camera, entry.startedAt + from * 1000, entry.startedAt + req.to * 1000, container);
    const notes = req.exact || plan.realFrom === req.from ? [] : [`starts ${(req.from - plan.realFrom).toFixed(2)} s early, at the keyframe before the in point (a copy can only start on one)`];
    const speed = req.timelapse ?? 1;
    const step: Step = {
      name: req.timelapse ? name.replace(/(\.\w+)$/, ` ${req.timelapse}x$1`) : name, seconds: (req.to - from) / speed,
      run: (out, signal, onSeconds) => this.ffmpeg([entry], async (urls, temp) => {
        const parts = [{ url: urls[0]!, probe, from: req.from, to: req.to, keyframe: plan.realFrom }];
        const extras = await this.extrasArgs(entry.camera, [{ ...parts[0]!, entry, from }], req.exact, req, temp, signal);
        return clipArgs({ parts, exact: req.exact, container, out, ...extras, ...(req.crop && req.exact ? { crop: req.crop } : {}) });
      }, signal, onSeconds),
    };
    const evidence = req.evidence ? {
      meta: this.evidenceMeta(req, entry.startedAt + from * 1000, entry.startedAt + req.to * 1000, [entry.camera]),
      sources: [this.evidenceSource(entry)],
    } : undefined;
    return this.enqueue(name.replace(/\.\w+$/, ''), folder, [step], notes, evidence);
  }

  /** An interval on several cameras: one file per camera (and a side-by-side one when asked). */
  async exportClips(req: ClipsRequest): Promise<ExportJob> {
    const folder = await this.usableFolder();
    if (req.timelapse) req = { ...req, exact: true };
    const cameras = await intervalParts({ ...this.deps, isRemote: (id) => this.deps.remote?.owns(id) ?? false }, req);
    if (req.evidence) {
      const remote = cameras.filter((c) => c.remoteParts.length).map((c) => c.camera);
      if (remote.length) throw new MediaError('out-of-range', `${remote.join(', ')}: recorded on another computer; export evidence there`);
      this.finishedOrThrow(cameras.flatMap((c) => c.parts.map((p) => p.entry)));
      await this.evidenceFolderFree(folder);
    }
    const notes: string[] = [];
    const steps: Step[] = [];
    for (const cam of cameras) {
      notes.push(...cam.gaps.map((g) => `${cam.camera}: no recording ${g}`));
      // Another Reelvault's camera: each recording's clip is made there, one file each.
      if (cam.remoteParts.length) {
        notes.push(`${cam.camera}: recorded on another computer, so each of its recordings is its own file${req.sideBySide ? ' and it is not in the side-by-side file' : ''}`);
        for (const p of cam.remoteParts) {
          const clip = { id: p.entry.id, from: p.from, to: p.to, exact: req.exact };
          steps.push(this.remoteStep(exportName(cam.camera, p.entry.startedAt + p.from * 1000, p.entry.startedAt + p.to * 1000, req.exact ? 'mp4' : (await this.deps.remote!.plan(clip)).container), clip));
        }
      }
      if (!cam.parts.length) { if (!cam.remoteParts.length) notes.push(`${cam.camera}: nothing recorded in this interval`); continue; }
      steps.push(...this.cameraSteps(cam, req.exact, notes, req));
    }
    const tracks: SideBySideTrack[] = cameras.filter((c) => !c.remoteParts.length).map((c) => ({ camera: c.camera, parts: c.parts }));
    if (req.sideBySide && tracks.length > 1) {
      const names = await this.deps.namesInSideBySide();
      if (!names) notes.push('side by side: this ffmpeg cannot draw text, so the cameras are not named in it');
      const name = exportName('side by side', req.from, req.to, req.timelapse ? `${req.timelapse}x.mp4` : 'mp4').replace(/\.(\d+x\.mp4)$/, ' $1');
      steps.push({
        name, seconds: (req.to - req.from) / 1000 / (req.timelapse ?? 1),
        run: (out, signal, onSeconds) => this.ffmpeg(cameras.flatMap((c) => c.parts.map((p) => p.entry)), async (urls, temp) => {
          let k = 0;
          const withUrls = tracks.map((t) => ({ ...t, parts: t.parts.map((p) => ({ ...p, url: urls[k++]! })) }));
          // The names go through text files of the job's own folder, removed with it.
          const workDir = path.join(await this.workDir(signal), randomUUID());
          await fs.mkdir(workDir);
          temp.push(workDir);
          const overlay: string[] = [];
          if (req.overlay) {
            for (const t of tracks) {
              const x = await this.extrasArgs(t.camera, t.parts, true, { overlay: req.overlay }, temp, signal);
              overlay.push(...(x.overlay ?? []));
            }
          }
          return sideBySideArgs({
            tracks: withUrls, from: req.from, to: req.to, out, names, fontFile: this.deps.fontFile, workDir,
            ...(overlay.length ? { overlay } : {}), ...(req.timelapse ? { timelapse: req.timelapse } : {}),
          });
        }, signal, onSeconds),
      });
    }
    if (!steps.length) throw new MediaError('out-of-range', 'none of these cameras recorded anything in this interval');
    const evidence = req.evidence ? {
      meta: this.evidenceMeta(req, req.from, req.to, cameras.map((c) => c.camera)),
      sources: cameras.flatMap((c) => c.parts.map((p) => this.evidenceSource(p.entry))),
    } : undefined;
    return this.enqueue(`${cameras.map((c) => c.camera).join(', ')} ${exportName('', req.from, req.to, '').trim().replace(/\.$/, '')}`, folder, steps, notes, evidence);
  }

  /** A clip of another Reelvault's recording: made there (its ffmpeg, its files), downloaded here. */
  private async remoteClip(req: ClipRequest, folder: string): Promise<ExportJob> {
    const entry = this.deps.library.get(req.id);
    if (!entry) throw new MediaError('not-found', 'no such file in the library');
    const plan = await this.deps.remote!.plan(req);
    const from = req.exact ? req.from : plan.realFrom;
    const name = exportName(entry.camera, entry.startedAt + from * 1000, entry.startedAt + req.to * 1000, req.exact ? 'mp4' : plan.container);
    const notes = req.exact || plan.realFrom === req.from ? [] : [`starts ${(req.from - plan.realFrom).toFixed(2)} s early, at the keyframe before the in point (a copy can only start on one)`];
    return this.enqueue(name.replace(/\.\w+$/, ''), folder, [this.remoteStep(name, req)], notes);
  }

  private remoteStep(name: string, req: ClipRequest): Step {
    return {
      name, seconds: req.to - req.from,
      run: (out, signal, onSeconds) => this.deps.remote!.fetch(req, out, signal).then(() => onSeconds(req.to - req.from)),
    };
  }

  cancel(id: string): boolean {
    const job = this.jobs.find((j) => j.id === id);
    if (!job || (job.state !== 'queued' && job.state !== 'running')) return false;
    job.ac.abort();
    if (job.state === 'queued') job.state = 'cancelled';
    void this.changed();
    return true;
  }

  /** The first file of a finished job (for "Show in folder"). */
  /** File n of a finished export, with the folder it must be inside (the owner's download). */
  finishedFile(id: string, n: number): { file: string; folder: string } | null {
    const j = this.jobs.find((x) => x.id === id);
    const file = j?.files[n];
    return j && file ? { file, folder: j.folder } : null;
  }

  fileOf(id: string): string | null {
    return this.jobs.find((j) => j.id === id)?.files[0] ?? null;
  }

  /** Stop everything (quit): running parts are deleted. */
  async stop(): Promise<void> {
    for (const j of this.jobs) if (j.state === 'queued' || j.state === 'running') j.ac.abort();
    await this.drained;
  }

  private cameraSteps(cam: CameraInterval, exact: boolean, notes: string[], extras: Extras = {}): Step[] {
    const probes = cam.parts.map((p) => p.probe);
    // Copies of recordings whose formats differ cannot be one file: one per recording.
    if (!exact && cam.parts.length > 1 && !joinable(probes)) {
      notes.push(`${cam.camera}: its recordings differ in format, so each is its own file`);
      return cam.parts.map((p) => this.partsStep(cam.camera, [p], exact, extras));
    }
    return [this.partsStep(cam.camera, cam.parts, exact, extras)];
  }

  private partsStep(camera: string, parts: CameraInterval['parts'], exact: boolean, extras: Extras = {}): Step {
    const container = parts.length === 1 ? clipContainer(parts[0]!.probe, exact) : exact ? 'mp4' : clipContainer(parts[0]!.probe, false);
    const first = parts[0]!, last = parts[parts.length - 1]!;
    const name = exportName(camera, first.entry.startedAt + first.from * 1000, last.entry.startedAt + last.to * 1000, container);
    const speed = extras.timelapse ?? 1;
    return {
      name: extras.timelapse ? name.replace(/(\.\w+)$/, ` ${extras.timelapse}x$1`) : name, seconds: parts.reduce((s, p) => s + (p.to - p.from), 0) / speed,
      run: (out, signal, onSeconds) => this.ffmpeg(parts.map((p) => p.entry), async (urls, temp) => {
        const withUrls: ClipPart[] = parts.map((p, i) => ({ url: urls[i]!, probe: p.probe, from: p.from, to: p.to }));
        const more = await this.extrasArgs(camera, parts, exact, extras, temp, signal);
        if (parts.length === 1 || exact) return clipArgs({ parts: withUrls, exact, container, out, ...more });
        // The one input allowed the concat demuxer: a script of ours, listing checked files.
        const script = path.join(await this.workDir(signal), `${randomUUID()}.ffconcat`);
        await fs.writeFile(script, concatScript(withUrls));
        temp.push(script);
        return clipArgs({ parts: withUrls, exact, container, out, concatScript: script, ...more });
      }, signal, onSeconds),
    };
  }

  /**
   * The overlay (an exact clip: drawn in) or the timecode track (a fast one: subtitles), and the
   * timelapse speed, for parts of one camera. Their text files go in the job's work folder.
   */
  private async extrasArgs(
    camera: string, parts: ReadonlyArray<{ entry: LibraryEntry; probe: ClipPart['probe']; from: number; to: number }>, exact: boolean, x: Extras,
    temp: string[], signal: AbortSignal,
  ): Promise<{ overlay?: string[]; timecode?: string; timelapse?: number }> {
    const out: { overlay?: string[]; timecode?: string; timelapse?: number } = x.timelapse ? { timelapse: x.timelapse } : {};
    if (!x.overlay) return out;
    const dir = path.join(await this.workDir(signal), randomUUID());
    await fs.mkdir(dir);
    temp.push(dir);
    const zone = this.deps.zone ?? LOCAL_ZONE;
    if (exact) {
      out.overlay = [];
      for (const p of parts) {
        out.overlay.push(await overlayFilter({
          camera, corner: x.overlay, startedAt: p.entry.startedAt, from: p.from, seconds: p.to - p.from,
          fps: p.probe.video?.fps || 25, height: p.probe.video?.height ?? 720, zone, fontFile: this.deps.fontFile,
        }, dir));
      }
      return out;
    }
    // A copy: one cue a second, each part's on from where the one before ended in the file.
    let at = 0;
    const cues = parts.map((p) => {
      const piece = { startMs: p.entry.startedAt + p.from * 1000, seconds: p.to - p.from, at };
      at += p.to - p.from;
      return piece;
    });
    out.timecode = path.join(dir, 'timecode.srt');
    await fs.writeFile(out.timecode, timecodeSrt(cues, zone));
    return out;
  }

  /** An evidence export takes only finished recordings: one still being written would not match its hash tomorrow. */
  private finishedOrThrow(entries: readonly LibraryEntry[]): void {
    const growing = entries.filter((e) => e.status === 'recording');
    if (growing.length) {
      throw new MediaError('out-of-range', `${growing.map((e) => e.filename).join(', ')} ${growing.length > 1 ? 'are' : 'is'} still being recorded: wait until ${growing.length > 1 ? 'they are' : 'it is'} finished, then export the evidence`);
    }
  }

  /** Evidence straight into the chosen folder: refused at once where another export's manifest already lies. */
  private async evidenceFolderFree(folder: string): Promise<void> {
    if (this.deps.evidenceInOwnFolder !== false) return;
    for (const n of EVIDENCE_FILES) {
      if (await fs.lstat(path.join(folder, n)).then(() => true, () => false)) throw new MediaError('out-of-range', `${n} is already in ${folder}: choose an empty folder for evidence`);
    }
  }

  private evidenceMeta(req: ClipRequest | ClipsRequest, from: number, to: number, cameras: string[]): EvidenceMeta {
    const zone = this.deps.zone ?? LOCAL_ZONE;
    return {
      version: APP_VERSION, note: req.evidence?.note ?? '', zone: zone === LOCAL_ZONE ? systemZone() : zone, from, to, cameras,
      exact: req.exact, overlay: req.overlay ?? null, timelapse: req.timelapse ?? null,
    };
  }

  private evidenceSource(entry: LibraryEntry): EvidenceSource {
    return { camera: entry.camera, relPath: entry.relPath, open: () => openEntry(this.deps.library, entry) };
  }

  private async workDir(signal: AbortSignal): Promise<string> {
    signal.throwIfAborted();
    await fs.mkdir(this.deps.workDir, { recursive: true });
    return this.deps.workDir;
  }

  private async usableFolder(): Promise<string> {
    const f = await this.deps.folder();
    if (!f.folder) throw new MediaError('out-of-range', `choose an export folder first${f.problem ? `: ${f.problem}` : ''}`);
    return f.folder;
  }

  /** Runs ffmpeg on the entries' files, opened and checked, at background priority. */
  private async ffmpeg(
    entries: Array<Parameters<typeof openEntry>[1]>, args: (urls: string[], temp: string[]) => string[] | Promise<string[]>,
    signal: AbortSignal, onSeconds: (s: number) => void,
  ): Promise<void> {
    const opened: ContainedFile[] = [];
    /** Files the arguments needed (a concat script, text labels): removed when ffmpeg is done. */
    const temp: string[] = [];
    try {
      for (const e of entries) opened.push(await openEntry(this.deps.library, e));
      const proc = await spawnMedia('ffmpeg', await args(inputUrls(opened), temp), { priority: 'background', inputs: opened, signal, stdout: 'ignore' });
      const progress = new ProgressParser();
      proc.child.stderr?.on('data', (s: Buffer) => { const p = progress.push(String(s)); if (p) onSeconds(p.outTimeSec); });
      const exit = await proc.exited;
      signal.throwIfAborted();
      if (exit.code !== 0) {
        const why = firstMeaningfulLine(proc.stderr().split('\n').filter((l) => !/^\w+=/.test(l)).join('\n'));
        if (/No space left on device|ENOSPC/i.test(proc.stderr())) throw new MediaError('failed', 'the export folder\'s disk is full; nothing was kept');
        throw new MediaError('failed', why ? `ffmpeg could not export it: ${why}` : 'ffmpeg could not export it');
      }
    } finally {
      await Promise.all([...opened.map((o) => o.close()), ...temp.map((f) => fs.rm(f, { recursive: true, force: true }))]);
    }
  }

  private enqueue(label: string, folder: string, steps: Step[], notes: string[], evidence?: Job['evidence']): ExportJob {
    const job: Job = { id: randomUUID().slice(0, 12), label, state: 'queued', progress: 0, etaSec: null, files: [], notes, ac: new AbortController(), steps, folder, ...(evidence ? { evidence } : {}) };
    this.jobs.push(job);
    if (this.jobs.length > 50) this.jobs.splice(0, this.jobs.findIndex((j) => j.state !== 'queued' && j.state !== 'running') + 1 || 0);
    void this.changed();
    void this.pump();
    const { ac: _a, steps: _s, folder: _f, evidence: _e, ...view } = job;
    return { ...view };
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let drained!: () => void;
    this.drained = new Promise((r) => { drained = r; });
    try {
      for (let job = this.next(); job; job = this.next()) await this.runJob(job);
    } finally {
      this.running = false;
      drained();
    }
  }

  private next(): Job | undefined {
    return this.jobs.find((j) => j.state === 'queued');
  }

  private async runJob(job: Job): Promise<void> {
    const { folder } = job;
    job.state = 'running';
    void this.changed();
    const total = job.steps.reduce((s, x) => s + x.seconds, 0) || 1;
    const started = Date.now();
    let done = 0;
    let lastEmit = 0;
    // An evidence export is made whole in a hidden staging folder and moved into place at the end:
    // a cancel, a full disk or a vanished recording leaves no clip and no manifest behind.
    const stage = job.evidence ? path.join(folder, `.${portableName(job.label)}.evidence.part`) : null;
    const dest = stage ?? folder;
    try {
      if (stage) {
        await fs.rm(stage, { recursive: true, force: true });
        await fs.mkdir(stage, { recursive: true });
      }
      for (const step of job.steps) {
        const part = partPath(dest, step.name);
        try {
          await step.run(part, job.ac.signal, (s) => {
            job.progress = Math.min(1, (done + Math.min(s, step.seconds)) / total);
            const elapsed = (Date.now() - started) / 1000;
            job.etaSec = job.progress > 0.02 ? Math.round((elapsed / job.progress) * (1 - job.progress)) : null;
            if (Date.now() - lastEmit > 500) { lastEmit = Date.now(); void this.changed(); }
          });
          job.files.push(await placeFile(part, dest, step.name));
        } finally {
          await fs.rm(part, { force: true });
        }
        done += step.seconds;
      }
      if (stage && job.evidence) job.files = await this.finishEvidence(job, stage);
      job.state = 'done';
      job.progress = 1;
      job.etaSec = 0;
    } catch (err) {
      // Cancelled or failed: the part being written is gone (above); files already finished stay.
      job.state = job.ac.signal.aborted ? 'cancelled' : 'failed';
      if (stage) {
        job.files = [];
        await fs.rm(stage, { recursive: true, force: true });
      }
      if (job.state === 'failed') job.error = err instanceof Error ? err.message : String(err);
    }
    void this.changed();
  }

  /** Hashes, signs and writes the evidence files into the stage, then moves it all into place. */
  private async finishEvidence(job: Job, stage: string): Promise<string[]> {
    if (!this.deps.evidenceKey) throw new MediaError('failed', 'this Reelvault has no evidence signing key');
    const key = await this.deps.evidenceKey();
    const outputs = job.files.map((f) => path.basename(f));
    const bad = outputs.find((n) => !plainName(n));
    if (bad) throw new MediaError('failed', `the clip name ${JSON.stringify(bad)} cannot be listed in SHA256SUMS`);
    const extra = await writeEvidenceFiles(stage, { outputs, sources: job.evidence!.sources, key, meta: job.evidence!.meta, signal: job.ac.signal });
    job.ac.signal.throwIfAborted();
    const names = [...outputs, ...extra];
    if (this.deps.evidenceInOwnFolder !== false) {
      const target = await freeName(job.folder, `${portableName(job.label)} evidence`);
      await fs.rename(stage, target);
      return names.map((n) => path.join(target, n));
    }
    // Straight into the chosen folder: nothing there may be replaced; the manifest's files go last.
    for (const n of names) {
      if (await fs.lstat(path.join(job.folder, n)).then(() => true, () => false)) throw new MediaError('failed', `${n} is already in ${job.folder}: choose an empty folder for evidence`);
    }
    const placed: string[] = [];
    try {
      for (const n of names) {
        await fs.link(path.join(stage, n), path.join(job.folder, n)).catch(async (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') throw new MediaError('failed', `${n} appeared in ${job.folder} while exporting; nothing was kept`);
          await fs.copyFile(path.join(stage, n), path.join(job.folder, n), fs.constants.COPYFILE_EXCL);
        });
        placed.push(path.join(job.folder, n));
      }
    } catch (err) {
      await Promise.all(placed.map((f) => fs.rm(f, { force: true })));
      throw err;
    }
    await fs.rm(stage, { recursive: true, force: true });
    return placed;
  }

  private async changed(): Promise<void> {
    this.emit('changed', await this.info());
  }
}

/** `folder/name`, or `folder/name (2)`… where that exists. */
async function freeName(folder: string, name: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const p = path.join(folder, n === 1 ? name : `${name} (${n})`);
    if (!(await fs.lstat(p).then(() => true, () => false))) return p;
  }
  throw new MediaError('failed', 'too many evidence folders with this name in the export folder');
}
