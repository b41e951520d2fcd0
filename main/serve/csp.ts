// The web UI's Content-Security-Policy, for the app's window and the LAN share alike: its own
// scripts and styles only; pictures and media from its origin (and `extra`, the app's scheme) or
// the blob: URLs Media Source Extensions make; requests only back to where it came from.
export function pageCsp(extra?: string): string {
  const also = extra ? ` ${extra}` : '';
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", `img-src 'self'${also} blob: data:`, `media-src 'self'${also} blob:`,
    `connect-src 'self'${also}`, "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}
