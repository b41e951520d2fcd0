import { describe, expect, it } from 'vitest';
import { openerFor, runningLine } from './browser-app.js';

describe('npm start without Electron: the one line and the browser it opens', () => {
  it('prints the owner link and says it works on this computer only', () => {
    expect(runningLine('http://127.0.0.1:8080/pair?code=abc')).toBe('Reelvault is running: http://127.0.0.1:8080/pair?code=abc (this computer only)');
  });

  it.each([
    ['linux', 'xdg-open', ['u']],
    ['darwin', 'open', ['u']],
    ['win32', 'cmd', ['/c', 'start', '""', 'u']],
  ] as const)('opens the link on %s with %s', (platform, command, args) => {
    const o = openerFor(platform);
    expect([o.command, o.args('u')]).toEqual([command, args]);
  });
});
