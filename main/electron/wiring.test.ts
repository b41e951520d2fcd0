// main/index.ts run against a fake `electron` module: what it registers, in which order, and
// what it allows. Real Electron runs in e2e/electron.spec.ts where the binary exists.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_OPERATIONS } from '../../contract/operations.js';
import { callChannel } from '../../contract/channels.js';
import { runningProcesses } from '../media/ffmpeg.js';
import { fixture } from '../test-support/fixtures.js';
import { fileTmpDir } from '../test-support/tmp.js';

type Listener = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const fake = vi.hoisted(() => {
  const on = () => {
    const map = new Map<string, Listener[]>();
    return {
      map,
      on(ev: string, fn: Listener) { map.set(ev, [...(map.get(ev) ?? []), fn]); return this; },
      once(ev: string, fn: Listener) { map.set(ev, [...(map.get(ev) ?? []), fn]); return this; },
      emit(ev: string, ...args: unknown[]) { for (const fn of map.get(ev) ?? []) fn(...args); },
    };
  };
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => { resolveReady = r; });
  const state = {
    readyResolved: false, privilegesBeforeReady: null as boolean | null, paths: {} as Record<string, string>, quitCalls: 0,
    /** The userData the single-instance lock was taken with (Electron keys the lock by it). */
    lockedWith: null as string | null, privilegeCalls: 0, exitCode: null as number | null,
  };
  const appEvents = on();
  const app = {
    ...appEvents,
    isPackaged: false,
    requestSingleInstanceLock: () => { state.lockedWith = state.paths.userData ?? null; return true; },
    quit: () => { state.quitCalls++; },
    exit: (code: number) => { state.exitCode = code; },
    whenReady: () => ready,
    getPath: (name: string) => state.paths[name] ?? '/nonexistent',
    setPath: (name: string, p: string) => { state.paths[name] = p; },
  };
  const protocol = {
    privileges: [] as unknown[],
    handlers: new Map<string, (r: Request) => Promise<Response>>(),
    // As strict as Electron: only before ready, and only once.
    registerSchemesAsPrivileged(list: unknown[]) {
      if (state.readyResolved || state.privilegeCalls++) throw new Error('registerSchemesAsPrivileged: only once, before the app is ready');
      state.privilegesBeforeReady = true;
      this.privileges.push(...list);
    },
    handle(scheme: string, fn: (r: Request) => Promise<Response>) { this.handlers.set(scheme, fn); },
  };
  const ipcMain = {
    handlers: new Map<string, Listener>(),
    handle(ch: string, fn: Listener) {
      if (this.handlers.has(ch)) throw new Error(`Attempted to register a second handler for '${ch}'`);
      this.handlers.set(ch, fn);
    },
    removeHandler(ch: string) { this.handlers.delete(ch); },
  };
  const windows: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  class BrowserWindow {
    readonly events = on();
    readonly sent: Array<[string, unknown]> = [];
    /** Channels the page listens on: like ipcRenderer, a message to any other is lost. */
    readonly listening = new Set<string>();
    loaded: string | null = null;
    readonly webContents = { send: (ch: string, data: unknown) => { if (this.listening.has(ch)) this.sent.push([ch, data]); } };
    constructor(readonly options: { webPreferences: Record<string, unknown> }) { windows.push(this); }
    once(ev: string, fn: Listener) { this.events.once(ev, fn); }
    on(ev: string, fn: Listener) { this.events.on(ev, fn); }
    async loadURL(url: string) { this.loaded = url; }
    isDestroyed() { return false; }
    isMinimized() { return false; }
    getNormalBounds() { return { x: 100, y: 120, width: 1000, height: 700 }; }
    restore() {}
    focus() {}
    show() {}
  }
  const permissions: { request?: Listener; check?: Listener } = {};
  const session = {
    defaultSession: {
      setPermissionRequestHandler(fn: Listener) { permissions.request = fn; },
      setPermissionCheckHandler(fn: Listener) { permissions.check = fn; },
    },
  };
  const dialog = {
    errors: [] as string[],
    showErrorBox(_t: string, m: string) { this.errors.push(m); },
    async showOpenDialog() { return { canceled: true, filePaths: [] }; },
  };
  const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
  const nativeTheme = { shouldUseDarkColors: false };
  const module = { app, protocol, ipcMain, BrowserWindow, session, dialog, screen, nativeTheme };
  return { module, state, windows, permissions, dialog, ready: () => { state.readyResolved = true; resolveReady(); } };
});

vi.mock('electron', () => ({ ...fake.module, default: fake.module }));

