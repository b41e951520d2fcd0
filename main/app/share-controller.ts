// The LAN share as the desktop switches it: on and off, its addresses and pairing link, a new
// token (which unpairs every device). Errors, such as a port in use, are kept in words for the
// settings view rather than thrown.
import type { ShareInfo } from '../../preload/api.js';
import type { LiveApi } from '../api/live.js';
import type { Core } from '../core.js';
import type { Settings } from '../settings/settings.js';
import { startShare, type RunningShare } from '../share/server.js';
import { loadToken, regenerateToken } from '../share/token.js';

export class ShareController {
  private running: RunningShare | null = null;
  private token: string | null = null;
  private error: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { core: Core; api: LiveApi; dataDir: string; settings: () => Settings['share']; rendererDir?: string }) {}

  /** Start or stop to match `enabled`; resolves with what viewers can use now. */
  setEnabled(enabled: boolean): Promise<ShareInfo> {
    return this.serial(async () => {
      if (!enabled) await this.stop();
      else if (!this.running) await this.start();
      return this.info();
    });
  }

  /** A new token: every paired device must pair again. Restarts a running share with it. */
  regenerate(): Promise<ShareInfo> {
    return this.serial(async () => {
      this.token = await regenerateToken(this.deps.dataDir);
      if (this.running) {
        await this.stop();
        await this.start();
      }
      return this.info();
    });
  }

  info(): ShareInfo {
    const urls = this.running?.urls ?? [];
    return {
      enabled: this.running !== null,
      urls,
      pairingUrl: this.running && this.token && urls[0] ? `${urls[0]}pair?token=${this.token}` : null,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  close(): Promise<void> {
    return this.serial(() => this.stop());
  }

  private async start(): Promise<void> {
    const s = this.deps.settings();
    this.token ??= await loadToken(this.deps.dataDir);
    try {
      this.running = await startShare(this.deps.core, {
        token: this.token, host: s.host, port: s.port, allowedHosts: s.allowedHosts, corsOrigins: s.corsOrigins, trustedCidrs: s.trustedCidrs,
        api: this.deps.api, ...(this.deps.rendererDir ? { rendererDir: this.deps.rendererDir } : {}),
      });
      this.error = undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.error = code === 'EADDRINUSE' ? `port ${s.port} and the 20 after it are in use: choose another port`
        : code === 'EACCES' ? `this computer does not allow listening on port ${s.port}: choose a port above 1024`
          : code === 'EADDRNOTAVAIL' ? `this computer has no address ${s.host}`
            : `the share could not start: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  private async stop(): Promise<void> {
    const r = this.running;
    this.running = null;
    await r?.close();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
