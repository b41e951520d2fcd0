// The virtualised thumbnail grid: rows of fixed-size tiles, only those on screen (plus one row
// each side) mounted. The visible ids go to `prioritize`, ids scrolled away to `cancel`, so the
// server makes the thumbnails someone is looking at first.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { LibraryEntry, ReelvaultApi, RootStatus } from '../../../contract/api.js';
import { PREPARE, type Preparer } from '../player/prepare.js';
import type { LibraryData } from './use-library.js';
import { Tile } from './Tile.js';
import { fitTiles, type TileSize } from './tile-size.js';
import { TileMenu, type MenuAt } from './TileMenu.js';
import { useApi } from '../api-context.js';

const GAP = 12;

export interface GridProps {
  api: ReelvaultApi;
  data: LibraryData;
  roots: RootStatus[];
  selected: number;
  onSelect(index: number): void;
  onOpen(entry: LibraryEntry): void;
  /** Starts what the user points at or selects (prepare.ts). */
  preparer: Preparer;
  size?: TileSize;
}

export function Grid({ api, data, roots, selected, onSelect, onOpen, preparer, size = 'M' }: GridProps) {
  const { caps } = useApi();
  const menus = caps.allowed.revealFile;
  const [menu, setMenu] = useState<MenuAt | null>(null);
  const openMenu = useCallback((entry: LibraryEntry, x: number, y: number) => setMenu({ entry, x, y }), []);
  const closeMenu = useCallback(() => setMenu(null), []);
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const tile = fitTiles(width, size, GAP);
  const cols = tile.cols;
  const total = data.total ?? 0;
  const rows = Math.ceil(total / cols);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // TanStack Virtual returns fresh functions each render, which the React Compiler cannot
  // memoise: it skips this component (a lint warning), which is what we want anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => tile.h + GAP,
    overscan: 1,
  });
  // A new tile size: every row is as tall as its tiles again.
  useEffect(() => { virtual.measure(); }, [virtual, tile.h]);
  const items = virtual.getVirtualItems();
  const first = items.length ? items[0]!.index * cols : 0;
  const last = items.length ? Math.min(total - 1, (items[items.length - 1]!.index + 1) * cols - 1) : -1;

  // Fetch what is on screen; tell the server which thumbnails matter now.
  const shown = useRef(new Set<string>());
  useEffect(() => {
    data.show(first, Math.max(first, last));
    const timer = setTimeout(() => {
      const now = new Set<string>();
      for (let i = first; i <= last; i++) {
        const e = data.itemAt(i);
        if (e) now.add(e.id);
      }
      const gone = [...shown.current].filter((id) => !now.has(id));
      const fresh = [...now].filter((id) => !shown.current.has(id));
      shown.current = now;
      if (gone.length) void api.cancel(gone);
      if (fresh.length) void api.prioritize(fresh);
    }, 120);
    return () => clearTimeout(timer);
  }, [api, data, first, last, data.version]);

  const offlineRoots = new Map(roots.filter((r) => r.state === 'offline').map((r) => [r.root, r.reason ?? 'the folder is offline']));

  const hover = useCallback((id: string, on: boolean) => {
    if (on) preparer.intent(id, PREPARE.hoverMs);
    else preparer.leave(id);
  }, [preparer]);
  // Whatever was prepared and not played ends with the grid.
  useEffect(() => () => preparer.end(), [preparer]);

  const move = useCallback((to: number) => {
    if (!total) return;
    const next = Math.max(0, Math.min(total - 1, to));
    onSelect(next);
    const e = data.itemAt(next);
    if (e) preparer.intent(e.id, PREPARE.selectMs);
    virtual.scrollToIndex(Math.floor(next / cols), { align: 'auto' });
  }, [cols, data, onSelect, preparer, total, virtual]);

  const onKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    const k = ev.key;
    let to: number | null = null;
    if (k === 'ArrowRight') to = selected + 1;
    else if (k === 'ArrowLeft') to = selected - 1;
    else if (k === 'ArrowDown') to = selected + cols;
    else if (k === 'ArrowUp') to = selected - cols;
    else if (k === 'PageDown') to = selected + cols * Math.max(1, items.length - 2);
    else if (k === 'PageUp') to = selected - cols * Math.max(1, items.length - 2);
    else if (k === 'Home') to = 0;
    else if (k === 'End') to = total - 1;
    else if (k === 'Enter') {
      const e = data.itemAt(selected);
      if (e) onOpen(e);
      ev.preventDefault();
      return;
    }
    if (to !== null) {
      ev.preventDefault();
      move(to);
    }
  };

  // Keep the selection in view when it is set from outside (back from the player).
  useEffect(() => {
    if (selected >= 0 && cols) virtual.scrollToIndex(Math.floor(selected / cols), { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cols]);

  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="listbox"
      aria-label="Recordings"
      aria-activedescendant={total ? `tile-${selected}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="grid"
      data-tile-size={size}
      style={{ '--tile-w': `${tile.w}px`, '--tile-h': `${tile.h}px`, '--thumb-h': `${tile.thumb}px` } as CSSProperties}
    >
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {items.map((row) => (
          <div key={row.key} className="grid-row" style={{ transform: `translateY(${row.start}px)`, gap: GAP, padding: `0 ${GAP}px` }}>
            {Array.from({ length: cols }, (_, c) => {
              const i = row.index * cols + c;
              if (i >= total) return null;
              const e = data.itemAt(i);
              return (
                <Tile key={e?.id ?? `pending-${i}`} api={api} entry={e} index={i} selected={i === selected}
                  offline={e ? offlineRoots.get(e.root) ?? null : null} onSelect={onSelect} onOpen={onOpen} onHover={hover}
                  {...(menus ? { onMenu: openMenu } : {})} />
              );
            })}
          </div>
        ))}
      </div>
      {menu && <TileMenu api={api} at={menu} onClose={closeMenu} />}
    </div>
  );
}
