// The LAN share as the desktop switches it: on and off, its addresses, a pairing link (with its
// QR code) for the next device, the paired devices and their revocation, and a new bearer token
// for scripts. Errors, such as a port in use, are kept in words for the settings view.
import type { ShareInfo } from '../../contract/api.js';
import type { LiveApi } from '../api/live.js';
import type { Core } from '../service/core.js';
import type { Settings } from '../settings/settings.js';
import { DeviceStore, PAIRING_TTL_MS } from '../share/devices.js';
import { qrSvgDataUrl } from '../share/qr.js';
import { pairingLinkFor, startShare, type RunningShare, type ShareOptions } from '../share/server.js';
import { loadToken, regenerateToken } from '../share/token.js';

export class ShareController {
  private running: RunningShare | null = null;
  private devices: DeviceStore | null = null;
  private token: string | null = null;
  private error: string | undefined;
  private pairing: { url: string; qr: string; expiresAt: number } | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(info: ShareInfo) => void>();

  constructor(private readonly deps: {
    core: Core; api: LiveApi; dataDir: string; settings: () => Settings['share']; rendererDir?: string;
    /** Only on this computer's loopback, whatever the settings say (`npm start` without Electron). */
    loopbackOnly?: boolean;
    /** A port instead of the settings' (0: any free one; tests). */
    port?: number;
    share?: Pick<ShareOptions, 'exportFile' | 'audit'>;
  }) {}

  /**
   * The owner link for this computer's browser: works once, from 127.0.0.1 only, for as long as
   * this process runs. Null while the share is off.
   */
  async ownerLink(): Promise<string | null> {
    const base = this.running?.urls[0];
    if (!base) return null;
    return pairingLinkFor(base, (await this.store()).newLoopbackOwnerCode());
  }

  /** Start or stop to match `enabled`; resolves with what viewers can use now. */
  setEnabled(enabled: boolean): Promise<ShareInfo> {
    return this.serial(async () => {
      if (!enabled) await this.stop();
      else if (!this.running) await this.start();
      return this.info();
    });
  }

  /** A new bearer token (scripts, the old dashboard). Paired devices keep their own credentials. */
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

  /** A fresh pairing link, valid 15 minutes for any number of devices. */
  pairDevice(): Promise<ShareInfo> {
    return this.serial(async () => {
      await this.newPairing();
      return this.info();
    });
  }

  /** Unpair one device: its credential stops working, its videos stop. Null when unknown. */
  revoke(id: string): Promise<ShareInfo | null> {
    return this.serial(async () => {
      const devices = await this.store();
      if (!(await devices.revoke(id))) return null;
      this.forget(id);
      return this.info();
    });
  }

  revokeAll(): Promise<ShareInfo> {
    return this.serial(async () => {
      const devices = await this.store();
      const ids = devices.list().map((d) => d.id);
      await devices.revokeAll();
      for (const id of ids) this.forget(id);
      return this.info();
    });
  }

  info(): ShareInfo {
    const urls = this.running?.urls ?? [];
    const pairing = this.running && this.pairing && this.pairing.expiresAt > Date.now() ? this.pairing : null;
    return {
      enabled: this.running !== null,
      urls,
      pairingUrl: pairing?.url ?? null,
      pairingQr: pairing?.qr ?? null,
      pairingExpiresAt: pairing?.expiresAt ?? null,
      devices: this.devices?.list() ?? [],
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Hears every change (on, off, pairing, devices), from Settings or the tray alike. */
  onChange(listener: (info: ShareInfo) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.stop();
      await this.devices?.close();
    });
  }

  private forget(device: string): void {
    this.deps.core.sessions.endDevice(device);
    this.deps.core.viewers.positions.forgetDevice(device);
  }

  private async store(): Promise<DeviceStore> {
    this.devices ??= await DeviceStore.open(this.deps.dataDir);
    return this.devices;
  }

  private async newPairing(): Promise<void> {
    const base = this.running?.urls[0];
    if (!base) { this.pairing = null; return; }
    const url = pairingLinkFor(base, await (await this.store()).newPairingCode());
    this.pairing = { url, qr: qrSvgDataUrl(url), expiresAt: Date.now() + PAIRING_TTL_MS };
  }

  private async start(): Promise<void> {
    const s = this.deps.settings();
    this.token ??= await loadToken(this.deps.dataDir);
    try {
      this.running = await startShare(this.deps.core, {
        token: this.token, devices: await this.store(), host: this.deps.loopbackOnly ? '127.0.0.1' : s.host, port: this.deps.port ?? s.port, ...this.deps.share,
        allowedHosts: s.allowedHosts, corsOrigins: s.corsOrigins, trustedCidrs: s.trustedCidrs,
        api: this.deps.api, ...(this.deps.rendererDir ? { rendererDir: this.deps.rendererDir } : {}),
      });
      this.error = undefined;
      await this.newPairing();
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
    this.queue = p.catch(() => undefined).then(() => {
      const info = this.info();
      // A listener's failure must not stall the queue.
      for (const l of this.listeners) { try { l(info); } catch { /* its own business */ } }
    });
    return p;
  }
}
