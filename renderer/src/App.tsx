// The app: the library grid with its filters and progress, the player, the settings. Where the
// user is (and the filters) lives in the URL hash, so reloads and Back keep it.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { Capabilities, LibraryEntry, ReelvaultApi } from '../../contract/api.js';
import { ApiContext } from './api-context.js';
import { isFiltered, makeHash, parseHash, toQuery, type Filters, type Route } from './library/filters.js';
import { CameraChips, FilterBar } from './library/FilterBar.js';
import { Grid } from './library/Grid.js';
import { StatusBar, useRootsAndProgress } from './library/StatusBar.js';
import { useLibrary } from './library/use-library.js';
import { Player } from './player/Player.js';
import { Preparer, type Prepared } from './player/prepare.js';
import { useOnBattery } from './player/battery.js';
import { SettingsView } from './settings/SettingsView.js';
import { FolderBrowser } from './settings/FolderBrowser.js';
import { SyncView } from './sync/SyncView.js';
import { TimelineView } from './timeline/TimelineView.js';
import { ShortcutsOverlay } from './ShortcutsOverlay.js';
import { useTileSize } from './library/tile-size.js';
import { useMenu } from './menu-commands.js';
import { viewerCaps } from './viewer-caps.js';
import { useDocumentTitle, viewTitle } from './shared/document-title.js';
import { isTextEntry } from './shared/text-entry.js';
import { useMomentLinks } from './moments/use-moment-links.js';
import { BookmarksPanel } from './bookmarks/BookmarksPanel.js';
import { TileActivityToggle } from './activity/TileActivityToggle.js';

export function App({ api, connection }: { api: ReelvaultApi; connection: string | null }) {
  const [caps, setCaps] = useState<Capabilities | null>(null);
  useEffect(() => {
    void api.capabilities().then(setCaps);
    // What this browser decodes decides each file's plan.
    void api.reportCaps(viewerCaps());
  }, [api]);
  if (!caps) return <div className="app loading" role="status">Loading…</div>;
  return (
    <ApiContext.Provider value={{ api, caps }}>
      <Shell api={api} caps={caps} connection={connection} />
    </ApiContext.Provider>
  );
}

/** Each history entry the app pushes remembers the view it was pushed from: Back returns there. */
interface EntryState { from: Route['view'] }

/** The view this history entry was opened from in the app, or null (opened by its address). */
function cameFrom(): Route['view'] | null {
  const s = history.state as Partial<EntryState> | null;
  return typeof s?.from === 'string' ? s.from : null;
}

/** How a back button names the view it returns to. */
const VIEW_NAMES: Record<Route['view'], string> = { grid: 'Recordings', timeline: 'Timeline', play: 'Player', sync: 'Cameras', settings: 'Settings' };

/** The route and filters in the URL hash; `moved` hears of a change made outside (Back, a link). */
function useHashState(moved: () => void) {
  const [state, setState] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => { moved(); setState(parseHash(location.hash)); };
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [moved]);
  const go = useCallback((route: Route, filters: Filters, replace = false) => {
    const h = makeHash(route, filters);
    if (h === location.hash) return;
    // A replaced entry (the next file, a zoom) keeps where its view was opened from.
    if (replace) history.replaceState(history.state, '', h);
    else history.pushState({ from: parseHash(location.hash).route.view } satisfies EntryState, '', h);
    setState({ route, filters });
  }, []);
  return { ...state, go };
}

