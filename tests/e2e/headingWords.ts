import type { Locator } from 'playwright-core';

export interface HeadingWords {
  text: string;
  /** Every line of its words is drawn inside the heading's own box (its top too, unless left out). */
  inside: boolean;
  /** The boxes its words are drawn in, one per line: [left, right, top, bottom]. */
  words: number[][];
}

/** The column headings' words as drawn: a heading's text may overflow its cell onto a neighbour's. */
export function headingWords(headings: Locator, options: { checkTop: boolean }): Promise<HeadingWords[]> {
  return headings.evaluateAll(
    (cells, checkTop) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const own = cell.getBoundingClientRect();
        const words = [...range.getClientRects()].filter((box) => box.width > 0);
        const inside = words.every(
          (box) =>
            box.left >= own.left - 0.5 &&
            box.right <= own.right + 0.5 &&
            (!checkTop || box.top >= own.top - 0.5) &&
            box.bottom <= own.bottom + 0.5,
        );
        return { text: cell.textContent!.trim(), inside, words: words.map((b) => [b.left, b.right, b.top, b.bottom]) };
      }),
    options.checkTop,
  );
}

/** "A × B" for each pair of headings with words drawn over each other's. */
export function overlappingHeadings(headings: HeadingWords[]): string[] {
  const overlapping: string[] = [];
  for (const [i, a] of headings.entries())
    for (const b of headings.slice(i + 1))
      for (const [al, ar, at, ab] of a.words)
        for (const [bl, br, bt, bb] of b.words)
          if (al < br - 0.5 && bl < ar - 0.5 && at < bb - 0.5 && bt < ab - 0.5)
            overlapping.push(`${a.text} × ${b.text}`);
  return overlapping;
}
