// The grid's filters, and their place in the URL (the hash, so reloads and the back button
// keep them in the app window and in a LAN browser alike). Pure, tested in Node.
import type { CameraRef, LibraryQuery, SortKey } from '../../../contract/api.js';
import { FILE_ID_PATTERN } from '../../../contract/ids.mjs';

const PLAY_ROUTE = new RegExp(`^/play/(${FILE_ID_PATTERN})$`);

export interface Filters {
  cameras: CameraRef[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  text: string;
  sort: SortKey;
}

export const SORTS: Array<{ key: SortKey; label: string }> = [
  { key: 'recorded-desc', label: 'Newest first' },
  { key: 'recorded-asc', label: 'Oldest first' },
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Largest' },
  { key: 'duration', label: 'Longest' },
];

export const EMPTY_FILTERS: Filters = { cameras: [], text: '', sort: 'recorded-desc' };

export function toQuery(f: Filters): LibraryQuery {
  return {
    sort: f.sort,
    ...(f.cameras.length ? { cameras: f.cameras } : {}),
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
    ...(f.text.trim() ? { text: f.text.trim() } : {}),
  };
}

export function isFiltered(f: Filters): boolean {
  return f.cameras.length > 0 || f.from !== undefined || f.to !== undefined || f.text.trim() !== '';
}

/** "cam=<root id>\n<name>" per camera (the folder's opaque id, never its path; no newline in either), from/to as ISO, q, sort. */
export function filtersToParams(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  for (const c of f.cameras) p.append('cam', `${c.root}\n${c.name}`);
  if (f.from !== undefined) p.set('from', new Date(f.from).toISOString());
  if (f.to !== undefined) p.set('to', new Date(f.to).toISOString());
  if (f.text.trim()) p.set('q', f.text);
  if (f.sort !== EMPTY_FILTERS.sort) p.set('sort', f.sort);
  return p;
}

export function paramsToFilters(p: URLSearchParams): Filters {
  const cameras: CameraRef[] = [];
  for (const v of p.getAll('cam')) {
    const nl = v.indexOf('\n');
    if (nl > 0) cameras.push({ root: v.slice(0, nl), name: v.slice(nl + 1) });
  }
  const time = (k: string): number | undefined => {
    const v = p.get(k);
    if (!v) return undefined;
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : undefined;
  };
  const sort = p.get('sort');
  const from = time('from');
  const to = time('to');
  return {
    cameras,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    text: (p.get('q') ?? '').slice(0, 500),
    sort: SORTS.some((s) => s.key === sort) ? (sort as SortKey) : EMPTY_FILTERS.sort,
  };
}

/**
 * The app's places: the grid (with filters), a file playing, the settings, the timeline (a
 * window of time, epoch ms, and the lanes ticked for playing together) and the sync view.
 */
export type Route =
  | { view: 'grid' } | { view: 'play'; id: string; t?: number } | { view: 'settings' }
  | { view: 'timeline'; from?: number; to?: number; lanes: string[] }
  | { view: 'sync'; lanes: string[]; t: number };

/** An epoch-ms parameter; an ISO date is taken too (a link written by hand). */
function epochParam(p: URLSearchParams, k: string): number | undefined {
  const v = p.get(k);
  if (!v) return undefined;
  const t = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}

const LANE_KEY = /^[A-Za-z0-9_-]{13,2000}$/;

function lanesParam(p: URLSearchParams): string[] {
  return (p.get('lanes') ?? '').split(',').filter((k) => LANE_KEY.test(k)).slice(0, 100);
}

export function parseHash(hash: string): { route: Route; filters: Filters } {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const pathPart = q >= 0 ? h.slice(0, q) : h;
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  const filters = paramsToFilters(params);
  const play = PLAY_ROUTE.exec(pathPart);
  if (play) {
    const t = Number(params.get('t'));
    return { route: { view: 'play', id: play[1]!, ...(Number.isFinite(t) && t > 0 ? { t } : {}) }, filters };
  }
  if (pathPart === '/settings') return { route: { view: 'settings' }, filters };
  // In the timeline and sync views from/to are the window shown, not the grid's date filter.
  const { from: _f, to: _t, ...undated } = filters;
  if (pathPart === '/timeline') {
    const from = epochParam(params, 'from'), to = epochParam(params, 'to');
    const window = from !== undefined && to !== undefined && to > from ? { from, to } : {};
    return { route: { view: 'timeline', ...window, lanes: lanesParam(params) }, filters: undated };
  }
  if (pathPart === '/sync') {
    return { route: { view: 'sync', lanes: lanesParam(params), t: epochParam(params, 't') ?? Date.now() }, filters: undated };
  }
  return { route: { view: 'grid' }, filters };
}

const PATHS: Record<Route['view'], string> = { grid: '/', play: '/play', settings: '/settings', timeline: '/timeline', sync: '/sync' };

export function makeHash(route: Route, filters: Filters): string {
  const windowed = route.view === 'timeline' || route.view === 'sync';
  const p = filtersToParams(windowed ? { ...filters, from: undefined, to: undefined } as Filters : filters);
  const pathPart = route.view === 'play' ? `/play/${route.id}` : PATHS[route.view];
  if (route.view === 'play' && route.t) p.set('t', String(Math.round(route.t * 1000) / 1000)); // to the ms: a link to a moment lands on its frame
  if (route.view === 'timeline' && route.from !== undefined && route.to !== undefined) {
    p.set('from', String(Math.round(route.from)));
    p.set('to', String(Math.round(route.to)));
  }
  if (route.view === 'sync') p.set('t', String(Math.round(route.t)));
  let qs = p.toString();
  // Lane keys are URL-safe: the list keeps its commas readable.
  if (windowed && route.lanes.length) qs += `${qs ? '&' : ''}lanes=${route.lanes.join(',')}`;
  return `#${pathPart}${qs ? `?${qs}` : ''}`;
}

/** For <input type="datetime-local">: local time, minutes. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(v: string): number | undefined {
  if (!v) return undefined;
  const t = new Date(v).getTime(); // no zone: local time, as the user typed it
  return Number.isFinite(t) ? t : undefined;
}
