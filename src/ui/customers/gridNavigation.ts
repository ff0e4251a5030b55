/**
 * The RFM grid cell a key moves focus to (WAI-ARIA Authoring Practices, grid keyboard interaction): arrows one cell —
 * up is the higher recency score, as the grid draws R5 on top — Home and End the row's first and last cell; null for
 * any other key. Moves stop at the edges.
 */
export function gridTarget(key: string, r: number, fm: number, levels: number): { r: number; fm: number } | null {
  const clamp = (score: number) => Math.min(Math.max(score, 1), levels);
  switch (key) {
    case 'ArrowUp':
      return { r: clamp(r + 1), fm };
    case 'ArrowDown':
      return { r: clamp(r - 1), fm };
    case 'ArrowLeft':
      return { r, fm: clamp(fm - 1) };
    case 'ArrowRight':
      return { r, fm: clamp(fm + 1) };
    case 'Home':
      return { r, fm: 1 };
    case 'End':
      return { r, fm: levels };
    default:
      return null;
  }
}

/** A cell of the RFM grid by its recency and FM scores. */
export interface GridCell {
  r: number;
  fm: number;
}

/**
 * The one cell of the grid that Tab reaches (roving tabindex): the cell focused last, else the cell the table is
 * filtered to, else the top-left one (R`levels` × FM1). A cell outside the grid — focused before it went from five
 * scores to three — does not count.
 */
export function gridTabStop(focused: GridCell | null, selected: GridCell | null, levels: number): GridCell {
  const inGrid = (cell: GridCell | null): cell is GridCell => cell !== null && cell.r <= levels && cell.fm <= levels;
  if (inGrid(focused)) return focused;
  if (inGrid(selected)) return selected;
  return { r: levels, fm: 1 };
}
