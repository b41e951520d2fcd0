// A string whose plain (binary) order is the UI's natural order of names (Intl.Collator with
// numeric: true, sensitivity: 'base'), so SQLite can sort and index by it: better-sqlite3 has no
// way to register a collation, and sorting a million rows in JS is what the database replaces.

/** Digit runs become "length letter + digits" so 2 < 10; case and accents fold away. */
export function naturalKey(s: string): string {
  const folded = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return folded.replace(/\d+/g, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '');
    // Up to 26 significant digits sort by length first ('a' = 1 digit), then by value.
    return String.fromCharCode(96 + Math.min(digits.length, 26)) + digits;
  });
}
