// The desktop app's parts, wired, without Electron: settings, the core, the library runner, the
// contract's service and events with the desktop-only operations, the LAN share switch, the
// first-run demo and "open with". main/index.ts hands it the few things only Electron has (the
// folder picker, the Pictures folder) and connects it to a window; tests drive it directly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SettingsView } from '../../contract/api.js';
import { evidenceKey } from '../util/evidence-key.js';
import { ClipExporter } from '../media/clip-export.js';
import { exportFolderProblem } from '../media/export-folder.js';
import { hasFilter } from '../media/ffmpeg-filters.js';
import type { EventHub } from '../api/event-hub.js';
import { createLiveApi } from '../api/live.js';
import { AuditLog } from '../api/audit-log.js';
import { exportDownloads } from './export-download.js';
import type { ApiService } from '../api/service.js';
import type { Library } from '../library/library.js';
import type { Handler } from '../serve/handler.js';
import { createCore } from '../service/core.js';
import { SettingsStore, type Settings } from '../settings/settings.js';
import { logger } from '../util/log.js';
import { logToFile } from '../util/log-file.js';
import { ensureDemoLibrary } from './demo-library.js';
import { createDesktopOps, settingsView } from './desktop-ops.js';
import { LibraryRunner, type RunnerRoot } from '../service/library-runner.js';
import { openFile, type OpenResult } from './open-file.js';
import { ShareController } from './share-controller.js';

const log = logger('desktop');

export interface DesktopOptions {
  dataDir: string;
  /** The web build, for the share's browser UI. */
  rendererDir?: string;
  pickFolder(): Promise<string | null>;
  picturesDir(): string;
  /** The user's Videos folder: exports go to Videos/Reelvault unless another is chosen. */
  videosDir?(): string;
  /** The system's file manager, showing a file ("Show in folder"). */
  showItemInFolder?(file: string): void;
  /** The font drawn into side-by-side exports (default: the one the app ships). */
  fontFile?: string;
  /** A native yes/no dialog (a dropped folder is added only after it); no by default. */
  confirm?(message: string, yes: string): Promise<boolean>;
  /** With no library folder configured, make and show the demo library (default true). */
  demo?: boolean;
  /** Tests shorten the demo clips. */
  demoClip?: { seconds: number; size: string };
  /** Probe and make thumbnails for the whole library in the background (default true). */
  background?: boolean;
  /** The app in a browser (no Electron): the share always runs, on 127.0.0.1 only. */
  loopbackShare?: boolean;
  /** The share's port instead of the settings' (0: any free one). */
  sharePort?: number;
}

/** The font side-by-side exports name their cameras in: shipped beside the app (resources/fonts). */
const SHIPPED_FONT = (() => {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    ...(packaged ? [path.join(packaged, 'fonts', 'DejaVuSans-Bold.ttf')] : []),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'fonts', 'DejaVuSans-Bold.ttf'),
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources', 'fonts', 'DejaVuSans-Bold.ttf'),
  ];
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[candidates.length - 1]!;
})();

export interface Desktop {
  /** The media handler for the app's own scheme. */
  handler: Handler;
  /** The contract's operations (IPC calls them). */
  service: ApiService;
  /** The contract's events (sent to the window). */
  events: EventHub;
  settings: SettingsStore;
  library: Library;
  /** Clips exported to the export folder; its 'changed' events go to the window. */
  exporter: ClipExporter;
  runner: LibraryRunner;
  share: ShareController;
  /** Every probe and thumbnail queued so far is made (tests). */
  whenIdle(): Promise<void>;
  /** The index is loaded and the first scan has started (it may still be running). */
  ready: Promise<void>;
  /** The loopback share is listening (or could not start), before the folders are ready. */
  shareUp: Promise<void>;
  /** Index a file given from outside and keep it for the page to take (takeOpen). */
  openFile(file: string): Promise<OpenResult>;
  close(): Promise<void>;
}

function runnerRoots(s: Settings): RunnerRoot[] {
  return s.libraryRoots.map((r) => ({
    path: r.path,
    ...(r.label ? { label: r.label } : {}),
    watch: { stabilityMs: r.stabilitySec * 1000, ...(r.network === 'auto' ? {} : { network: r.network === 'yes' }) },
    naming: { timeZone: r.nameTimeZone, cameraLevel: r.cameraLevel },
  }));
}

