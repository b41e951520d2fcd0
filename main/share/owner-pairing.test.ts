import { describe, expect, it } from 'vitest';
import { isLoopback, ownerPairingRefusal } from './owner-pairing.js';

describe('owner pairing: only the computer itself makes an owner', () => {
  it.each([
    ['loopback-owner', '127.0.0.1', false, null],
    ['loopback-owner', '::1', false, null],
    ['loopback-owner', '::ffff:127.0.0.1', false, null],
    ['loopback-owner', '192.168.1.20', false, 'only on the Reelvault computer'],
    ['loopback-owner', '::ffff:10.0.0.5', false, 'only on the Reelvault computer'],
    ['loopback-owner', 'fe80::1', false, 'only on the Reelvault computer'],
    ['loopback-owner', '127.0.0.1', true, 'reverse proxy'],
    ['owner', '192.168.1.20', false, null],
    ['owner', '127.0.0.1', true, 'reverse proxy'],
    ['viewer', '192.168.1.20', true, null],
  ] as const)('%s code from %s (through a proxy: %s)', (kind, socketAddress, viaProxy, refusal) => {
    const r = ownerPairingRefusal(kind, { socketAddress, viaProxy });
    if (refusal === null) expect(r).toBeNull();
    else expect(r).toContain(refusal);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true, true]);
    expect(['0.0.0.0', '10.0.0.1', '::', '128.0.0.1', ''].map(isLoopback)).toEqual([false, false, false, false, false]);
  });
});
