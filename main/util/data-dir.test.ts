import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir.js';

describe('defaultDataDir matches Electron userData', () => {
  it.each([
    ['linux', {}, path.join(os.homedir(), '.config', 'Reelvault')],
    ['linux', { XDG_CONFIG_HOME: '/x/cfg' }, path.join('/x/cfg', 'Reelvault')],
    ['darwin', {}, path.join(os.homedir(), 'Library', 'Application Support', 'Reelvault')],
    ['win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, path.join('C:\\Users\\u\\AppData\\Roaming', 'Reelvault')],
    ['linux', { REELVAULT_DATA_DIR: '/srv/rv-profile', XDG_CONFIG_HOME: '/x/cfg' }, '/srv/rv-profile'],
  ] as const)('%s %o', (platform, env, want) => {
    expect(defaultDataDir(env, platform)).toBe(want);
  });
});
