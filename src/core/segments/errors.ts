import { englishSegmentText, type SegmentText } from './problemText';

/**
 * A segment query error with the exact span it is about (0-based offsets into the query text). `message` is in
 * English; `text` lets the app word it in the user's language.
 */
export class SegmentError extends Error {
  constructor(
    readonly text: SegmentText,
    readonly start: number,
    readonly end: number,
  ) {
    super(englishSegmentText(text));
    this.name = 'SegmentError';
  }

  /**
   * "at 1:5-12" style position for one-line messages. Columns are 1-based and count characters (code points), as
   * editors and terminals show them: the offsets are UTF-16 units, which an emoji before the error would inflate.
   */
  where(query: string): string {
    const before = query.slice(0, this.start);
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    const width = [...query.slice(this.start, this.end)].length;
    return `${line}:${column}-${column + Math.max(0, width - 1)}`;
  }
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
