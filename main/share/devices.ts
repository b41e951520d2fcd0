// Paired devices and pairing codes, kept in the data folder.
//
// A pairing link carries a short-lived code, never a credential: anyone who sees the link later
// (a browser's history, plain HTTP on the wire) has nothing once it expires. `/pair` exchanges
// the code for a credential of that device alone, so one device can be revoked without
// unpairing the others. Both are stored as SHA-256: every range request checks a credential, so
// a slow password hash has no place here, and 256 random bits need none.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PairedDeviceInfo } from '../../contract/api.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { logger } from '../util/log.js';

const log = logger('share');

/** A pairing code works this long, for any number of devices. */
export const PAIRING_TTL_MS = 15 * 60_000;
/** Last-seen times reach the disk at most this often. */
const TOUCH_SAVE_MS = 60_000;
const MAX_DEVICES = 500;
const MAX_CODES = 50;
/** An expired code is remembered this long, so its link can say "expired" rather than "not valid". */
const EXPIRED_KEPT_MS = 24 * 60 * 60_000;

const DEVICES_FILE = 'share-devices.json';
const CODES_FILE = 'share-pairing.json';

/** A paired device as Settings lists it (the contract's shape). */
export type PairedDevice = PairedDeviceInfo;

interface StoredDevice extends PairedDevice {
  hash: string;
}

interface StoredCode {
  hash: string;
  expiresAt: number;
  /** An owner code (`reelvault pair --owner`): one device pairs with it, then it is spent. */
  owner?: boolean;
}

/** What a pairing code makes: a viewer, an owner, or an owner from this computer's loopback only. */
export type CodeKind = 'viewer' | 'owner' | 'loopback-owner';

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
const random = (bytes: number): string => randomBytes(bytes).toString('base64url');

/** A change to the paired devices that did not reach the disk: it was not made. */
export class DeviceSaveError extends Error {
  constructor(cause: unknown) {
    const why = (cause as NodeJS.ErrnoException)?.code === 'ENOSPC' ? 'the disk is full' : cause instanceof Error ? cause.message : String(cause);
    super(`the paired devices could not be saved (${why}); nothing was changed`);
  }
}

/** Why a pairing code did not work: never issued here (mistyped, cut short), or issued and expired. */
export type CodeRefusal = 'unknown' | 'expired';

/** The device label a browser gives: its name and platform from User-Agent, in a few words. */
export function labelFromUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser) return os ? `${browser} on ${os}` : browser;
  return cleanLabel(ua.split(/[ /]/)[0] ?? '') || 'Unknown device';
}

/** What a program may call itself: printable, short. */
export function cleanLabel(label: string): string {
  return label.replace(/[^\p{L}\p{N} ._()-]/gu, '').trim().slice(0, 60);
}

export class DeviceStore {
  private devices: StoredDevice[] = [];
  private touchTimer: NodeJS.Timeout | null = null;
  /** Changes, one after another: each is written before the next one reads the list. */
  private changes: Promise<unknown> = Promise.resolve();
  /** Owner codes are spent one at a time, so two devices racing with one link cannot both pair. */
  private spending: Promise<unknown> = Promise.resolve();
  /**
   * The loopback owner link's code (`npm start` without Electron): held in memory, so it lasts
   * exactly as long as the process and never reaches the disk; spent by the first device.
   */
  private loopbackOwnerHash: Buffer | null = null;

  private constructor(private readonly dir: string, readonly shareId: string) {}

  static async open(dataDir: string): Promise<DeviceStore> {
    let raw: { shareId?: unknown; devices?: unknown } = {};
    try {
      raw = JSON.parse(await fs.readFile(path.join(dataDir, DEVICES_FILE), 'utf8')) as typeof raw;
    } catch {
      /* first use */
    }
    const shareId = typeof raw.shareId === 'string' && /^[A-Za-z0-9_-]{16,32}$/.test(raw.shareId) ? raw.shareId : random(12);
    const store = new DeviceStore(dataDir, shareId);
    if (Array.isArray(raw.devices)) {
      store.devices = (raw.devices as StoredDevice[]).filter((d) => typeof d?.id === 'string' && typeof d.hash === 'string' && /^[0-9a-f]{64}$/.test(d.hash));
    }
    if (raw.shareId !== shareId) await store.save();
    return store;
  }

  list(): PairedDevice[] {
    return this.devices.map(({ hash: _h, ...d }) => d);
  }

