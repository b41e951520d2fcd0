// The small page an unpaired browser sees (or a browser whose pairing failed): what happened and
// what to do, in words. Its one script (allowed by its hash, nothing else runs) keeps a link to a
// moment (`#/at/…`, which never reaches the server) for the app to open once the browser is paired.
import { createHash } from 'node:crypto';

/** Where the app looks after pairing (renderer/src/moments/moment-links.ts, AFTER_PAIRING_KEY). */
const KEEP_MOMENT = "try{if(/^#\\/at\\/[A-Za-z0-9_,-]+\\/\\d+$/.test(location.hash))localStorage.setItem('reelvault.afterPairing',"
  + "JSON.stringify({hash:location.hash,until:Date.now()+3600000}))}catch(e){}";
const KEEP_MOMENT_HASH = createHash('sha256').update(KEEP_MOMENT).digest('base64');

export function pairPage(title: string, text: string, status: number, keepMoment = false): Response {
  const esc = (t: string): string => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Reelvault: ${esc(title)}</title><body style="font:16px system-ui;margin:3em auto;max-width:34em;color:#222">
<h1>${esc(title)}</h1><p>${esc(text)}</p>${keepMoment ? `<script>${KEEP_MOMENT}</script>` : ''}</body></html>`;
  const csp = `default-src 'none'; style-src 'unsafe-inline'${keepMoment ? `; script-src 'sha256-${KEEP_MOMENT_HASH}'` : ''}`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store' } });
}

export const NEED_PAIRING = 'Open the pairing link shown by Reelvault on the recording computer (Settings, "Pair a device", or `reelvault pair` there) once on this device. After that, this address opens the library (a link to a moment opens at that moment).';

/** A body that may not be JSON (a program's POST /pair): null then. */
export function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return null; }
}

const NEW_LINK = 'Ask for a new one on the recording computer (Settings, "Pair a device", or `reelvault pair`), then open it here.';

/** The page for a pairing link that did not pair this browser, saying why. */
export function refusedPairPage(why: 'unknown' | 'expired' | 'not-saved'): Response {
  if (why === 'expired') return pairPage('This pairing link has expired', `Pairing links work for 15 minutes. ${NEW_LINK}`, 401);
  if (why === 'not-saved') return pairPage('Pairing could not be saved', 'The recording computer could not save this device (is its disk full?), so it was not paired. Try again once that is fixed.', 500);
  return pairPage('This pairing link is not valid', `This pairing link is not valid: it may have been cut short or mistyped. Open the whole link, or: ${NEW_LINK}`, 401);
}
