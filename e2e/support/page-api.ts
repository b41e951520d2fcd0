// The contract's query, called from inside a paired page (its cookie authorises it).
import type { Page } from 'playwright-core';
import type { LibraryEntry, LibraryQuery } from '../../contract/api.js';

export function queryInPage(page: Page, q: LibraryQuery): Promise<LibraryEntry[]> {
  return page.evaluate(async (query) => {
    const r = await fetch('/api/query', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([query]) });
    return ((await r.json()) as { value: { items: LibraryEntry[] } }).value.items;
  }, q);
}
