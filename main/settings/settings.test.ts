import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../test-support/tmp.js';
import { defaultSettings, parseSettings, SETTINGS_FILE, SettingsStore } from './settings.js';

describe('SettingsStore', () => {
  it('starts from defaults and writes nothing until changed', async () => {
    const dir = tmpDir();
    const s = await SettingsStore.open(dir);
    expect(s.get()).toEqual({
      version: 1, libraryRoots: [], cacheGiB: 2, preparePlayback: true, viewerBookmarks: true,
      transcode: { preset: 'veryfast', crf: 23, maxConcurrent: 2, hardwareDecode: false },
      share: { enabled: false, host: '0.0.0.0', port: 8080, allowedHosts: [], corsOrigins: [], trustedCidrs: [], keepSharingWhenClosed: true },
    });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('saves a valid change atomically and reads it back', async () => {
    const dir = tmpDir();
    const s = await SettingsStore.open(dir);
    await s.update((x) => ({ ...x, libraryRoots: [{ path: '/media/cams' }] }));
    expect(fs.readdirSync(dir)).toEqual([SETTINGS_FILE]); // no temp file left behind
    expect((await SettingsStore.open(dir)).get().libraryRoots).toEqual([{ path: '/media/cams', stabilitySec: 5, network: 'auto', nameTimeZone: 'local', cameraLevel: 1 }]);
  });

  it('refuses an invalid change and keeps the old settings', async () => {
    const dir = tmpDir();
    const s = await SettingsStore.open(dir);
    await s.update((x) => ({ ...x, libraryRoots: [{ path: '/ok' }] }));
    await expect(s.update((x) => ({ ...x, libraryRoots: [{ path: 'relative/path' }] }))).rejects.toThrow(/absolute/);
    expect(s.get().libraryRoots.map((r) => r.path)).toEqual(['/ok']);
    expect((await SettingsStore.open(dir)).get().libraryRoots.map((r) => r.path)).toEqual(['/ok']);
    await expect(s.update((x) => ({ ...x, share: { ...x.share, trustedCidrs: ['everyone'] } }))).rejects.toThrow(/address range/);
    await expect(s.update((x) => ({ ...x, transcode: { ...x.transcode, crf: 99 } }))).rejects.toThrow();
  });

  it.each([
    ['not JSON', '{"libraryRoots": [', 'not valid JSON'],
    ['of the wrong shape', '{"libraryRoots": "/media"}', 'libraryRoots'],
  ])('moves a file that is %s aside, warns, and uses defaults', async (_, text, why) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), text);
    const s = await SettingsStore.open(dir);
    expect(s.get()).toEqual(defaultSettings());
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain(why);
    const kept = fs.readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.invalid-`));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, kept[0]!), 'utf8')).toBe(text);
  });

  it('serialises concurrent updates', async () => {
    const s = await SettingsStore.open(tmpDir());
    await Promise.all(['/a', '/b', '/c'].map((p) => s.update((x) => ({ ...x, libraryRoots: [...x.libraryRoots, { path: p }] }))));
    expect(s.get().libraryRoots.map((r) => r.path)).toEqual(['/a', '/b', '/c']);
  });
});

describe('parseSettings', () => {
  it('fills defaults for missing keys', () => {
    expect(parseSettings('{}')).toEqual({ ok: true, settings: defaultSettings() });
  });
});
