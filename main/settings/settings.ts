// Settings: typed by one schema, validated on read and write, written atomically. A file that
// cannot be read as settings is moved aside (kept for the user) and defaults are used.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { moveAside, writeFileAtomic } from '../util/atomic-write.js';
import { isCidr } from '../util/cidr.js';
import { isKnownZone, LOCAL_ZONE } from '../util/time-zone.js';

const LibraryRoot = z.object({
  /** Absolute path of a library folder. */
  path: z.string().min(1).refine((p) => path.isAbsolute(p), 'must be an absolute path'),
  /** What viewers call it; its folder name when not set. */
  label: z.string().trim().min(1).max(80).optional(),
  /** Seconds a file must stay unchanged before it counts as a finished recording. */
  stabilitySec: z.number().min(0.5).max(600).default(5),
  /** Poll instead of relying on change events: auto detects network filesystems. */
  network: z.enum(['auto', 'yes', 'no']).default('auto'),
  /** The zone the times in its file names are in: 'local' (this computer's), 'UTC' or an IANA zone. */
  nameTimeZone: z.string().refine(isKnownZone, 'must be "local", "UTC" or a time zone such as Europe/Berlin').default(LOCAL_ZONE),
  /** The folder level that names the camera: 1 for root/camera/…, 2 for root/date/camera/…. */
  cameraLevel: z.number().int().min(1).max(8).default(1),
});

const Transcode = z.object({
  preset: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']).default('veryfast'),
  crf: z.number().int().min(14).max(36).default(23),
  /** Conversions at once; in the app one of them is kept for the person at this computer. */
  maxConcurrent: z.number().int().min(1).max(16).default(2),
  hardwareDecode: z.boolean().default(false),
});

const Share = z.object({
  /** Off until the user turns it on. */
  enabled: z.boolean().default(false),
  host: z.string().default('0.0.0.0'),
  port: z.number().int().min(1).max(65535).default(8080),
  allowedHosts: z.array(z.string().min(1)).default([]),
  corsOrigins: z.array(z.string().url()).default([]),
  trustedCidrs: z.array(z.string().refine(isCidr, 'must be an address range like 192.168.1.0/24 (a prefix length from 0 to 32, or 128 for IPv6)')).default([]),
  /** While the share is on, closing the window leaves it running (with a tray icon) until Quit. */
  keepSharingWhenClosed: z.boolean().default(true),
});

export const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  libraryRoots: z.array(LibraryRoot).default([]),
  transcode: Transcode.default(() => Transcode.parse({})),
  share: Share.default(() => Share.parse({})),
  /** Thumbnails and sprites, collected least recently used first past this size. */
  cacheGiB: z.number().min(0.1).max(1024).default(2),
  /** Start a tile's playback when the user hovers or selects it (not on battery, in the app). */
  preparePlayback: z.boolean().default(true),
  /** Paired viewers may add bookmarks and change or delete their own. */
  viewerBookmarks: z.boolean().default(true),
  /** Where exported clips go (chosen once; never inside a library folder). Default: Videos/Reelvault. */
  exportFolder: z.string().refine((p) => path.isAbsolute(p), 'must be an absolute path').optional(),
});

export type Settings = z.infer<typeof SettingsSchema>;
/** What a change may give: keys with defaults can be left out. */
export type SettingsInput = z.input<typeof SettingsSchema>;
export type LibraryRootSetting = z.infer<typeof LibraryRoot>;

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

export class SettingsStore {
  readonly warnings: string[] = [];
  private current: Settings;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly file: string, initial: Settings) {
    this.current = initial;
  }

  static async open(dataDir: string): Promise<SettingsStore> {
    const file = path.join(dataDir, SETTINGS_FILE);
    let text: string | null = null;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === null) return new SettingsStore(file, defaultSettings());
    const parsed = parseSettings(text);
    if (parsed.ok) return new SettingsStore(file, parsed.settings);
    const store = new SettingsStore(file, defaultSettings());
    const aside = await moveAside(file, 'invalid');
    store.warnings.push(`Settings could not be read (${parsed.error}); defaults are in use. The old file was kept as ${aside}.`);
    return store;
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Apply a change, validate the result, and save it; rejects (and changes nothing) if invalid. */
  update(change: (s: Settings) => SettingsInput): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const next = SettingsSchema.parse(change(this.get()));
      await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.current = next;
      return this.get();
    };
    const p = this.queue.then(run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}

export function parseSettings(text: string): { ok: true; settings: Settings } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  const r = SettingsSchema.safeParse(raw);
  if (r.success) return { ok: true, settings: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid' };
}