function Shell({ api, caps, connection }: { api: ReelvaultApi; caps: Capabilities; connection: string | null }) {
  // What was prepared for the file a double-click opened; only that opening may play it.
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const forgetPrepared = useCallback(() => setPrepared(null), []);
  const { route, filters, go } = useHashState(forgetPrepared);
  // The tab names the view; the player names its recording itself.
  useDocumentTitle(route.view === 'play' ? null : viewTitle(route.view));
  const data = useLibrary(api, filters);
  const { roots, progress } = useRootsAndProgress(api);
  const search = useRef<HTMLInputElement>(null);
  // The selection belongs to one set of filters: new filters start at the first tile.
  const filterKey = JSON.stringify(toQuery(filters));
  const [selection, setSelection] = useState({ key: filterKey, index: 0 });
  const selected = selection.key === filterKey ? selection.index : 0;
  const setSelected = useCallback((index: number) => setSelection({ key: filterKey, index }), [filterKey]);

  // Instant start: what the user points at or selects starts loading (Settings, not on battery).
  const [prepareOn, setPrepareOn] = useState(false);
  const onBattery = useOnBattery(caps.transport === 'ipc');
  const preparer = useMemo(() => new Preparer(api), [api]);
  useEffect(() => preparer.allow(prepareOn && !onBattery), [preparer, prepareOn, onBattery]);
  useEffect(() => () => preparer.end(), [preparer]);

  const setFilters = useCallback((f: Filters) => go({ view: 'grid' }, f, true), [go]);
  const timelineRoute = route.view === 'timeline' ? route : null;
  const setTimelineFilters = useCallback((f: Filters) => { if (timelineRoute) go(timelineRoute, f, true); }, [go, timelineRoute]);
  const onTimelineWindow = useCallback((from: number, to: number) => {
    if (timelineRoute) go({ ...timelineRoute, from, to }, filters, true);
  }, [go, timelineRoute, filters]);
  const syncRoute = route.view === 'sync' ? route : null;
  const onSyncMoment = useCallback((t: number) => { if (syncRoute) go({ ...syncRoute, t }, filters, true); }, [go, syncRoute, filters]);
  const open = useCallback((e: LibraryEntry) => {
    setPrepared(preparer.take(e.id));
    preparer.end();
    go({ view: 'play', id: e.id }, filters);
  }, [go, filters, preparer]);
  // Into the next recording of the camera: what was prepared for it near the end is played.
  const continueInto = useCallback((id: string, t: number) => {
    setPrepared(preparer.take(id));
    preparer.end();
    go({ view: 'play', id, ...(t > 0 ? { t } : {}) }, filters, true);
  }, [go, filters, preparer]);
  // Back to where the user came from (the timeline at its zoom, the grid at its filters), or to
  // the grid when the player was opened by its address.
  const back = useCallback(() => {
    setPrepared(null);
    if (cameFrom()) history.back();
    else go({ view: 'grid' }, filters);
  }, [go, filters]);
  const from = cameFrom();
  const step = useCallback(async (delta: 1 | -1) => {
    const to = selected + delta;
    if (to < 0 || (data.total !== null && to >= data.total)) return;
    const r = await api.query({ ...toQuery(filters), offset: to, limit: 1, facets: false });
    if (!r.ok || !r.value.items[0]) return;
    setSelected(to);
    setPrepared(null);
    go({ view: 'play', id: r.value.items[0].id }, filters, true);
  }, [api, data.total, filters, go, selected, setSelected]);

  // A link to a moment (#/at/<lane>/<ms>) opens the player or the sync view there.
  const [momentError, clearMomentError] = useMomentLinks(api, useCallback((r) => go(r, filters, true), [go, filters]));
  const [bookmarksOpen, setBookmarksOpen] = useState(false);

  // A file opened from the system (desktop only) plays at once.
  useEffect(() => api.onOpen((id) => go({ view: 'play', id }, filters)), [api, go, filters]);

  // The generated demo library is shown until a folder is added: say so, and offer the way out.
  const [demo, setDemo] = useState(false);
  const rootKey = (roots ?? []).map((r) => r.root).join('\n');
  useEffect(() => {
    let live = true;
    void api.settings().then((r) => {
      if (!live || !r.ok) return;
      setDemo(r.value.demo === true);
      setPrepareOn(r.value.preparePlayback !== false);
    });
    return () => { live = false; };
  }, [api, rootKey, route.view]);

  // "/" focuses the search from anywhere in the grid and the timeline; "?" lists the view's shortcuts.
  const [help, setHelp] = useState(false);
  const [tileSize, setTileSize] = useTileSize();
  const closeHelp = useCallback(() => setHelp(false), []);
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (isTextEntry(t)) return;
      if (e.key === '/' && (route.view === 'grid' || route.view === 'timeline')) {
        e.preventDefault();
        search.current?.focus();
      }
      if (e.key === '?') {
        e.preventDefault();
        setHelp(true);
      }
      // Ctrl+1/2/3: tile size (plain S and M already mean snapshot and mute in the player).
      const sizes = { 1: 'S', 2: 'M', 3: 'L' } as const;
      if ((e.ctrlKey || e.metaKey) && route.view === 'grid' && e.key in sizes) {
        e.preventDefault();
        setTileSize(sizes[e.key as unknown as keyof typeof sizes]);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [route.view, setTileSize]);

  // The desktop's menus: what the view on screen does not take (menu-commands.ts).
  // A note belongs to the view it was given in.
  const [menuNote, setNoteFor] = useState<{ text: string; view: Route['view'] } | null>(null);
  const setMenuNote = (text: string, view: Route['view'] = route.view) => setNoteFor({ text, view });
  useMenu(api, {
    'view-grid': () => go({ view: 'grid' }, filters),
    'view-timeline': () => go({ view: 'timeline', lanes: [] }, filters),
    'view-sync': () => {
      go({ view: 'timeline', lanes: [] }, filters);
      setMenuNote('To play cameras together, tick 2 to 9 of them in the timeline, click the moment on its axis, then "Play together".', 'timeline');
    },
    'export-clip': () => setMenuNote('To export, mark a clip in the player with I and O, or Shift+drag across cameras in the timeline.'),
    'tile-S': () => setTileSize('S'), 'tile-M': () => setTileSize('M'), 'tile-L': () => setTileSize('L'),
    shortcuts: () => setHelp(true),
    settings: () => go({ view: 'settings' }, filters),
    'add-folder': () => { void chooseFolder(); },
  });

  const noRoots = roots !== null && roots.length === 0;
  const empty = data.total === 0 && !isFiltered(filters);
  const [folderError, setFolderError] = useState<string | null>(null);
  // No system folder picker (the owner's browser): the computer's folders, browsed in the page.
  const [browsing, setBrowsing] = useState(false);
  const canAddFolder = caps.allowed.chooseFolder || caps.allowed.addRoot;
  const chooseFolder = async () => {
    if (!caps.allowed.chooseFolder) { if (caps.allowed.addRoot) setBrowsing(true); return; }
    const r = await api.chooseFolder();
    setFolderError(r.ok ? null : `The folder could not be added: ${r.message}`);
  };

  // Dropping on the window (the desktop only): a folder is offered as a library folder, a video plays.
  const [dropError, setDropError] = useState<string | null>(null);
  const onDrop = async (e: DragEvent<HTMLDivElement>) => {
    if (!api.pathsOf || !e.dataTransfer.files.length) return;
    e.preventDefault();
    const paths = api.pathsOf([...e.dataTransfer.files]);
    if (!paths.length) return;
    const r = await api.openDropped(paths);
    if (!r.ok) { setDropError(r.message); return; }
    setDropError(r.value.refused.length ? r.value.refused.join('; ') : null);
    if (r.value.play) go({ view: 'play', id: r.value.play }, filters);
  };

  return (
    <div className="app" onDragOver={(e) => { if (api.pathsOf) e.preventDefault(); }} onDrop={(e) => void onDrop(e)}>
      {dropError && <p className="error drop-error" role="alert">{dropError}</p>}
      {momentError && <p className="error drop-error" role="alert">This link could not be opened: {momentError} <button type="button" onClick={clearMomentError} aria-label="Dismiss">×</button></p>}
      {menuNote?.view === route.view && <p className="note menu-note" role="status">{menuNote.text} <button type="button" onClick={() => setNoteFor(null)} aria-label="Dismiss">×</button></p>}
      <header className="top">
        <h1 className="brand">Reelvault</h1>
        {(route.view === 'grid' || route.view === 'timeline') && (
          <FilterBar ref={search} filters={filters} onChange={route.view === 'grid' ? setFilters : setTimelineFilters} searchOnly={route.view === 'timeline'} />
        )}
        <nav className="views" aria-label="Views">
          <button type="button" aria-pressed={route.view === 'grid'} onClick={() => go({ view: 'grid' }, filters)}>Grid</button>
          <button type="button" aria-pressed={route.view === 'timeline'} onClick={() => go({ view: 'timeline', lanes: [] }, filters)}>Timeline</button>
          <button type="button" aria-pressed={bookmarksOpen} onClick={() => setBookmarksOpen(true)}>Bookmarks</button>
        </nav>
        <button type="button" className="settings-button" aria-label="Settings" onClick={() => go(route.view === 'settings' ? { view: 'grid' } : { view: 'settings' }, filters)}>⚙ Settings</button>
      </header>
      <div className="body">
        {(route.view === 'grid' || route.view === 'timeline') && (
          <>
            <aside className="side">
              {data.facets && (
                <CameraChips facets={data.facets.cameras} selected={filters.cameras}
                  onChange={(cameras) => (route.view === 'grid' ? setFilters : setTimelineFilters)({ ...filters, cameras })} />
              )}
              {route.view === 'grid' && (
                <div className="tile-size" role="group" aria-label="Tile size">
                  Tiles {(['S', 'M', 'L'] as const).map((s, i) => (
                    <button key={s} type="button" aria-pressed={tileSize === s} aria-label={`${s === 'S' ? 'Small' : s === 'M' ? 'Medium' : 'Large'} tiles (Ctrl+${i + 1})`}
                      onClick={() => setTileSize(s)}>{s}</button>
                  ))}
                  {/* Beside the tile sizes, not in the header: it is how tiles look, and the header must fit 800×600 in two rows. */}
                  <TileActivityToggle />
                </div>
              )}
            </aside>
            {route.view === 'timeline' ? (
              <main className="content">
                <TimelineView {...(route.from !== undefined && route.to !== undefined ? { from: route.from, to: route.to } : {})}
                  checked={route.lanes} filters={filters} roots={roots ?? []} onWindow={onTimelineWindow}
                  onChecked={(lanes) => go({ ...route, lanes }, filters, true)}
                  onPlay={(id, t) => go({ view: 'play', id, t }, filters)}
                  onSync={(lanes, t) => go({ view: 'sync', lanes, t }, filters)} />
              </main>
            ) : (
            <main className="content">
              {demo && (
                <div className="demo-banner" role="note">
                  These are demo recordings made on this computer, in the codecs camera workstations use (try an .avi).
                  {canAddFolder && <> <button type="button" className="primary" onClick={() => void chooseFolder()}>Add your recordings folder…</button></>}
                </div>
              )}
              {data.error && <p className="error" role="alert">The library could not be loaded: {data.error}</p>}
              {folderError && <p className="error" role="alert">{folderError}</p>}
              {(noRoots || empty) && progress?.activity ? (
                <div className="empty" role="status"><h2>{progress.activity}</h2><p>This takes a few seconds, once.</p></div>
              ) : noRoots || empty ? (
                <div className="empty" role="status">
                  {canAddFolder ? (
                    <>
                      <h2>No recordings yet</h2>
                      <p>Add the folder your cameras record into. Reelvault only reads it: nothing is written there.</p>
                      <button type="button" className="primary" onClick={() => void chooseFolder()}>Add folder…</button>
                    </>
                  ) : (
                    <>
                      <h2>Nothing shared yet</h2>
                      <p>The recording computer shares no recordings at the moment.</p>
                    </>
                  )}
                </div>
              ) : data.total === 0 ? (
                <div className="empty" role="status"><h2>No recordings match</h2><button type="button" onClick={() => setFilters({ cameras: [], text: '', sort: filters.sort })}>Clear the filters</button></div>
              ) : (
                <Grid api={api} data={data} roots={roots ?? []} selected={selected} onSelect={setSelected} onOpen={open} preparer={preparer} size={tileSize} />
              )}
            </main>
            )}
          </>
        )}
        {route.view === 'sync' && <SyncView lanes={route.lanes} t={route.t} backTo={VIEW_NAMES[from ?? 'timeline']}
          onBack={() => (from ? history.back() : go({ view: 'timeline', lanes: route.lanes }, filters))} onMoment={onSyncMoment} />}
        {route.view === 'play' && <Player key={route.id} id={route.id} {...(route.t !== undefined ? { startAt: route.t } : {})} onBack={back} backTo={VIEW_NAMES[from ?? 'grid']} onStep={(d) => void step(d)} prepared={prepared}
          onPrepareNext={(id, t) => preparer.intent(id, 0, t)} onContinue={continueInto} onSync={(lanes, t) => go({ view: 'sync', lanes, t }, filters)} />}
        {route.view === 'settings' && <main className="content scroll"><SettingsView onClose={() => go({ view: 'grid' }, filters)} /></main>}
      </div>
      <StatusBar roots={roots ?? []} progress={progress} total={data.total} connection={connection} />
      {bookmarksOpen && <BookmarksPanel api={api} zone={caps.timeZone} onClose={() => setBookmarksOpen(false)} />}
      {help && <ShortcutsOverlay view={route.view} onClose={closeHelp} />}
      {browsing && <FolderBrowser onClose={() => setBrowsing(false)} onAdded={() => { setBrowsing(false); setDemo(false); setFolderError(null); }} />}
    </div>
  );
}
