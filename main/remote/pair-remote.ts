// Pairing with another Reelvault's share from its pairing link: its /health first (a Reelvault,
// of this API version), then POST /pair. The credential it gives is kept in the data folder
// (remotes.json, mode 0600) by the remote's share id, so later starts need no link: a pairing
// code lasts 15 minutes, a systemd restart must not need one.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { API_VERSION } from '../../contract/operations.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { ANY_SHARE, readCapped, remoteRequest, RemoteError, REMOTE_CAPS, type RemoteTarget } from './remote-client.js';

export interface RemoteRecord extends Required<RemoteTarget> {
  /** Short, URL-safe, stable: ids of its files are `<key>.<remote id>`. */
  key: string;
  /** What the remote calls itself (its host, unless renamed). */
  label: string;
  deviceId: string;
  version: string;
  pairedAt: number;
}

const FILE = 'remotes.json';

/** The source key of a share: from its id, so the same remote keeps its key (and its ids). */
export function sourceKey(shareId: string): string {
  return `r${createHash('sha256').update(shareId).digest('base64url').replace(/[-_]/g, '').slice(0, 7)}`;
}

/** http(s)://host:port/pair?code=… → where, and the code; an error in words otherwise. */
export function parsePairingLink(link: string): { origin: string; host: string; code: string } {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new RemoteError('failed', 'that is not a pairing link (it looks like http://192.168.1.20:8080/pair?code=…)');
  }
  const code = url.searchParams.get('code');
  if (!/^https?:$/.test(url.protocol) || url.pathname !== '/pair' || !code || url.username || url.password) {
    throw new RemoteError('failed', 'that is not a pairing link (it looks like http://192.168.1.20:8080/pair?code=…)');
  }
  return { origin: url.origin, host: url.hostname.replace(/^\[|\]$/g, ''), code };
}

/** Pair with the share behind `link` as a device named `label`; the record to keep. */
export async function pairWithLink(link: string, label: string, opts: { resolve?: (host: string) => Promise<string> } = {}): Promise<RemoteRecord> {
  const { origin, host, code } = parsePairingLink(link);
  const address = net.isIP(host) ? host : await (opts.resolve ?? (async (h) => (await lookup(h)).address))(host).catch(() => {
    throw new RemoteError('offline', `${host} could not be found on the network`);
  });
  // /health needs no credential and names the share: from then on every answer must name it too.
  const health = await readHealth(origin, address);
  const target: RemoteTarget = { origin, address, shareId: health.shareId };
  const res = await remoteRequest(target, '/pair', { method: 'POST', body: JSON.stringify({ code, label, kind: 'reelvault' }), pass401: true });
  const body = parseJson(await readCapped(res, REMOTE_CAPS.json, 'answer')) as { credential?: unknown; deviceId?: unknown; message?: unknown };
  if (res.statusCode !== 200 || typeof body.credential !== 'string' || typeof body.deviceId !== 'string') {
    throw new RemoteError('unauthorized', typeof body.message === 'string' ? `the other Reelvault refused: ${body.message}` : 'the other Reelvault refused to pair');
  }
  return {
    ...target, shareId: health.shareId, credential: body.credential, deviceId: body.deviceId, key: sourceKey(health.shareId),
    label: host, version: health.version, pairedAt: Date.now(),
  };
}

/** The remote's /health: a Reelvault of this API version, and its share id. */
async function readHealth(origin: string, address: string): Promise<{ shareId: string; version: string }> {
  const notUs = new RemoteError('not-reelvault', `${origin} is not a Reelvault share`);
  const res = await remoteRequest({ origin, address, shareId: ANY_SHARE }, '/health');
  const h = parseJson(await readCapped(res, 64 * 1024, 'health answer')) as { app?: unknown; version?: unknown; apiVersion?: unknown; shareId?: unknown };
  if (h.app !== 'reelvault' || typeof h.shareId !== 'string' || res.headers['x-reelvault-share'] !== h.shareId) throw notUs;
  if (h.apiVersion !== API_VERSION) throw new RemoteError('failed', `That Reelvault is version ${typeof h.version === 'string' ? h.version : 'unknown'}; update it`);
  return { shareId: h.shareId, version: typeof h.version === 'string' ? h.version : '' };
}

function parseJson(b: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(b.toString('utf8')) as unknown;
    if (v && typeof v === 'object') return v as Record<string, unknown>;
  } catch { /* below */ }
  throw new RemoteError('bad-answer', 'the other Reelvault answered with something that is not JSON');
}

/** The remotes this app has paired with, in the data folder (mode 0600: it holds credentials). */
export class RemoteStore {
  private constructor(private readonly file: string, private records: RemoteRecord[]) {}

  static async open(dataDir: string): Promise<RemoteStore> {
    const file = path.join(dataDir, FILE);
    let records: RemoteRecord[] = [];
    try {
      const raw = JSON.parse(await fs.readFile(file, 'utf8')) as { remotes?: unknown };
      if (Array.isArray(raw.remotes)) records = raw.remotes.filter(isRecord);
    } catch { /* none yet */ }
    return new RemoteStore(file, records);
  }

  list(): RemoteRecord[] {
    return [...this.records];
  }

  byShare(shareId: string): RemoteRecord | undefined {
    return this.records.find((r) => r.shareId === shareId);
  }

  /** Keep (or replace, for the same share) a paired remote. */
  async put(r: RemoteRecord): Promise<void> {
    this.records = [...this.records.filter((x) => x.shareId !== r.shareId), r];
    await writeFileAtomic(this.file, JSON.stringify({ remotes: this.records }, null, 1));
  }

  async remove(key: string): Promise<void> {
    this.records = this.records.filter((x) => x.key !== key);
    await writeFileAtomic(this.file, JSON.stringify({ remotes: this.records }, null, 1));
  }
}

function isRecord(x: unknown): x is RemoteRecord {
  const r = x as Partial<RemoteRecord> | null;
  return !!r && typeof r.origin === 'string' && typeof r.address === 'string' && typeof r.shareId === 'string'
    && typeof r.credential === 'string' && typeof r.key === 'string' && /^[A-Za-z0-9]{2,16}$/.test(r.key);
}
