// The "Skip quiet" switch of the player and the sync view, remembered in this browser, with the
// speed playing now (16× through quiet stretches).
import { useState } from 'react';
import { TOP_RATE } from './skip-quiet.js';
import './activity.css';

const KEY = 'reelvault.skipQuiet';

export function useSkipPreference(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => { try { return localStorage.getItem(KEY) === '1'; } catch { return false; } });
  return [on, (v) => { setOn(v); try { localStorage.setItem(KEY, v ? '1' : '0'); } catch { /* private mode: for this view only */ } }];
}

export function SkipQuietSwitch({ on, onChange, fast, pending }: { on: boolean; onChange(on: boolean): void; fast: boolean; pending?: boolean }) {
  return (
    <label className={`skip-quiet${fast ? ' fast' : ''}`}
      title={`Quiet stretches play at ${TOP_RATE}×; activity at the chosen speed, from 1 s before each burst${pending ? ' (stretches not analysed yet play at the chosen speed)' : ''}`}>
      <input type="checkbox" role="switch" checked={on} onChange={(e) => onChange(e.target.checked)} aria-label="Skip quiet" />
      Skip quiet
      {on && fast && <span className="rate-now" data-skip-rate={TOP_RATE}>{TOP_RATE}×</span>}
    </label>
  );
}
