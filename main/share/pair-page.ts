// The small page an unpaired browser sees (or a browser whose pairing failed): what happened and
// what to do, in words, with nothing it could run.

export function pairPage(title: string, text: string, status: number): Response {
  const esc = (t: string): string => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Reelvault: ${esc(title)}</title><body style="font:16px system-ui;margin:3em auto;max-width:34em;color:#222">
<h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' } });
}

export const NEED_PAIRING = 'Open the pairing link shown by Reelvault on the recording computer (Settings, "Pair a device", or `reelvault pair` there) once on this device. After that, this address opens the library.';
