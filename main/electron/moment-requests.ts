// `reelvault://at/<lanes>/<ms>` links the system hands the app: on the command line (Linux,
// Windows, a second launch) or by macOS's open-url event. Each becomes the page's `#/at/…`.
import { momentHash, parseMomentUrl } from '../../contract/moment-link.js';

/** The `#/at/…` of the last moment link on a command line, or null. */
export function momentHashIn(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const m = parseMomentUrl(argv[i]!);
    if (m) return momentHash(m);
  }
  return null;
}

/** The `#/at/…` a link names, or null when it is not a link to a moment. */
export function momentHashOf(url: string): string | null {
  const m = parseMomentUrl(url);
  return m ? momentHash(m) : null;
}
