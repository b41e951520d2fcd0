// Every number a URL carries (seconds, sizes, indexes) is read here, and strictly: plain decimal
// digits with an optional fraction and sign. `Number()` alone reads "0x10" as 16, "" as 0 and
// "1e3" as 1000, and "NaN" or "Infinity" then slip past a range check as a silent 0.

/** Digits enough for any time or size we serve, and for String() of a fraction (17 digits). */
const PLAIN_NUMBER = /^-?\d{1,15}(\.\d{1,20})?$/;

export interface UrlNumberRule {
  /** Whole numbers only. */
  integer?: boolean;
  min?: number;
  max?: number;
}

/**
 * A URL parameter as a number: undefined when it is absent (or empty), null when it is given but
 * is not a plain number within the rule; the caller answers that with a 400.
 */
export function parseUrlNumber(raw: string | null | undefined, rule: UrlNumberRule = {}): number | null | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (!PLAIN_NUMBER.test(raw)) return null;
  const n = Number(raw);
  if (rule.integer && !Number.isInteger(n)) return null;
  if (rule.min !== undefined && n < rule.min) return null;
  if (rule.max !== undefined && n > rule.max) return null;
  return Object.is(n, -0) ? 0 : n;
}
