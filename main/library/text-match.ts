// Text search keeps its meaning (every word must appear in the path, any case): words the
// trigram index can answer go to it, the rest (shorter than three letters, or not plain ASCII,
// where SQLite's lower() and JavaScript's differ) are tested on the path itself.

export function splitWords(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

/** An FTS5 MATCH for the words the index answers (each a quoted substring), and the others. */
export function ftsMatch(words: readonly string[]): { fts: string | null; rest: string[] } {
  const indexed = words.filter((w) => w.length >= 3 && /^[\x20-\x7e]+$/.test(w));
  const rest = words.filter((w) => !indexed.includes(w));
  return { fts: indexed.length ? indexed.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ') : null, rest };
}
