// The shared contract suite, unchanged, over the IPC transport with a fake IPC pair.
import { describe, expect, it } from 'vitest';
import { contractSuite, CONTRACT_FILES } from '../main/test-support/contract-suite.js';
import { ipcHarness } from '../main/test-support/api-harness.js';
import { fakeIpcPair } from '../main/test-support/fake-ipc.js';
import { registerIpc, trustedSender } from '../main/electron/ipc.js';
import { createIpcTransport } from './ipc-transport.js';

contractSuite('IPC (the preload transport and a fake IPC pair)', () => ipcHarness(CONTRACT_FILES), 'ipc');

describe('IPC sender checks', () => {
  it('refuses calls from frames that are not the app at its origin, in the top frame', async () => {
    expect(trustedSender({ senderFrame: { url: 'reelvault://app/index.html', parent: null } })).toBe(true);
    for (const f of [
      { url: 'https://evil.example/', parent: null },
      { url: 'reelvault://other/index.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'reelvault://app/index.html', parent: {} },
      { url: 'not a url', parent: null },
    ]) expect(trustedSender({ senderFrame: f })).toBe(false);
    expect(trustedSender({ senderFrame: null })).toBe(false);

    const fake = fakeIpcPair('https://evil.example/');
    const calls: string[] = [];
    registerIpc(fake.ipcMain, { operations: [], call: async (_ctx: unknown, op: string) => { calls.push(op); return { ok: true, value: null }; } } as never);
    const api = createIpcTransport(fake.ipcRenderer);
    expect(await api.query({})).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(calls).toEqual([]);
  });
});
