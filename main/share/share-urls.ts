// The addresses viewers can open the share at.
import os from 'node:os';

/** One URL per local IPv4 address (loopback last), or the one host the share listens on. */
export function shareUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const urls: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4') urls.push(`http://${a.address}:${port}/`);
    }
  }
  return urls.sort((a, b) => Number(a.includes('127.0.0.1')) - Number(b.includes('127.0.0.1')));
}
