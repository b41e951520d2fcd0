// WCAG contrast of every enabled control's text against what is behind it, read in the page:
// the background is the first opaque one up the tree, with translucent ones blended over it.
import type { Page } from 'playwright-core';

export interface LowContrast { control: string; ratio: number; color: string; background: string }

/** Controls on screen whose text is below 4.5:1 (3:1 for large text). Disabled ones are exempt (WCAG 1.4.3). */
export function lowContrast(page: Page, selector = 'button:not(:disabled), select:not(:disabled), a.button:not(.disabled)'): Promise<LowContrast[]> {
  return page.evaluate((sel) => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3] + under[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: 0 | 1 | 2) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const backgroundOf = (el: Element): RGBA => {
      const layers: RGBA[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg: RGBA = [255, 255, 255, 1]; // the canvas under everything
      for (const l of layers.reverse()) bg = over(l, bg);
      return bg;
    };
    const lum = ([r, g, b]: RGBA) => {
      const ch = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const out: Array<{ control: string; ratio: number; color: string; background: string }> = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden' || el.closest('[hidden], .visually-hidden')) continue;
      const bg = backgroundOf(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const st = getComputedStyle(el);
      const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) {
        out.push({ control: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName, ratio: Math.round(ratio * 100) / 100, color: st.color, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})` });
      }
    }
    return out;
  }, selector);
}
