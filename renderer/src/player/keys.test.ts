import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../shortcuts.js';
import { keyAction, keyWorksWithoutPlayback, nextRate } from './keys.js';

describe('player keys', () => {
  it('maps the keys VLC and mpv users expect', () => {
    const playing = { paused: false };
    expect(keyAction(' ', playing)).toEqual({ kind: 'toggle' });
    expect(keyAction('k', playing)).toEqual({ kind: 'toggle' });
    expect(keyAction('j', playing)).toEqual({ kind: 'seekBy', sec: -10 });
    expect(keyAction('L', playing)).toEqual({ kind: 'seekBy', sec: 10 });
    expect(keyAction('ArrowLeft', playing)).toEqual({ kind: 'seekBy', sec: -5 });
    expect(keyAction('ArrowRight', playing)).toEqual({ kind: 'seekBy', sec: 5 });
    expect(keyAction('.', playing)).toBeNull();
    expect(keyAction('.', { paused: true })).toEqual({ kind: 'frame', frames: 1 });
    expect(keyAction(',', { paused: true })).toEqual({ kind: 'frame', frames: -1 });
    expect(keyAction('n', playing)).toEqual({ kind: 'step', delta: 1 });
    expect(keyAction('P', playing)).toEqual({ kind: 'step', delta: -1 });
    expect(keyAction('Escape', playing)).toEqual({ kind: 'back' });
    expect(keyAction('x', playing)).toBeNull();
    expect(keyAction('a', playing)).toEqual({ kind: 'burst', dir: 1 });
    expect(keyAction('A', playing)).toEqual({ kind: 'burst', dir: -1 });
    expect(keyAction('[', playing)).toEqual({ kind: 'rate', dir: -1 });
    expect(keyAction('Backspace', playing)).toEqual({ kind: 'speedReset' });
  });
  it('steps speed within 0.5–2×', () => {
    expect(nextRate(1, 1)).toBe(1.25);
    expect(nextRate(2, 1)).toBe(2);
    expect(nextRate(0.5, -1)).toBe(0.5);
    expect(nextRate(0.75, -1)).toBe(0.5);
    expect(nextRate(3, 1)).toBe(1);
  });

  it('lists in the "?" overlay exactly the keys it handles', () => {
    const listed = SHORTCUTS.play.flatMap(([keys]) => keys.split(' ').map((t) => t.replace(/,$/, '') || ',')).filter((k) => k.length === 1 || k === 'Space' || k === 'Esc' || k === '←' || k === '→');
    const name = (k: string) => ({ Space: ' ', Esc: 'Escape', '←': 'ArrowLeft', '→': 'ArrowRight' } as Record<string, string>)[k] ?? k.toLowerCase();
    for (const k of listed) expect(keyAction(name(k), { paused: true }), k).not.toBeNull();
    const handled = [...'kjl,.[]fmnpsioeya', ' ', 'ArrowLeft', 'ArrowRight', 'Escape'];
    for (const k of handled) expect(listed.map(name), `${k} is handled but not listed`).toContain(k);
  });
});

describe('keys in the error view (nothing plays)', () => {
  it('leave or step on, and do nothing else', () => {
    const works = ['Escape', 'n', 'p', 'f'].map((k) => keyWorksWithoutPlayback(keyAction(k, { paused: true })!));
    expect(works).toEqual([true, true, true, true]);
    const idle = [' ', 'ArrowRight', 'ArrowLeft', 'l', 'j', '.', ',', '[', ']', 's', 'i', 'o', 'e', 'y', 'm', 'a', 'A'].filter((k) => keyWorksWithoutPlayback(keyAction(k, { paused: true })!));
    expect(idle).toEqual([]);
  });
});