  /** A fresh pairing code (also written by `reelvault pair` from another process). */
  static async newPairingCode(dataDir: string, now = Date.now()): Promise<string> {
    const code = random(16);
    const codes = (await readCodes(dataDir)).filter((c) => c.expiresAt > now - EXPIRED_KEPT_MS).slice(-(MAX_CODES - 1));
    codes.push({ hash: sha256(code).toString('hex'), expiresAt: now + PAIRING_TTL_MS });
    await writeFileAtomic(path.join(dataDir, CODES_FILE), JSON.stringify({ codes }));
    return code;
  }

  newPairingCode(now = Date.now()): Promise<string> {
    return DeviceStore.newPairingCode(this.dir, now);
  }

  /** A one-time owner code (`reelvault pair --owner`), valid 15 minutes, written for a running share. */
  static async newOwnerCode(dataDir: string, now = Date.now()): Promise<string> {
    const code = random(16);
    const codes = (await readCodes(dataDir)).filter((c) => c.expiresAt > now - EXPIRED_KEPT_MS).slice(-(MAX_CODES - 1));
    codes.push({ hash: sha256(code).toString('hex'), expiresAt: now + PAIRING_TTL_MS, owner: true });
    await writeFileAtomic(path.join(dataDir, CODES_FILE), JSON.stringify({ codes }));
    return code;
  }

  /** The loopback owner code: replaces any earlier one, lives while this process does, works once. */
  newLoopbackOwnerCode(): string {
    const code = random(16);
    this.loopbackOwnerHash = sha256(code);
    return code;
  }

  /** What a code would make, or null when it is not valid now (then `redeem` refuses it too). */
  async codeKind(code: string | null | undefined, now = Date.now()): Promise<CodeKind | null> {
    if (!code) return null;
    const given = sha256(code);
    if (this.loopbackOwnerHash && timingSafeEqual(this.loopbackOwnerHash, given)) return 'loopback-owner';
    const c = (await readCodes(this.dir)).find((x) => x.expiresAt > now && timingSafeEqual(Buffer.from(x.hash, 'hex'), given));
    return c ? (c.owner ? 'owner' : 'viewer') : null;
  }

  /**
   * Exchange an owner code for an owner device, spending the code first: null when it is not
   * (or no longer) an owner code. The caller has checked where the request came from.
   */
  async redeemOwner(code: string, label: string, address: string, now = Date.now()): Promise<{ device: PairedDevice; credential: string } | null> {
    const run = this.spending.then(async () => {
      const given = sha256(code);
      if (this.loopbackOwnerHash && timingSafeEqual(this.loopbackOwnerHash, given)) {
        this.loopbackOwnerHash = null;
      } else {
        const codes = await readCodes(this.dir);
        const i = codes.findIndex((c) => c.owner && c.expiresAt > now && timingSafeEqual(Buffer.from(c.hash, 'hex'), given));
        if (i < 0) return null;
        codes.splice(i, 1);
        await writeFileAtomic(path.join(this.dir, CODES_FILE), JSON.stringify({ codes }));
      }
      return this.add(label, address, now, { owner: true });
    });
    this.spending = run.catch(() => undefined);
    return run;
  }

  /**
   * Exchange a pairing code for a new device's credential, or null when the code is unknown or
   * expired. The codes are read from disk each time, so a code `reelvault pair` made works at once.
   */
  async redeem(
    code: string, label: string, address: string, now = Date.now(), opts: { reshares?: boolean } = {},
  ): Promise<{ device: PairedDevice; credential: string } | null> {
    const given = sha256(code);
    const valid = (await readCodes(this.dir)).some((c) => !c.owner && c.expiresAt > now && timingSafeEqual(Buffer.from(c.hash, 'hex'), given));
    if (!valid) return null;
    return this.add(label, address, now, opts);
  }

  /** Why `redeem` refused a code: one that was real says "expired", anything else "not valid". */
  async whyRefused(code: string | null | undefined, now = Date.now()): Promise<CodeRefusal> {
    if (!code) return 'unknown';
    const given = sha256(code);
    const known = (await readCodes(this.dir)).some((c) => c.expiresAt <= now && timingSafeEqual(Buffer.from(c.hash, 'hex'), given));
    return known ? 'expired' : 'unknown';
  }

