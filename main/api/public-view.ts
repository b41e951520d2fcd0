// What a viewer is shown of the library: folders by opaque id and label, never by path, on
// both transports; and on the LAN share, nothing of the desktop's temporary folders. Every
// entry, camera and query crosses the contract through here.
import type { CameraRef, LibraryEntry, LibraryQuery, QueryResult, SettingsView } from '../../contract/api.js';
import type { IndexResult } from '../library/sql-index.js';
import type { Library } from '../library/library.js';

export interface PublicView {
  entry(e: LibraryEntry): LibraryEntry;
  /** A viewer's query, its cameras named by root id, as the index takes it. */
  query(q: LibraryQuery): LibraryQuery;
  result(r: IndexResult): QueryResult;
  settings(s: SettingsView): SettingsView;
  /** Whether this viewer may see the entry at all. */
  sees(e: LibraryEntry): boolean;
  /** Roots this viewer's queries leave out. */
  hiddenRoots: ReadonlySet<string> | undefined;
}

/** A root id nobody has: a camera named by an unknown id matches nothing. */
const NO_ROOT = '\0unknown root';

export function publicView(
  library: Library, labelOf: (root: string) => string, lan: boolean, sourceOf: (root: string) => string | undefined = () => undefined,
): PublicView {
  const camera = (c: CameraRef): CameraRef => ({ ...c, root: library.rootById(c.root) ?? NO_ROOT });
  const entry = (e: LibraryEntry): LibraryEntry => ({ ...e, root: library.rootId(e.root) });
  return {
    entry,
    query: (q) => (q.cameras ? { ...q, cameras: q.cameras.map(camera) } : q),
    result: (r) => ({
      ...r,
      items: r.items.map(entry),
      facets: {
        ...r.facets,
        cameras: r.facets.cameras.map((c) => {
          const source = sourceOf(c.root);
          return { ...c, root: library.rootId(c.root), rootLabel: labelOf(c.root), ...(source ? { source } : {}) };
        }),
      },
    }),
    // A LAN viewer is told each folder's name, not where it is on this computer.
    settings: (s) => (lan ? { ...s, libraryRoots: s.libraryRoots.map(({ path: _path, ...r }) => r) } : s),
    sees: (e) => !lan || library.sharedEntry(e),
    hiddenRoots: lan ? library.desktopOnlyRoots : undefined,
  };
}
