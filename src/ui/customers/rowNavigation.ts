/**
 * The row a key moves focus to in a list of `total` rows of which `pageRows` fit in view (WAI-ARIA Authoring
 * Practices, grid keyboard interaction: arrows one row, Page Up/Down one view, Home and End the ends), or null when
 * the key does not move between rows.
 */
export function rowTarget(key: string, index: number, total: number, pageRows: number): number | null {
  const page = Math.max(1, pageRows - 1);
  const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
  let target: number;
  if (Object.hasOwn(steps, key)) target = index + steps[key]!;
  else if (key === 'Home') target = 0;
  else if (key === 'End') target = total - 1;
  else return null;
  return Math.min(Math.max(target, 0), total - 1);
}

/** The scroll offset that brings row `index` (of height `rowHeight`) fully into a view of `viewHeight` at `scrollTop`. */
export function scrollToShow(index: number, rowHeight: number, scrollTop: number, viewHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewHeight) return top + rowHeight - viewHeight;
  return scrollTop;
}

/**
 * The rows that exist in the DOM for a view of `viewHeight` px, `rowsTop` px down `total` rows of `rowHeight`: those in
 * view, and a few above it, so that the row that has focus survives a small scroll, and below it.
 */
export function renderedRows(total: number, rowHeight: number, rowsTop: number, viewHeight: number): number[] {
  const first = Math.max(0, Math.floor(rowsTop / rowHeight) - 4);
  const count = Math.max(0, Math.min(total - first, Math.ceil(viewHeight / rowHeight) + 12));
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * The tallest the list's scrolled box is made. Browsers cap an element's height — Chromium near 33.5 million px
 * (its layout units are 1/64 px in a 32-bit integer: 2^31 / 64), Firefox near 17.9 million — so a million customers
 * at 37 px (37 million px) would leave the last rows past the end, unreachable. Past this height the box keeps it,
 * and scroll offsets are scaled onto the rows (listScroll).
 */
export const MAX_LIST_HEIGHT = 15_000_000;

/**
 * Between the box's scroll offset and the offset into the rows' full height (`total` × `rowHeight`): the same while
 * the rows fit MAX_LIST_HEIGHT, else scaled linearly so that the box's top and bottom are the list's first and last
 * rows. `height` is the box's scrolled height.
 */
export function listScroll(total: number, rowHeight: number, viewHeight: number) {
  const full = total * rowHeight;
  const height = Math.min(full, MAX_LIST_HEIGHT);
  const fullRange = Math.max(0, full - viewHeight);
  const boxRange = Math.max(0, height - viewHeight);
  const ratio = boxRange > 0 && full > height ? fullRange / boxRange : 1;
  return {
    height,
    toRows: (scrollTop: number) => Math.min(scrollTop * ratio, fullRange),
    toScroll: (rowsTop: number) => rowsTop / ratio,
  };
}
