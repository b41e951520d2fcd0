// Search, date-time range and sort above the grid; camera chips with counts beside it.
import { forwardRef, useEffect, useState } from 'react';
import type { CameraFacet, CameraRef } from '../../../contract/api.js';
import { fromLocalInput, SORTS, toLocalInput, type Filters } from './filters.js';

export interface FilterBarProps {
  filters: Filters;
  onChange(f: Filters): void;
  /** The search alone (the timeline: its window is the dates, and it has no order). */
  searchOnly?: boolean;
}

export const FilterBar = forwardRef<HTMLInputElement, FilterBarProps>(function FilterBar({ filters, onChange, searchOnly }, searchRef) {
  // Typing updates the query after a short pause, not per key.
  // The typed text, until the filters (the URL) change under it: back, reload, "clear".
  // Filters that change to what this box itself sent (the pause came while typing went on)
  // keep the draft: otherwise the keys typed since would be lost.
  const [draft, setDraft] = useState<{ base: string; text: string; sent?: string }>({ base: filters.text, text: filters.text });
  const text = draft.base === filters.text || filters.text === draft.sent ? draft.text : filters.text;
  const setText = (t: string) => setDraft({ base: filters.text, text: t });
  /** Sets or clears one end of the date range. */
  const setBound = (end: 'from' | 'to', v: number | undefined) => {
    const { [end]: _drop, ...rest } = filters;
    onChange(v === undefined ? rest : { ...rest, [end]: v });
  };
  useEffect(() => {
    if (text === filters.text) return;
    const t = setTimeout(() => { setDraft((d) => ({ ...d, sent: text })); onChange({ ...filters, text }); }, 200);
    return () => clearTimeout(t);
  }, [text, filters, onChange]);

  return (
    <div className="filter-bar" role="search">
      <input
        ref={searchRef}
        type="search"
        className="search"
        placeholder="Search names and folders  ( / )"
        aria-label="Search recordings by name"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') { setText(''); (e.target as HTMLInputElement).blur(); } }}
      />
      {!searchOnly && <>
      <label className="field">
        <span>From</span>
        <input type="datetime-local" aria-label="Recorded from" value={toLocalInput(filters.from)}
          onChange={(e) => setBound('from', fromLocalInput(e.target.value))} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="datetime-local" aria-label="Recorded before" value={toLocalInput(filters.to)}
          onChange={(e) => setBound('to', fromLocalInput(e.target.value))} />
      </label>
      <label className="field">
        <span>Sort</span>
        <select aria-label="Sort by" value={filters.sort} onChange={(e) => onChange({ ...filters, sort: e.target.value as Filters['sort'] })}>
          {SORTS.map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
        </select>
      </label>
      </>}
    </div>
  );
});

export interface CameraChipsProps {
  facets: CameraFacet[];
  selected: CameraRef[];
  onChange(cameras: CameraRef[]): void;
}

/**
 * Toggle chips per camera, grouped under their library folder when there are several, and those
 * under the Reelvault they come from when other Reelvaults' recordings are shown too.
 */
export function CameraChips({ facets, selected, onChange }: CameraChipsProps) {
  const isOn = (c: CameraRef) => selected.some((s) => s.root === c.root && s.name === c.name);
  const same = (a: CameraRef, b: CameraRef) => a.root === b.root && a.name === b.name;
  const toggle = (c: CameraRef) => onChange(isOn(c) ? selected.filter((s) => !same(s, c)) : [...selected, { root: c.root, name: c.name }]);
  const roots = [...new Map(facets.map((f) => [f.root, f.rootLabel])).entries()];
  const sourceOf = new Map(facets.map((f) => [f.root, f.source ?? '']));
  const sources = [...new Set(roots.map(([root]) => sourceOf.get(root) ?? ''))].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  const group = ([root, label]: [string, string]) => (
    <div key={root} className="camera-group" role="group" aria-label={roots.length > 1 ? `Folder ${label}` : 'Cameras'} data-root-id={root}>
      {roots.length > 1 && <h3>{label}</h3>}
      {facets.filter((f) => f.root === root).map((f) => (
        <button key={f.name} type="button" className={`chip${isOn(f) ? ' on' : ''}`} aria-pressed={isOn(f)}
          aria-label={`${f.name}: ${f.count} recordings`} onClick={() => toggle(f)}>
          <span>{f.name}</span><span className="count">{f.count.toLocaleString()}</span>
        </button>
      ))}
    </div>
  );
  return (
    <nav className="cameras" aria-label="Cameras">
      <div className="cameras-head">
        <h2>Cameras</h2>
        {selected.length > 0 && <button type="button" className="link" onClick={() => onChange([])}>Show all</button>}
      </div>
      {sources.length > 1 ? sources.map((source) => (
        <section key={source} className="camera-source" aria-label={source || 'This computer'} data-source={source}>
          <h3 className="source">{source || 'This computer'}</h3>
          {roots.filter(([root]) => (sourceOf.get(root) ?? '') === source).map(group)}
        </section>
      )) : roots.map(group)}
    </nav>
  );
}
