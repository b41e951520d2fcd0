// The grid's data for 100,000 files: the total and facets up front, items fetched a page at a
// time around what is on screen, kept while a refetch runs (no flash on library changes).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryEntry, QueryResult, ReelvaultApi } from '../../../contract/api.js';
import { toQuery, type Filters } from './filters.js';

export const PAGE = 120;

export interface LibraryData {
  total: number | null;
  facets: QueryResult['facets'] | null;
  error: string | null;
  itemAt(index: number): LibraryEntry | undefined;
  /** Indexes on screen: their pages are fetched (again, when stale). */
  show(first: number, last: number): void;
  /** Bumped whenever items arrive. */
  version: number;
}

export function useLibrary(api: ReelvaultApi, filters: Filters): LibraryData {
  // Everything shown belongs to one query: a new query reads as "nothing yet" until it answers.
  const [state, setState] = useState<{ key: string; total: number | null; facets: QueryResult['facets'] | null; error: string | null; version: number }>(
    { key: '', total: null, facets: null, error: null, version: 0 },
  );
  const pages = useRef(new Map<number, LibraryEntry[]>());
  const stale = useRef(new Set<number>());
  const inflight = useRef(new Set<number>());
  const gen = useRef(0);
  const visible = useRef<[number, number]>([0, 0]);
  const query = toQuery(filters);
  const key = JSON.stringify(query);

  const fetchPage = useCallback(async (page: number, withFacets: boolean) => {
    const g = gen.current;
    inflight.current.add(page);
    const r = await api.query({ ...JSON.parse(key) as object, offset: page * PAGE, limit: PAGE, facets: withFacets });
    if (g !== gen.current) return;
    inflight.current.delete(page);
    if (!r.ok) {
      setState((s) => ({ ...s, key, error: r.message }));
      return;
    }
    pages.current.set(page, r.value.items);
    stale.current.delete(page);
    setState((s) => ({
      key,
      total: r.value.total,
      facets: withFacets ? r.value.facets : s.key === key ? s.facets : null,
      error: null,
      version: s.version + 1,
    }));
  }, [api, key]);

  // Totals and facet counts, without items: after changes that only touched loaded pages. A page
  // refetched for one change may already hold a file whose own "added" change comes later, so
  // "is this id new?" cannot be told from the pages: the counts are asked for each time, at most
  // once a second.
  const lastFacets = useRef(0);
  const facetTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshFacets = useCallback(() => {
    if (facetTimer.current) return;
    facetTimer.current = setTimeout(() => {
      facetTimer.current = null;
      lastFacets.current = Date.now();
      const g = gen.current;
      void api.query({ ...JSON.parse(key) as object, offset: 0, limit: 0, facets: true }).then((r) => {
        if (g !== gen.current || !r.ok) return;
        setState((s) => (s.key === key ? { ...s, total: r.value.total, facets: r.value.facets } : s));
      });
    }, Math.max(0, lastFacets.current + 1000 - Date.now()));
  }, [api, key]);
  useEffect(() => () => { if (facetTimer.current) clearTimeout(facetTimer.current); facetTimer.current = null; }, [refreshFacets]);

  const show = useCallback((first: number, last: number) => {
    visible.current = [first, last];
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last) / PAGE); p++) {
      if ((!pages.current.has(p) || stale.current.has(p)) && !inflight.current.has(p)) void fetchPage(p, false);
    }
  }, [fetchPage]);

  // New filters: start over from page 0 with facets.
  useEffect(() => {
    gen.current++;
    pages.current = new Map();
    stale.current = new Set();
    inflight.current = new Set();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- fetchPage sets state only once the query answers
    void fetchPage(0, true);
  }, [fetchPage]);

  // Library changes. Files only updated (probed, finished recording) where we hold them: those
  // pages are fetched again, and the counts (background probing sends such changes all the
  // time). Anything else (files added or removed, a reset): everything is stale; refetch the
  // facets and what is on screen.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let full = false;
    const touched = new Set<number>();
    const off = api.onLibraryChange((c) => {
      if (c.reset || c.removed.length) full = true;
      else {
        const where = new Map<string, number>();
        for (const [p, items] of pages.current) for (const e of items) where.set(e.id, p);
        for (const id of c.updated) {
          const p = where.get(id);
          if (p === undefined) { full = true; break; }
          touched.add(p);
        }
      }
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const [first, last] = visible.current;
        if (full) {
          for (const p of pages.current.keys()) stale.current.add(p);
          inflight.current.clear();
          gen.current++;
          void fetchPage(0, true);
        } else {
          for (const p of touched) stale.current.add(p);
          refreshFacets();
        }
        full = false;
        touched.clear();
        show(first, last);
      }, 300);
    });
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [api, fetchPage, show, refreshFacets]);

  const itemAt = useCallback((i: number) => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE], []);
  const current = state.key === key;
  return {
    total: current ? state.total : null, facets: current ? state.facets : null, error: current ? state.error : null, itemAt, show, version: state.version,
  };
}
