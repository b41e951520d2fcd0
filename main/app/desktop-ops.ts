// The operations only the person at the desktop may use: settings, library folders (through the
// system's folder picker: a sandboxed page never sees paths it could invent), the share switch
// and token, and snapshots saved to the Pictures folder, never into a library folder.
import { isRemoteRoot } from '../library/sources.js';
import type { RemoteSources } from '../remote/remote-sources.js';
import { createRemoteOps } from './remote-ops.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ZodError } from 'zod';
import type { DropResult, SettingsPatch, SettingsView, SnapshotRequest } from '../../contract/api.js';
import type { OpenResult } from './open-file.js';
import { ApiFailure, type DesktopOps } from '../api/service.js';
import type { Library } from '../library/library.js';
import { rootLabel } from '../library/naming.mjs';
import type { Settings, SettingsInput, SettingsStore } from '../settings/settings.js';
import type { ShareController } from './share-controller.js';
import { createExportOps, type ExportOpsDeps } from './export-ops.js';
import { createOwnerOps } from './owner-ops.js';
import { createEvidenceOps } from './evidence-ops.js';

export function settingsView(s: Settings, library: Library): SettingsView {
  return {
    libraryRoots: s.libraryRoots.map((r) => ({
      path: r.path, rootId: library.rootId(r.path), label: rootLabel(r.path, r.label), stabilitySec: r.stabilitySec, network: r.network,
      nameTimeZone: r.nameTimeZone, cameraLevel: r.cameraLevel,
    })),
    transcode: { ...s.transcode },
    share: { enabled: s.share.enabled, port: s.share.port, keepSharingWhenClosed: s.share.keepSharingWhenClosed },
    cacheGiB: s.cacheGiB,
    preparePlayback: s.preparePlayback,
    viewerBookmarks: s.viewerBookmarks,
  };
}

