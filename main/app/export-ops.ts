// The desktop's export operations: clips into the export folder (media/clip-export.ts), the
// list of exports, cancel, "Show in folder", and choosing the folder (never inside a library).
import path from 'node:path';
import type { ClipRequest, ClipsRequest } from '../../contract/api.js';
import { ApiFailure, type DesktopOps } from '../api/service.js';
import type { ClipExporter } from '../media/clip-export.js';
import { exportFolderProblem } from '../media/export-folder.js';
import { MediaError } from '../media/media-error.js';
import type { SettingsStore } from '../settings/settings.js';

export interface ExportOpsDeps {
  exporter: ClipExporter;
  settings: SettingsStore;
  /** The system's folder picker; null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** The system's file manager, showing this file. */
  showItemInFolder(file: string): void;
  /** The library folders (an export folder inside one is refused). */
  libraryRoots(): string[];
}

type ExportOps = Pick<DesktopOps, 'exportClip' | 'exportClips' | 'exports' | 'cancelExport' | 'showExport' | 'chooseExportFolder'>;

/** The media engine's errors in the contract's words. */
async function asApi<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof MediaError)) throw err;
    const code = err.code === 'out-of-range' ? 'bad-request' : err.code === 'not-found' || err.code === 'gone' ? 'not-found' : err.code === 'busy' ? 'busy' : 'failed';
    throw new ApiFailure(code, err.message);
  }
}

export function createExportOps(deps: ExportOpsDeps): ExportOps {
  const ok = <T>(value: T) => ({ ok: true as const, value });
  return {
    exportClip: async (req: ClipRequest) => ok(await asApi(() => deps.exporter.exportClip(req))),
    exportClips: async (req: ClipsRequest) => ok(await asApi(() => deps.exporter.exportClips(req))),
    exports: async () => ok(await deps.exporter.info()),
    async cancelExport(id: string) {
      if (!deps.exporter.cancel(id)) throw new ApiFailure('not-found', 'no such export running or waiting');
      return ok(await deps.exporter.info());
    },
    async showExport(id: string) {
      const file = deps.exporter.fileOf(id);
      if (!file) throw new ApiFailure('not-found', 'that export has no file (yet)');
      deps.showItemInFolder(file);
      return ok(null);
    },
    async chooseExportFolder() {
      const picked = await deps.pickFolder();
      if (!picked) return ok(null);
      const dir = path.resolve(picked);
      const problem = await exportFolderProblem(dir, deps.libraryRoots());
      if (problem) throw new ApiFailure('bad-request', problem);
      await deps.settings.update((s) => ({ ...s, exportFolder: dir }));
      return ok(await deps.exporter.info());
    },
  };
}
