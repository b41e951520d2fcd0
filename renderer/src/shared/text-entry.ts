// Whether a key pressed in this element is typing: a view's shortcuts leave such keys alone. A
// seek bar, a checkbox or a button takes no text, so the view's keys still work after a click on
// one (a range would otherwise swallow Space, I, O… once clicked).

/** The parts of an element that decide it (an HTMLElement has them all). */
export interface KeyTarget {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}

/** Input types that take no typing. */
const NOT_TEXT = new Set(['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'image']);

export function isTextEntry(el: KeyTarget | null | undefined): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !NOT_TEXT.has((el.type ?? 'text').toLowerCase());
}
