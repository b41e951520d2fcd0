// Settings: typed by one schema, validated on read and write, written atomically. A file that
// cannot be read as settings is moved aside (kept for the user) and defaults are used.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { moveAside, writeFileAtomic } from '../util/atomic-write.js';

const LibraryRoot = z.object({
  /** Absolute path of a library folder. */
  path: z.string().min(1).refine((p) => path.isAbsolute(p), 'must be an absolute path'),
});

export const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  libraryRoots: z.array(LibraryRoot).default([]),
});

export type Settings = z.infer<typeof SettingsSchema>;
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
  update(change: (s: Settings) => Settings): Promise<Settings> {
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