export async function createDesktop(opts: DesktopOptions): Promise<Desktop> {
  const stopLog = logToFile(path.join(opts.dataDir, 'logs'));
  const settings = await SettingsStore.open(opts.dataDir);
  for (const w of settings.warnings) log.warn(w);
  const s0 = settings.get();
  const core = await createCore({
    dataDir: opts.dataDir,
    local: true,
    limits: { maxTranscodes: s0.transcode.maxConcurrent, reserveLocal: true },
    transcode: () => settings.get().transcode,
    cacheCapBytes: s0.cacheGiB * 1024 ** 3,
  });
  const runner = new LibraryRunner(core, { rescanSec: 300, ...(opts.background === false ? { background: false } : {}) });
  
  let demoRoot: string | null = null;

  /** The folders to show: the configured ones, or the demo while there are none. */
  const applyRoots = async (s: Settings): Promise<void> => {
    if (s.libraryRoots.length || opts.demo === false) {
      demoRoot = null;
      await runner.setRoots(runnerRoots(s));
      return;
    }
    runner.setActivity('Making a demo library with ffmpeg…');
    try {
      demoRoot = await ensureDemoLibrary(opts.dataDir, {
        ...opts.demoClip,
        onProgress: (done, total) => runner.setActivity(`Making a demo library with ffmpeg (${done} of ${total} clips)…`),
      });
    } finally {
      runner.setActivity(null);
    }
    await runner.setRoots([{ path: demoRoot }]);
  };

  /** The export folder: the chosen one, else Videos/Reelvault. */
  const exportFolderPath = (): string => settings.get().exportFolder ?? path.join(opts.videosDir?.() ?? path.join(os.homedir(), 'Videos'), 'Reelvault');
  const audit = AuditLog.open(opts.dataDir);
  const exporter = new ClipExporter({
    library: core.library, probes: core.probes, workDir: path.join(opts.dataDir, 'exports'),
    async folder() {
      const folder = exportFolderPath();
      const problem = await exportFolderProblem(folder, runner.rootPaths);
      return problem ? { folder: null, problem } : { folder };
    },
    namesInSideBySide: () => hasFilter('drawtext'),
    remote: core.remotes.clips,
    fontFile: opts.fontFile ?? SHIPPED_FONT,
    evidenceKey: () => evidenceKey(opts.dataDir),
  });

  /** A file to play, asked for from outside (the command line, a second launch), until the page takes it. */
  let pendingOpen: string | null = null;

  // eslint-disable-next-line prefer-const -- assigned once the live API it needs exists
  let share: ShareController;
  const view = (): SettingsView => ({ ...settingsView(settings.get(), core.library), ...(demoRoot ? { demo: true, libraryRoots: [] } : {}) });
  const live = createLiveApi(core, runner, {
    settings: view,
    audit,
    desktop: createDesktopOps({
      dataDir: opts.dataDir,
      exportFolder: async () => exportFolderPath(),
      settings,
      library: core.library,
      get share() { return share; },
      pickFolder: opts.pickFolder,
      picturesDir: opts.picturesDir,
      exporter,
      showItemInFolder: opts.showItemInFolder ?? (() => undefined),
      libraryRoots: () => runner.rootPaths,
      remotes: core.remotes,
      takeOpen: () => { const id = pendingOpen; pendingOpen = null; return id; },
      confirm: opts.confirm ?? (async () => false),
      openFile: (file) => openFile(file, { library: core.library, runner }),
      async applied(before, after) {
        if (JSON.stringify(before.libraryRoots) !== JSON.stringify(after.libraryRoots)) await applyRoots(after);
        if (before.transcode.maxConcurrent !== after.transcode.maxConcurrent) core.sessions.setLimits({ maxTranscodes: after.transcode.maxConcurrent });
        const shareChanged = before.share.port !== after.share.port || before.share.host !== after.share.host;
        if (shareChanged && share.info().enabled) {
          await share.setEnabled(false);
          await share.setEnabled(true);
        }
      },
    }),
  });
  share = new ShareController({
    core, api: live, dataDir: opts.dataDir, settings: () => settings.get().share, ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
    ...(opts.loopbackShare ? { loopbackOnly: true } : {}),
    ...(opts.sharePort !== undefined ? { port: opts.sharePort } : {}),
    share: { exportFile: exportDownloads(exporter), audit: (e) => audit.record(e) },
  });

  // In a browser the share is the window: it opens first, and the page shows the demo being made.
  const shareUp = opts.loopbackShare ? share.setEnabled(true).then(() => undefined) : Promise.resolve();
  const ready = (async () => {
    await shareUp;
    await applyRoots(s0);
    await core.remotes.start();
    if (s0.share.enabled && !opts.loopbackShare) await share.setEnabled(true);
  })();
  ready.catch((err: unknown) => log.error(`start: ${err instanceof Error ? err.message : String(err)}`));

  return {
    handler: core.handler, service: live.service, events: live.hub, settings, library: core.library, runner, share, ready, shareUp, exporter,
    whenIdle: () => core.queue.whenIdle(),
    openFile: async (file) => {
      await ready.catch(() => undefined);
      const r = await openFile(file, { library: core.library, runner });
      if ('id' in r) pendingOpen = r.id;
      return r;
    },
    async close() {
      await exporter.stop();
      live.close();
      await Promise.all([share.close(), runner.close()]);
      await core.close();
      stopLog();
    },
  };
}
