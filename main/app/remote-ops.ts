// The desktop's operations on other Reelvaults: pair with one's link (Settings, "Add another
// Reelvault…"), list them with their state, forget one. Failures come back in words.
import os from 'node:os';
import type { RemoteSourceInfo, Result } from '../../contract/api.js';
import { ApiFailure } from '../api/service.js';
import { RemoteError } from '../remote/remote-client.js';
import type { RemoteSources } from '../remote/remote-sources.js';

export function createRemoteOps(remotes: RemoteSources) {
  const ok = (value: RemoteSourceInfo[]): Result<RemoteSourceInfo[]> => ({ ok: true, value });
  return {
    async addRemote(link: string) {
      try {
        await remotes.add(link, `Reelvault on ${os.hostname()}`);
      } catch (err) {
        if (err instanceof RemoteError) throw new ApiFailure(err.kind === 'offline' || err.kind === 'timeout' ? 'offline' : 'bad-request', err.message);
        throw err;
      }
      return ok(remotes.list());
    },
    remotes: async () => ok(remotes.list()),
    async removeRemote(key: string) {
      if (!(await remotes.remove(key))) throw new ApiFailure('not-found', 'no such Reelvault is paired with this computer');
      return ok(remotes.list());
    },
  };
}