export interface DesktopDeps extends Omit<ExportOpsDeps, 'settings' | 'pickFolder'> {
  /** The file the desktop was asked to open, taken by the page once (null when none waits). */
  takeOpen(): string | null;
  /** A native yes/no dialog: the page may name a path, only the person at the desktop says yes to it. */
  confirm(message: string, yes: string): Promise<boolean>;
  /** Index a dropped video as "Open with" does (desktop.ts). */
  openFile(file: string): Promise<OpenResult>;
  settings: SettingsStore;
  library: Library;
  share: ShareController;
  /** The system's folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** The user's Pictures folder. */
  picturesDir(): string;
  /** Settings changed: roots, limits and quality are applied by the app. */
  applied(before: Settings, after: Settings): Promise<void>;
  remotes: RemoteSources;
  /** The data folder (never a library folder; its logs are Help → Show logs; the evidence signing key lives there). */
  dataDir: string;
  /** The export folder in use, or null when none can be used. */
  exportFolder(): Promise<string | null>;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function createDesktopOps(deps: DesktopDeps): DesktopOps {
  // The patch is checked by the settings schema (values the contract types loosely, like a
  // preset name, are refused there with the reason).
  const change = async (fn: (s: Settings) => unknown): Promise<SettingsView> => {
    const before = deps.settings.get();
    let after: Settings;
    try {
      after = await deps.settings.update((s) => fn(s) as SettingsInput);
    } catch (err) {
      if (err instanceof ZodError) {
        const issue = err.issues[0];
        throw new ApiFailure('bad-request', `${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
      }
      throw err;
    }
    await deps.applied(before, after);
    return settingsView(after, deps.library);
  };
  const ok = <T>(value: T) => ({ ok: true as const, value });

  return {
    ...createExportOps({ ...deps, pickFolder: deps.pickFolder }),
    ...createRemoteOps(deps.remotes),
    ...createOwnerOps({
      dataDir: deps.dataDir,
      exportFolder: deps.exportFolder,
      hasRoot: (dir) => deps.settings.get().libraryRoots.some((r) => r.path === dir),
      current: () => settingsView(deps.settings.get(), deps.library),
      add: (dir, label) => change((s) => ({ ...s, libraryRoots: [...s.libraryRoots, { path: dir, ...(label ? { label } : {}) }] })),
    }),
    ...createEvidenceOps(deps),
    takeOpen: async () => ok(deps.takeOpen()),
    async revealFile(id: string) {
      const e = deps.library.get(id);
      if (!e) throw new ApiFailure('not-found', 'no such file in the library');
      if (isRemoteRoot(e.root)) throw new ApiFailure('unavailable', 'this recording is on another computer');
      deps.showItemInFolder(deps.library.pathOf(e));
      return ok(null);
    },
    async filePath(id: string) {
      const e = deps.library.get(id);
      if (!e) throw new ApiFailure('not-found', 'no such file in the library');
      if (isRemoteRoot(e.root)) throw new ApiFailure('unavailable', 'this recording is on another computer');
      return ok(deps.library.pathOf(e));
    },
    async openDropped(paths: string[]) {
      const result: DropResult = { refused: [] };
      for (const p of paths) {
        const abs = path.resolve(p);
        const st = await fs.stat(abs).catch(() => null);
        if (!st) { result.refused.push(`${abs} does not exist`); continue; }
        if (st.isDirectory()) {
          if (deps.settings.get().libraryRoots.some((r) => r.path === abs)) continue;
          // The path came from the page: only the person at the desktop, in a native dialog, adds it.
          if (!(await deps.confirm(`Add the folder ${abs} to the library? Reelvault only reads it: nothing is written there.`, 'Add folder'))) {
            result.refused.push(`${abs} was not added`);
            continue;
          }
          result.settings = await change((s) => ({ ...s, libraryRoots: [...s.libraryRoots, { path: abs }] }));
          continue;
        }
        const opened = await deps.openFile(abs);
        if ('id' in opened) result.play ??= opened.id;
        else result.refused.push(opened.error);
      }
      return ok(result);
    },
    async updateSettings(patch: SettingsPatch) {
      // Folders come only from the folder picker (chooseFolder) and leave by removeRoot: a page
      // must not be able to point the library at a path it made up.
      if (patch.libraryRoots) {
        const now = deps.settings.get().libraryRoots.map((r) => r.path);
        const asked = patch.libraryRoots.map((r) => r.path);
        if (asked.length !== now.length || asked.some((p) => !now.includes(p)) || new Set(asked).size !== asked.length) {
          throw new ApiFailure('bad-request', 'library folders are added with "Add folder…" and removed with "Remove"; here only their options change');
        }
      }
      return ok(await change((s) => ({
        ...s,
        // An emptied name gives the folder its own name back.
        ...(patch.libraryRoots ? {
          libraryRoots: patch.libraryRoots.map(({ label, ...r }) => {
            const was = s.libraryRoots.find((x) => x.path === r.path);
            return { ...was, ...r, label: label === undefined ? was?.label : label.trim() || undefined };
          }),
        } : {}),
        transcode: { ...s.transcode, ...patch.transcode },
        share: { ...s.share, ...patch.share },
        ...(patch.cacheGiB !== undefined ? { cacheGiB: patch.cacheGiB } : {}),
        ...(patch.preparePlayback !== undefined ? { preparePlayback: patch.preparePlayback } : {}),
        ...(patch.viewerBookmarks !== undefined ? { viewerBookmarks: patch.viewerBookmarks } : {}),
      })));
    },

    async chooseFolder() {
      const picked = await deps.pickFolder();
      if (!picked) return ok(null);
      const dir = path.resolve(picked);
      const st = await fs.stat(dir).catch(() => null);
      if (!st?.isDirectory()) throw new ApiFailure('not-found', `${dir} is not a folder`);
      if (deps.settings.get().libraryRoots.some((r) => r.path === dir)) return ok(settingsView(deps.settings.get(), deps.library));
      return ok(await change((s) => ({ ...s, libraryRoots: [...s.libraryRoots, { path: dir }] })));
    },

    async removeRoot(root: string) {
      if (!deps.settings.get().libraryRoots.some((r) => r.path === root)) throw new ApiFailure('not-found', `${root} is not a library folder`);
      return ok(await change((s) => ({ ...s, libraryRoots: s.libraryRoots.filter((r) => r.path !== root) })));
    },

    async setShareEnabled(enabled: boolean) {
      await deps.settings.update((s) => ({ ...s, share: { ...s.share, enabled } }));
      return ok(await deps.share.setEnabled(enabled));
    },

    async shareInfo() {
      return ok(deps.share.info());
    },

    async regenerateToken() {
      return ok(await deps.share.regenerate());
    },

    async pairDevice() {
      return ok(await deps.share.pairDevice());
    },

    async revokeDevice(id: string) {
      const info = await deps.share.revoke(id);
      if (!info) throw new ApiFailure('not-found', 'that device is not paired (any more)');
      return ok(info);
    },

    async revokeAllDevices() {
      return ok(await deps.share.revokeAll());
    },

    async saveSnapshot(req: SnapshotRequest) {
      const png = Buffer.from(req.png.buffer, req.png.byteOffset, req.png.byteLength);
      if (!png.subarray(0, 8).equals(PNG)) throw new ApiFailure('bad-request', 'the snapshot is not a PNG picture');
      const e = deps.library.get(req.id);
      if (!e) throw new ApiFailure('not-found', 'no such file in the library');
      const dir = path.join(deps.picturesDir(), 'Reelvault');
      await fs.mkdir(dir, { recursive: true });
      const safe = (s: string) => s.replace(/[^\p{L}\p{N}._ -]+/gu, '_').slice(0, 80);
      const stamp = `${Math.floor(req.positionSec / 60)}m${(req.positionSec % 60).toFixed(1).padStart(4, '0')}s`;
      const base = `${safe(e.camera)} ${safe(e.filename.replace(/\.[^.]+$/, ''))} ${stamp}`;
      // Never over an earlier snapshot: " (2)", " (3)"… as file managers do.
      for (let n = 1; n < 1000; n++) {
        const file = path.join(dir, `${base}${n > 1 ? ` (${n})` : ''}.png`);
        try {
          await fs.writeFile(file, png, { flag: 'wx' });
          return ok({ savedTo: file });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ApiFailure('failed', `the snapshot could not be saved in ${dir}: ${(err as Error).message}`);
        }
      }
      throw new ApiFailure('failed', `too many snapshots named ${base} in ${dir}`);
    },
  };
}
