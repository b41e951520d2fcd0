import { describe, expect, it } from 'vitest';
import { keyAction, nextRate } from './keys.js';

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
  });
  it('steps speed within 0.5–2×', () => {
    expect(nextRate(1, 1)).toBe(1.25);
    expect(nextRate(2, 1)).toBe(2);
    expect(nextRate(0.5, -1)).toBe(0.5);
    expect(nextRate(0.75, -1)).toBe(0.5);
    expect(nextRate(3, 1)).toBe(1);
  });
});
