// The contract's server side assembled: the service (operations) and the event hub fed by the
// library and its runner. The share serves it over HTTP; the Electron shell over IPC.
import type { ApiEvents, LibraryEntry } from '../../contract/api.js';
import { activityChange } from './activity.js';
import type { LibraryRunner } from '../service/library-runner.js';
import type { Core } from '../service/core.js';
import { EventHub, type EventHubOptions, type HubEvent } from './event-hub.js';
import { createApiService, type ApiService, type DesktopOps, type ServiceDeps } from './service.js';

export interface LiveApi {
  service: ApiService;
  hub: EventHub;
  /** The current scan progress and root states, for a stream that starts afresh. */
  snapshot(): HubEvent[];
  close(): void;
}

export function createLiveApi(core: Core, runner: LibraryRunner, opts: {
  settings: ServiceDeps['settings'];
  desktop?: DesktopOps;
  audit?: ServiceDeps['audit'];
  hub?: EventHubOptions;
}): LiveApi {
  const hub = new EventHub({ firstId: Date.now() * 100, ...opts.hub });
  const onChanged = (ids: string[]): void => {
    const updated: string[] = [];
    const removed: string[] = [];
    for (const id of ids) (core.library.get(id) ? updated : removed).push(id);
    hub.libraryChanged(updated, removed);
  };
  const onRoots = (roots: ApiEvents['roots']): void => hub.publish('roots', roots);
  const onScan = (p: ApiEvents['scan']): void => hub.publish('scan', p);
  core.library.on('changed', onChanged);
  const secondsOf = (e: LibraryEntry): number => core.activity.store.summaries([core.activity.versionOf(e)])[0]?.seconds ?? 0;
  const onActivity = (entries: LibraryEntry[]): void => hub.publish('activity', activityChange(core.library, entries, secondsOf));
  core.activity.on('changed', onActivity);
  // A new mask or sensitivity changes the lane's whole history.
  const onTuned = (lane: string): void => hub.publish('activity', { lanes: [{ key: lane, from: 0, to: 8.64e15 }] });
  core.activity.on('tuned', onTuned);
  runner.on('roots', onRoots);
  runner.on('scan', onScan);
  const service = createApiService({
    core,
    rootStatus: () => runner.rootStatus(),
    scanProgress: () => runner.scanProgress(),
    settings: opts.settings,
    labelOf: (root) => runner.labelOf(root),
    ...(opts.desktop ? { desktop: opts.desktop } : {}),
    ...(opts.audit ? { audit: opts.audit } : {}),
  });
  return {
    service,
    hub,
    snapshot: () => [
      { id: hub.lastId, name: 'roots', data: runner.rootStatus() },
      { id: hub.lastId, name: 'scan', data: runner.scanProgress() },
    ],
    close() {
      core.library.off('changed', onChanged);
      core.activity.off('changed', onActivity);
      core.activity.off('tuned', onTuned);
      runner.off('roots', onRoots);
      runner.off('scan', onScan);
      hub.close();
    },
  };
}
