// The desktop operations an owner's browser needs besides the app's: a folder browser of this
// computer and adding a folder by the path it chose there, and the log file's end (Help → Show
// logs as a page). Adding by path is safe only because every caller of it is the owner: the
// share refuses it to viewers (403) and to pages of other sites.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LogView, SettingsView } from '../../contract/api.js';
import { ApiFailure, type DesktopOps } from '../api/service.js';
import { LOG_FILE } from '../util/log-file.js';
import { browseFolders, rootRefusal } from './folder-browser.js';

export interface OwnerOpsDeps {
  dataDir: string;
  /** The export folder in use (or the default), never a library folder. */
  exportFolder(): Promise<string | null>;
  /** Add a folder to the settings (already checked), with its name, and apply it. */
  add(dir: string, label: string | undefined): Promise<SettingsView>;
  /** The settings now, when the folder is there already. */
  current(): SettingsView;
  hasRoot(dir: string): boolean;
}

const LOG_LINES = 500;

export function createOwnerOps(deps: OwnerOpsDeps): Pick<DesktopOps, 'browseFolders' | 'addRoot' | 'logs'> {
  const ok = <T>(value: T) => ({ ok: true as const, value });
  const forbidden = async () => ({ dataDir: deps.dataDir, exportFolder: await deps.exportFolder() });
  return {
    async browseFolders(dir: string) {
      // An empty path starts at the home folder of the account the share runs as.
      const at = dir.trim() === '' || dir === '~' ? os.homedir() : dir;
      if (!path.isAbsolute(at)) throw new ApiFailure('bad-request', 'browseFolders: the path must be a full path');
      try {
        return ok(await browseFolders(at, await forbidden()));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiFailure('not-found', `${path.resolve(at)} is not a folder`);
        if (code === 'EACCES' || code === 'EPERM') throw new ApiFailure('failed', `${path.resolve(at)} cannot be read by the account Reelvault runs as`);
        throw err;
      }
    },
    async addRoot(dir: string, label?: string) {
      if (!path.isAbsolute(dir)) throw new ApiFailure('bad-request', 'addRoot: the path must be a full path');
      const at = path.resolve(dir);
      const st = await fs.stat(at).catch(() => null);
      if (!st?.isDirectory()) throw new ApiFailure('not-found', `${at} is not a folder`);
      const refused = await rootRefusal(at, await forbidden());
      if (refused) throw new ApiFailure('bad-request', `${at}: ${refused}`);
      if (deps.hasRoot(at)) return ok(deps.current());
      return ok(await deps.add(at, label?.trim() || undefined));
    },
    async logs() {
      const file = path.join(deps.dataDir, 'logs', LOG_FILE);
      let text = '';
      try {
        const h = await fs.open(file, 'r');
        try {
          const { size } = await h.stat();
          const len = Math.min(size, 256 * 1024);
          const buf = Buffer.alloc(len);
          await h.read(buf, 0, len, size - len);
          text = buf.toString('utf8');
        } finally {
          await h.close();
        }
      } catch {
        /* no log yet */
      }
      const lines = text.split('\n').filter(Boolean);
      return ok<LogView>({ file, lines: lines.slice(-LOG_LINES) });
    },
  };
}