describe('Electron wiring (fake electron module)', () => {
  let root: string;
  let opened: string;
  const argv = process.argv;

  beforeAll(async () => {
    root = fileTmpDir();
    fs.mkdirSync(path.join(root, 'cam-1'));
    fs.copyFileSync(fixture('cam-legacy/vga_10s.avi'), path.join(root, 'cam-1', 'legacy.avi'));
    const outside = fileTmpDir('rv-downloads-');
    opened = path.join(outside, 'from-the-file-manager.mp4');
    fs.copyFileSync(fixture('cam-modern/h264_aac.mp4'), opened);
    const userData = fileTmpDir('rv-userdata-');
    fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ libraryRoots: [{ path: root }] }));
    fake.state.paths = { userData: '/nonexistent/default-profile', pictures: fileTmpDir('rv-pictures-') };
    profile = userData;
    process.env.REELVAULT_DATA_DIR = userData;
    process.argv = ['/opt/Reelvault/reelvault', '--no-sandbox', opened];
    await import('../index.js');
  });
  afterAll(() => { process.argv = argv; delete process.env.REELVAULT_DATA_DIR; });
  let profile = '';

  it('keys the single-instance lock by the profile: REELVAULT_DATA_DIR becomes userData before the lock', () => {
    expect(fake.state.lockedWith).toBe(profile);
  });
  // The app probes and makes thumbnails in the background, as shipped: let that finish between
  // tests (the suite fails any test that leaves an ffmpeg running).
  afterEach(async () => {
    await vi.waitFor(() => expect(runningProcesses().size).toBe(0), { timeout: 15_000, interval: 50 });
  });

  it('registers the scheme privileges before ready, then the window once ready', async () => {
    expect(fake.state.privilegesBeforeReady).toBe(true);
    expect(fake.module.protocol.privileges).toEqual([expect.objectContaining({ scheme: 'reelvault', privileges: expect.objectContaining({ standard: true, secure: true, stream: true }) })]);
    expect(fake.windows).toHaveLength(0);
    fake.ready();
    await vi.waitFor(() => expect(fake.windows[0]?.loaded).toBe('reelvault://app/index.html'), { timeout: 15_000 });
  });

  it('opens its window in the system\'s light background, at its size, and keeps its place when it closes', async () => {
    const win = fake.windows[0];
    expect(win.options).toMatchObject({ width: 1280, height: 800, backgroundColor: '#f6f6f4' });
    win.events.emit('close');
    await vi.waitFor(() => expect(JSON.parse(fs.readFileSync(path.join(profile, 'window.json'), 'utf8'))).toEqual({ x: 100, y: 120, width: 1000, height: 700 }));
  });

  it('opens its window with secure web preferences and a preload', () => {
    const wp = fake.windows[0].options.webPreferences;
    expect(wp).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false,
    });
    expect(String(wp.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('handles every contract operation, and refuses foreign senders', async () => {
    for (const op of API_OPERATIONS) expect(fake.module.ipcMain.handlers.has(callChannel(op)), op).toBe(true);
    const query = fake.module.ipcMain.handlers.get(callChannel('query'))!;
    const ours = await query({ senderFrame: { url: 'reelvault://app/index.html', parent: null } }, {}) as { ok: boolean; value: { total: number } };
    expect(ours.ok).toBe(true);
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'reelvault://app.evil/x']) {
      expect(await query({ senderFrame: { url, parent: null } }, {})).toMatchObject({ ok: false, code: 'unauthorized' });
    }
    expect(await query({ senderFrame: { url: 'reelvault://app/index.html', parent: {} } }, {})).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('serves the page with its CSP from the scheme, and media only by id', async () => {
    const handle = fake.module.protocol.handlers.get('reelvault')!;
    const page = await handle(new Request('reelvault://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*media-src 'self' reelvault:\/\/app blob:.*connect-src 'self' reelvault:\/\/app/);
    expect((await handle(new Request('reelvault://app/media/file/..%2F..%2Fetc%2Fpasswd'))).status).toBe(404);
    expect((await handle(new Request('reelvault://other/index.html'))).status).toBe(404);
  });

  it('denies permissions except fullscreen and sanitized clipboard writes for the app', () => {
    const ask = (permission: string, requestingUrl: string) =>
      new Promise<boolean>((resolve) => fake.permissions.request!(null, permission, resolve, { requestingUrl }));
    return Promise.all([
      expect(ask('fullscreen', 'reelvault://app/index.html')).resolves.toBe(true),
      expect(ask('clipboard-sanitized-write', 'reelvault://app/index.html')).resolves.toBe(true),
      expect(ask('fullscreen', 'https://evil.example/')).resolves.toBe(false),
      expect(ask('media', 'reelvault://app/index.html')).resolves.toBe(false),
      expect(ask('geolocation', 'reelvault://app/index.html')).resolves.toBe(false),
      expect(ask('notifications', 'reelvault://app/index.html')).resolves.toBe(false),
    ]).then(() => {
      expect(fake.permissions.check!(null, 'fullscreen', 'reelvault://app')).toBe(true);
      expect(fake.permissions.check!(null, 'openExternal', 'reelvault://app')).toBe(false);
    });
  });

  it('locks every web contents: no navigation away, no new windows, no webviews', () => {
    const events = new Map<string, Listener>();
    let openHandler: Listener | null = null;
    const wc = { on: (ev: string, fn: Listener) => { events.set(ev, fn); }, setWindowOpenHandler: (fn: Listener) => { openHandler = fn; } };
    fake.module.app.emit('web-contents-created', {}, wc);
    expect(openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const nav = (ev: string, url: string) => {
      let prevented = false;
      events.get(ev)!({ preventDefault: () => { prevented = true; }, url }, url);
      return prevented;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(nav('will-navigate', 'reelvault://app/index.html#/settings')).toBe(false);
    expect(nav('will-attach-webview', 'reelvault://app/')).toBe(true);
  });

  it('opens a file given on the command line in the player, though the page listened only later', async () => {
    const win = fake.windows[0];
    const take = fake.module.ipcMain.handlers.get(callChannel('takeOpen'))!;
    const page = { senderFrame: { url: 'reelvault://app/index.html', parent: null } };
    // The "look" message went out before the page listened, and was lost; the open waits in main.
    let id: unknown = null;
    await vi.waitFor(async () => { id = ((await take(page)) as { value: unknown }).value; expect(typeof id).toBe('string'); }, { timeout: 10_000 });
    expect(win.sent.filter(([ch]: [string]) => ch === 'rv:event:open')).toEqual([]);
    expect(((await take(page)) as { value: unknown }).value).toBeNull(); // taken once
    // A second launch with a file that does not exist says why, in a dialog.
    fake.module.app.emit('second-instance', {}, ['/opt/Reelvault/reelvault', path.join(path.dirname(opened), 'missing.avi')], '/');
    fake.module.app.emit('open-file', { preventDefault() {} }, path.join(path.dirname(opened), 'gone.mkv'));
    await vi.waitFor(() => expect(fake.dialog.errors.some((m) => /does not exist/.test(m))).toBe(true));
  });

  it('a seek abandoned before its headers came is cancelled by the next, though Electron never aborts the request', async () => {
    const handle = fake.module.protocol.handlers.get('reelvault')!;
    const query = fake.module.ipcMain.handlers.get(callChannel('query'))!;
    const r = await query({ senderFrame: { url: 'reelvault://app/', parent: null } }, { text: 'legacy' }) as { value: { items: Array<{ id: string }> } };
    const url = (t: number) => `reelvault://app/media/transcode/${r.value.items[0]!.id}?viewer=desktop&start=${t}`;
    const [first, second] = await Promise.all([handle(new Request(url(1))), handle(new Request(url(5)))]);
    expect(first.status).toBe(409);
    expect(second.status).toBe(200);
    await second.body!.cancel();
  });

  it('a start that fails says why in a dialog and exits with a status', async () => {
    const { failedToStart } = await import('./setup.js');
    failedToStart(new Error('the data folder is read-only'));
    expect(fake.dialog.errors.at(-1)).toMatch(/the data folder is read-only/);
    expect(fake.state.exitCode).toBe(1);
  });

  it('kills every ffmpeg child when quitting', async () => {
    const handle = fake.module.protocol.handlers.get('reelvault')!;
    const query = fake.module.ipcMain.handlers.get(callChannel('query'))!;
    const r = await query({ senderFrame: { url: 'reelvault://app/', parent: null } }, { text: 'legacy' }) as { value: { items: Array<{ id: string }> } };
    const res = await handle(new Request(`reelvault://app/media/transcode/${r.value.items[0]!.id}?viewer=desktop`));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    expect(runningProcesses().size).toBeGreaterThan(0);
    let prevented = false;
    fake.module.app.emit('before-quit', { preventDefault: () => { prevented = true; } });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.state.quitCalls).toBeGreaterThan(0), { timeout: 5000 });
    expect(runningProcesses().size).toBe(0);
    await reader.cancel().catch(() => undefined);
  });
});