  /** A device paired by other means (an old master-token cookie being exchanged). */
  async add(
    label: string, address: string, now = Date.now(), opts: { reshares?: boolean; owner?: boolean } = {},
  ): Promise<{ device: PairedDevice; credential: string }> {
    const credential = random(32);
    const d: StoredDevice = {
      id: random(9), hash: sha256(credential).toString('hex'), label: cleanLabel(label) || 'Unknown device', createdAt: now, lastSeenAt: now, address,
      ...(opts.reshares ? { reshares: true } : {}),
      ...(opts.owner ? { owner: true } : {}),
    };
    await this.change((devices) => {
      const next = [...devices, d];
      if (next.length > MAX_DEVICES) next.sort((a, b) => b.lastSeenAt - a.lastSeenAt).splice(MAX_DEVICES);
      return next;
    });
    const { hash: _h, ...device } = d;
    return { device, credential };
  }

  /** The device a credential belongs to, compared in constant time; null when none. */
  authenticate(credential: string | null | undefined): PairedDevice | null {
    if (!credential) return null;
    const given = sha256(credential);
    let found: StoredDevice | null = null;
    for (const d of this.devices) if (timingSafeEqual(Buffer.from(d.hash, 'hex'), given)) found = d;
    if (!found) return null;
    const { hash: _h, ...device } = found;
    return device;
  }

  /** Remember when and from where a device was last seen (saved at most once a minute). */
  touch(id: string, address: string, now = Date.now()): void {
    const d = this.devices.find((x) => x.id === id);
    if (!d) return;
    const moved = d.address !== address;
    d.lastSeenAt = now;
    d.address = address;
    if (moved) { this.saveSeen(); return; }
    this.touchTimer ??= setTimeout(() => { this.touchTimer = null; this.saveSeen(); }, TOUCH_SAVE_MS);
    this.touchTimer.unref();
  }

  /** Unpair a device: saved first, or it stays paired and this throws a DeviceSaveError. */
  async revoke(id: string): Promise<boolean> {
    let found = false;
    await this.change((devices) => {
      found = devices.some((d) => d.id === id);
      return found ? devices.filter((d) => d.id !== id) : null;
    });
    if (found) this.tellRevoked([id]);
    return found;
  }

  async revokeAll(): Promise<void> {
    let ids: string[] = [];
    await this.change((devices) => {
      ids = devices.map((d) => d.id);
      return [];
    });
    this.tellRevoked(ids);
  }

  private readonly revokedListeners = new Set<(id: string) => void>();

  /** Hears each device unpaired (the share ends its open event streams at once). */
  onRevoked(listener: (id: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => { this.revokedListeners.delete(listener); };
  }

  private tellRevoked(ids: string[]): void {
    for (const id of ids) for (const l of this.revokedListeners) l(id);
  }

  /**
   * A pairing or an unpairing is answered only once it is on disk: `edit` gives the new list (or
   * null for no change), which is written first and only then becomes the list in memory. So a
   * failed write (a full disk) changes nothing, and says so with a DeviceSaveError.
   */
  private change(edit: (devices: readonly StoredDevice[]) => StoredDevice[] | null): Promise<void> {
    const run = this.changes.then(async () => {
      const next = edit(this.devices);
      if (!next) return;
      await this.write(next);
      this.devices = next;
    });
    this.changes = run.catch(() => undefined);
    return run;
  }

  private async write(devices: readonly StoredDevice[]): Promise<void> {
    try {
      await writeFileAtomic(path.join(this.dir, DEVICES_FILE), JSON.stringify({ shareId: this.shareId, devices }));
    } catch (err) {
      throw new DeviceSaveError(err);
    }
  }

  /** Write the list as it is (the share's id, last-seen times); throws a DeviceSaveError. */
  save(): Promise<void> {
    return this.change((devices) => [...devices]);
  }

  /** Last-seen times are a convenience: a failed write is logged and tried again later. */
  private saveSeen(): void {
    this.save().catch((err: unknown) => log.warn(String(err instanceof Error ? err.message : err)));
  }

  async close(): Promise<void> {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    await this.save().catch((err: unknown) => log.warn(String(err instanceof Error ? err.message : err)));
  }
}

async function readCodes(dataDir: string): Promise<StoredCode[]> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(dataDir, CODES_FILE), 'utf8')) as { codes?: StoredCode[] };
    return (raw.codes ?? []).filter((c) => typeof c?.hash === 'string' && /^[0-9a-f]{64}$/.test(c.hash) && typeof c.expiresAt === 'number')
      .map((c) => ({ hash: c.hash, expiresAt: c.expiresAt, ...(c.owner === true ? { owner: true } : {}) }));
  } catch {
    return [];
  }
}
