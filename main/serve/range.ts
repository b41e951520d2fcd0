// Range requests as RFC 9110 §14 defines them, for one representation of `size` bytes.
//   none: no usable Range (absent, another unit, or invalid syntax) → 200 with the whole body
//   single: one satisfiable range → 206
//   multiple: several satisfiable ranges → we answer 200 with the whole body (§14.2 lets a
//     server ignore Range; players ask for one range, and multipart/byteranges is not worth it)
//   unsatisfiable: none of the ranges overlaps the body → 416 with Content-Range: bytes */size

export type RangeResult =
  | { kind: 'none' }
  | { kind: 'single'; start: number; end: number }
  | { kind: 'multiple' }
  | { kind: 'unsatisfiable' };

const DIGITS = /^\d+$/;

export function parseRange(header: string | null | undefined, size: number): RangeResult {
  if (header === null || header === undefined) return { kind: 'none' };
  const eq = header.indexOf('=');
  if (eq < 0) return { kind: 'none' };
  // The unit is case-insensitive (§14.1); any other unit is ignored.
  if (header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'none' };
  // A #list: elements separated by commas with optional whitespace; empty elements are allowed.
  const specs = header.slice(eq + 1).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) return { kind: 'none' };
  const satisfiable: Array<{ start: number; end: number }> = [];
  for (const spec of specs) {
    const dash = spec.indexOf('-');
    if (dash < 0) return { kind: 'none' };
    const first = spec.slice(0, dash);
    const last = spec.slice(dash + 1);
    if (first === '') {
      // suffix-range: the last N bytes; N = 0 is unsatisfiable.
      if (!DIGITS.test(last)) return { kind: 'none' };
      const n = toNumber(last);
      if (n > 0 && size > 0) satisfiable.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    if (!DIGITS.test(first) || (last !== '' && !DIGITS.test(last))) return { kind: 'none' };
    const start = toNumber(first);
    const end = last === '' ? Infinity : toNumber(last);
    if (end < start) return { kind: 'none' }; // invalid range-spec: the whole field is ignored
    if (start < size) satisfiable.push({ start, end: Math.min(end, size - 1) });
  }
  if (satisfiable.length === 0) return { kind: 'unsatisfiable' };
  if (satisfiable.length > 1) return { kind: 'multiple' };
  return { kind: 'single', ...satisfiable[0]! };
}

/** Digits to a number; past 2^53 precision does not matter: it is beyond any file anyway. */
function toNumber(digits: string): number {
  const n = Number(digits);
  return Number.isFinite(n) ? n : Number.MAX_VALUE;
}
