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
    /** The next loadURL rejects, as Electron's does when the page cannot load. */
    failNextLoad: false, aboutShown: 0, shownInFolder: [] as string[],
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
    getVersion: () => '0.1.0',
    getAppPath: () => process.cwd(),
    setAboutPanelOptions: () => undefined,
    showAboutPanel: () => { state.aboutShown++; },
    protocolClients: [] as string[],
    setAsDefaultProtocolClient(scheme: string) { this.protocolClients.push(scheme); return true; },
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
    destroyed = false;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) { windows.push(this); }
    once(ev: string, fn: Listener) { this.events.once(ev, fn); }
    on(ev: string, fn: Listener) { this.events.on(ev, fn); }
    async loadURL(url: string) {
      if (state.failNextLoad) { state.failNextLoad = false; throw new Error(`ERR_FAILED (-2) loading '${url}'`); }
      this.loaded = url;
    }
    /** What closing the window does: 'closed', then the app's 'window-all-closed'. */
    close() { this.destroyed = true; this.events.emit('closed'); appEvents.emit('window-all-closed'); }
    destroy() { this.destroyed = true; this.events.emit('closed'); }
    isDestroyed() { return this.destroyed; }
    isMinimized() { return false; }
    getNormalBounds() { return { x: 100, y: 120, width: 1000, height: 700 }; }
    /** Times it was brought to the front. */
    focused = 0;
    restore() {}
    focus() { this.focused++; }
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
    questions: [] as string[],
    answer: 1,
    showErrorBox(t: string, m: string) { this.errors.push(`${t}: ${m}`); },
    async showMessageBox(...args: unknown[]) {
      const o = args.at(-1) as { message: string };
      this.questions.push(o.message);
      return { response: this.answer };
    },
    async showOpenDialog() { return { canceled: true, filePaths: [] }; },
  };
  const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
  const nativeTheme = { shouldUseDarkColors: false };
  type Item = { label?: string; role?: string; type?: string; checked?: boolean; enabled?: boolean; submenu?: Item[]; click?: () => void };
  const menus = { application: null as Item[] | null };
  const Menu = {
    buildFromTemplate: (items: Item[]) => ({ items }),
    setApplicationMenu: (m: { items: Item[] } | null) => { menus.application = m?.items ?? null; },
  };
  const trays: any[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  class Tray {
    readonly events = on();
    menu: Item[] = [];
    destroyed = false;
    constructor(readonly icon: string) { trays.push(this); }
    setToolTip() {}
    setContextMenu(m: { items: Item[] }) { this.menu = m.items; }
    on(ev: string, fn: Listener) { this.events.on(ev, fn); }
    destroy() { this.destroyed = true; }
  }
  const notifications: Array<{ title: string; body: string }> = [];
  class Notification {
    static isSupported() { return true; }
    constructor(readonly options: { title: string; body: string }) {}
    show() { notifications.push(this.options); }
  }
  const shell = {
    showItemInFolder: (f: string) => { state.shownInFolder.push(f); },
    openPath: async (f: string) => { state.shownInFolder.push(f); return ''; },
  };
  const module = { app, protocol, ipcMain, BrowserWindow, session, dialog, screen, nativeTheme, Menu, Tray, Notification, shell };
  return { module, state, windows, permissions, dialog, menus, trays, notifications, ready: () => { state.readyResolved = true; resolveReady(); } };
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

  it('registers reelvault:// and opens a link to a moment (a second launch, macOS open-url) in the window at that moment', async () => {
    expect(fake.module.app.protocolClients).toContain('reelvault');
    const lane = 'AAAAAAAAAAAAY2FtLTE';
    fake.module.app.emit('second-instance', {}, ['/opt/Reelvault/reelvault', `reelvault://at/${lane}/1764000000123`], '/');
    await vi.waitFor(() => expect(fake.windows.at(-1).loaded).toBe(`reelvault://app/index.html#/at/${lane}/1764000000123`));
    let prevented = false;
    fake.module.app.emit('open-url', { preventDefault: () => { prevented = true; } }, `reelvault://at/${lane},${lane}/5`);
    await vi.waitFor(() => expect(fake.windows.at(-1).loaded).toBe(`reelvault://app/index.html#/at/${lane},${lane}/5`));
    expect(prevented).toBe(true);
    // Anything else on the scheme is no link: the page stays where it is.
    fake.module.app.emit('open-url', { preventDefault() {} }, 'reelvault://app/index.html#/settings');
    fake.module.app.emit('second-instance', {}, ['/opt/Reelvault/reelvault', 'reelvault://at/../../etc/1'], '/');
    await new Promise((r) => setImmediate(r));
    expect(fake.windows.at(-1).loaded).toBe(`reelvault://app/index.html#/at/${lane},${lane}/5`);
  });

  const page = { senderFrame: { url: 'reelvault://app/index.html', parent: null } };
  type Answer = { ok: boolean; value: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const call = (op: Parameters<typeof callChannel>[0], ...args: unknown[]) =>
    fake.module.ipcMain.handlers.get(callChannel(op))!(page, ...args) as Promise<Answer>;
  const latest = () => fake.windows.at(-1);
  type Item = { label?: string; role?: string; type?: string; checked?: boolean; enabled?: boolean; submenu?: Item[]; click?: () => void };
  const named = (items: Item[]) => items.map((i) => i.label ?? i.role ?? i.type);

  it('has File, View and Help menus: the page carries out its items, main shows the logs and About', () => {
    const bar = fake.menus.application as Item[];
    expect(named(bar)).toEqual(['&File', '&View', '&Help']);
    const [file, view, help] = bar.map((m) => m.submenu!);
    expect(named(file!)).toEqual(['Add folder…', 'Export clip…', 'separator', 'Settings', 'separator', 'Quit']);
    expect(named(view!)).toEqual(['Grid', 'Timeline', 'Sync', 'separator', 'Small tiles', 'Medium tiles', 'Large tiles', 'separator',
      'resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    expect(view!.find((i) => i.label === 'Large tiles')).toMatchObject({ accelerator: 'CmdOrCtrl+3' });
    expect(named(help!)).toEqual(['Keyboard shortcuts', 'Show logs', 'separator', 'About Reelvault']);
    const win = latest();
    win.listening.add('rv:event:menu');
    for (const [menu, label] of [[file, 'Export clip…'], [view, 'Timeline'], [view, 'Small tiles'], [help, 'Keyboard shortcuts'], [file, 'Add folder…']] as const) {
      menu!.find((i) => i.label === label)!.click!();
    }
    expect(win.sent.filter(([ch]: [string]) => ch === 'rv:event:menu').map(([, c]: [string, string]) => c))
      .toEqual(['export-clip', 'view-timeline', 'tile-S', 'shortcuts', 'add-folder']);
    help!.find((i) => i.label === 'Show logs')!.click!();
    // The log file, or its folder before anything was logged.
    expect(fake.state.shownInFolder.at(-1)).toMatch(new RegExp(`^${profile}[\\\\/]logs([\\\\/]reelvault\\.log)?$`));
    help!.find((i) => i.label === 'About Reelvault')!.click!();
    expect(fake.state.aboutShown).toBe(1);
  });

  it('adds a folder dropped on the window only after a native dialog that names it, and plays a dropped video', async () => {
    const dropped = fileTmpDir('rv-dropped-');
    fake.dialog.answer = 1; // Cancel
    expect((await call('openDropped', [dropped])).value.settings).toBeUndefined();
    expect(fake.dialog.questions.at(-1)).toContain(dropped);
    expect((await call('settings')).value.libraryRoots.map((r: { path: string }) => r.path)).toEqual([root]);
    fake.dialog.answer = 0;
    await call('openDropped', [dropped]);
    expect((await call('settings')).value.libraryRoots.map((r: { path: string }) => r.path)).toEqual([root, dropped]);
    const played = await call('openDropped', [opened]);
    expect(typeof played.value.play).toBe('string');
    await call('removeRoot', dropped);
  });

  it('while the share is on: a tray icon; the window closes to it (said once); Open, a second launch or the Dock bring it back', async () => {
    const live = () => fake.trays.filter((t) => !t.destroyed);
    expect(live()).toHaveLength(0);
    expect((await call('setShareEnabled', true)).ok).toBe(true);
    await vi.waitFor(() => expect(live()).toHaveLength(1));
    const tray = live()[0];
    expect(named(tray.menu)).toEqual(['Open Reelvault', 'separator', 'Share on the local network', 'Pair a device…', 'separator', 'Quit Reelvault']);
    expect(tray.menu[2]).toMatchObject({ type: 'checkbox', checked: true });
    expect(fs.existsSync(tray.icon), tray.icon).toBe(true);

    // Closed while sharing: the app keeps running, and says so the first time only.
    const quits = fake.state.quitCalls;
    const windowsBefore = fake.windows.length;
    latest().close();
    expect(fake.state.quitCalls).toBe(quits);
    expect(fake.notifications).toEqual([expect.objectContaining({ title: 'Reelvault is still sharing', body: expect.stringMatching(/Quit Reelvault.*AppIndicator/) })]);
    tray.menu[0].click();
    await vi.waitFor(() => expect(fake.windows.length).toBe(windowsBefore + 1));
    await vi.waitFor(() => expect(latest().loaded).toBe('reelvault://app/index.html'));
    latest().close();
    expect(fake.notifications).toHaveLength(1);
    fake.module.app.emit('second-instance', {}, ['/opt/Reelvault/reelvault'], '/');
    await vi.waitFor(() => expect(fake.windows.length).toBe(windowsBefore + 2));
    const focused = latest().focused;
    fake.module.app.emit('activate'); // a window is open: no other
    fake.module.app.emit('second-instance', {}, ['/opt/Reelvault/reelvault'], '/');
    // Both brought the open window to the front (at once, as for any open window), and made none.
    expect(latest().focused).toBe(focused + 2);
    expect(fake.windows.length).toBe(windowsBefore + 2);

    // "Pair a device…": a fresh link, shown in Settings (a window made for it opens there).
    latest().listening.add('rv:event:menu');
    tray.menu[3].click();
    await vi.waitFor(() => expect(latest().sent).toContainEqual(['rv:event:menu', 'settings']));
    expect((await call('shareInfo')).value.pairingUrl).toMatch(/\/pair\?code=/);
    latest().close();
    tray.menu[3].click();
    await vi.waitFor(() => expect(latest().loaded).toBe('reelvault://app/index.html#/settings'));

    // A page that cannot load says so, and no blank window is left behind.
    latest().close();
    fake.state.failNextLoad = true;
    tray.menu[0].click();
    await vi.waitFor(() => expect(fake.dialog.errors.at(-1)).toMatch(/could not open its window.*ERR_FAILED/));
    expect(latest().isDestroyed()).toBe(true);

    // Sharing off from the tray: the icon goes, and the window comes back rather than the app running unseen.
    tray.menu[2].click();
    await vi.waitFor(() => expect(live()).toHaveLength(0));
    await vi.waitFor(() => expect(latest().isDestroyed() === false && latest().loaded).toBe('reelvault://app/index.html'));
    expect(JSON.parse(fs.readFileSync(path.join(profile, 'settings.json'), 'utf8')).share.enabled).toBe(false);
    // Not sharing: closing the window quits.
    latest().close();
    expect(fake.state.quitCalls).toBe(quits + 1);
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
    const quits = fake.state.quitCalls;
    fake.module.app.emit('before-quit', { preventDefault: () => { prevented = true; } });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(fake.state.quitCalls).toBeGreaterThan(quits), { timeout: 5000 });
    expect(runningProcesses().size).toBe(0);
    await reader.cancel().catch(() => undefined);
  });
});
