// Address ranges ("192.168.1.0/24", "fd00::/8"), parsed strictly in one place: the command line,
// the settings schema and the share's checks all use it. A sloppy parse is a hole: "10.0.0.0/"
// once read as "/0" and trusted every address.
import net from 'node:net';

export interface Cidr {
  /** As given, normalised: "192.168.1.0/24". */
  text: string;
  family: 'ipv4' | 'ipv6';
  address: string;
  bits: number;
}

/** The range, or why it is not one (in words for the person who typed it). */
export function parseCidr(text: string): Cidr | { error: string } {
  const t = text.trim();
  const m = /^([0-9a-fA-F:.]+)(?:\/(\d{1,3}))?$/.exec(t);
  const what = `"${t.slice(0, 60)}" is not an address range like 192.168.1.0/24`;
  if (!m) return { error: what };
  const address = m[1]!;
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null;
  if (!family) return { error: what };
  const max = family === 'ipv4' ? 32 : 128;
  // A bare address is that one host; a slash needs a length.
  if (t.includes('/') && m[2] === undefined) return { error: what };
  const bits = m[2] === undefined ? max : Number(m[2]);
  if (!Number.isInteger(bits) || bits < 0 || bits > max || (m[2] !== undefined && m[2].length > 1 && m[2].startsWith('0'))) {
    return { error: `"${t.slice(0, 60)}": the prefix length must be 0 to ${max}` };
  }
  return { text: `${address}/${bits}`, family, address, bits };
}

export function isCidr(text: string): boolean {
  return !('error' in parseCidr(text));
}

/** A matcher for a list of ranges that were checked when given (bad ones never reach here). */
export function cidrMatcher(ranges: readonly Cidr[]): (address: string) => boolean {
  const list = new net.BlockList();
  for (const r of ranges) list.addSubnet(r.address, r.bits, r.family);
  return (address) => {
    const a = address.replace(/^::ffff:(?=\d+\.)/, '');
    const family = net.isIPv4(a) ? 'ipv4' : net.isIPv6(a) ? 'ipv6' : null;
    return family !== null && ranges.length > 0 && list.check(a, family);
  };
}

/** Parse every range or throw with the first one's reason. */
export function parseCidrs(texts: readonly string[]): Cidr[] {
  return texts.map((t) => {
    const c = parseCidr(t);
    if ('error' in c) throw new Error(c.error);
    return c;
  });
}
