// electron-builder.yml as electron-builder reads it: valid against its own schema, and saying
// what the app needs (associations for every indexed extension, MIME types, ffmpeg unpacked,
// fuses set).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mimeOf, VIDEO_EXTENSIONS } from '../library/naming.mjs';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (opts: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };

interface Assoc { ext: string; name: string; mimeType: string; role: string; rank: string }
const config = yaml.load(fs.readFileSync('electron-builder.yml', 'utf8')) as {
  appId: string; productName: string; asar: boolean; asarUnpack: string[]; fileAssociations?: Assoc[];
  nsis: { include: string; perMachine: boolean }; deb?: { depends?: string[] };
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; mimeTypes: string[]; executableArgs: string[]; desktop: { entry: Record<string, string | undefined> } };
  win: { target: string }; mac: { target: string; fileAssociations: Assoc[] }; files: string[]; extraResources: Array<{ from: string; to: string }>;
};

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', () => {
    const schema = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    expect(config).toMatchObject({ appId: 'org.reelvault.app', productName: 'Reelvault', asar: true, win: { target: 'nsis' }, mac: { target: 'dmg' } });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('offers "Open with" for every indexed extension on every OS, as a viewer that never takes the default', () => {
    // No top-level list: electron-builder adds it to every platform's, and NSIS's macro would take the default.
    expect(config.fileAssociations).toBeUndefined();
    const exts = config.mac.fileAssociations.map((a) => `.${a.ext}`).sort();
    expect(exts).toEqual([...VIDEO_EXTENSIONS].sort());
    for (const a of config.mac.fileAssociations) {
      expect(a.role).toBe('Viewer');
      expect(a.rank).toBe('Alternate');
      expect(a.mimeType, `.${a.ext}: the one MIME table is naming.mjs`).toBe(mimeOf(`x.${a.ext}`));
    }
    // Linux: the existing MIME types, listed in the desktop entry (never redefined).
    expect(new Set(config.linux.mimeTypes)).toEqual(new Set([...VIDEO_EXTENSIONS].map((e) => mimeOf(`x${e}`))));
    expect(config.linux.desktop.entry.Exec).toBeUndefined();
    expect(config.linux.executableArgs).toEqual(['%F']);
    // Windows: Open-with registry entries for exactly these extensions, in the user's hive.
    expect(config.nsis.perMachine).toBe(false);
    const nsh = fs.readFileSync(config.nsis.include, 'utf8');
    const listed = [...nsh.matchAll(/!insertmacro ReelvaultOpenWith "([^"]+)"/g)].map((m) => m[1]).sort();
    expect(listed).toEqual([...VIDEO_EXTENSIONS].sort());
    expect(nsh).not.toMatch(/Classes\\\$\{EXT\}" ""|APP_ASSOCIATE/); // never an extension's default value
    // deb: electron-builder's own dependency list stands (a `depends` would replace it).
    expect(config.deb?.depends).toBeUndefined();
  });

  it('unpacks ffmpeg and ffprobe from the asar and sets the fuses', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/ffmpeg-static/**', 'node_modules/@ffprobe-installer/**']));
    expect(config.electronFuses).toEqual({
      runAsNode: false, enableCookieEncryption: true, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false,
    });
    expect(config.files).toContain('out/**/*');
  });

  it('ships the font side-by-side exports name cameras in, outside the archive where ffmpeg reads it', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([{ from: 'resources/fonts', to: 'fonts' }]));
    expect(fs.existsSync('resources/fonts/DejaVuSans-Bold.ttf')).toBe(true);
  });

  it('ships the tray icon beside the archive, where main/electron/setup.ts looks for it, and every other resource it names', () => {
    expect(config.extraResources).toEqual(expect.arrayContaining([{ from: 'build/icons/32x32.png', to: 'icons/tray.png' }]));
    for (const r of config.extraResources) expect(fs.existsSync(r.from), r.from).toBe(true);
  });
});
