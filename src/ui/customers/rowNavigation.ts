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
