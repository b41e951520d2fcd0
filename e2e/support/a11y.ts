// Every control a user can reach has a name a screen reader can say.
import type { Page } from 'playwright-core';

export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="option"], [role="listbox"], a[href]')) {
      if (el.closest('[hidden], [aria-hidden="true"]')) continue;
      const labelledBy = el.getAttribute('aria-labelledby');
      const byLabel = (el as HTMLInputElement).labels?.length ? [...(el as HTMLInputElement).labels!].map((l) => l.textContent ?? '').join(' ') : '';
      const name = el.getAttribute('aria-label') ?? (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ?? (byLabel || el.textContent || el.getAttribute('title') || '');
      if (!name.trim()) bad.push(el.outerHTML.slice(0, 120));
    }
    return bad;
  });
}
