import { quoteIdentifier } from '../sql/quote';
import type { SqlValue } from '../sql/executor';

/**
 * Scores a per-customer measure into levels 1…L, shared by RFM and the spend tiers.
 *
 * Tie rule (documented for merchants): a customer's position is the share of customers whose value is strictly
 * *worse* (lower for "higher is better", higher for recency). Score = 1 + floor(position × L), capped at L.
 * Equal values always share a position, so identical customers never land in different scores. Consequence: when
 * 60% of customers have exactly one order, all of them get F1 and the next value jumps to the score its position
 * allows (F4): F2 and F3 stay empty, and the UI shows them empty rather than splitting identical customers.
 *
 * Explicit thresholds replace the quantiles: `thresholds` are the L − 1 boundaries in ascending value order; for
 * "higher is better" the score is 1 + the number of boundaries ≤ value, for "lower is better" (recency in days) it
 * is L − the number of boundaries < value (so "R5 = within 30 days" is the boundary 30).
 */
export interface ScoreSpec {
  /** Column of the customers table holding the measure. */
  column: string;
  levels: number;
  higherIsBetter: boolean;
  thresholds?: number[];
}

export interface ScoreBand {
  score: number;
  min: number | null;
  max: number | null;
  customers: number;
}

/** A score as one CASE over the measure with bound boundaries: no join, so a projection keeps the rows in order. */
export interface ScoreCase {
  expression: string;
  params: SqlValue[];
}

/**
 * Score SQL for `spec` over `customers` aliased `c`: a CASE over the measure, its boundaries as parameters. Explicit
 * thresholds are used as given. Quantile scores are resolved to boundaries first by the tie rule above: score s
 * starts where the share of strictly worse customers reaches (s − 1)/L, i.e. at the first value with at least
 * k_s = ⌈(s − 1)·n/L⌉ customers worse than it (boundariesFromSorted). Equal values share a boundary, so a score can
 * start where the next one does and stay empty. `sorted` holds every customer's value of the measure, ascending.
 */
export function scoreCase(spec: ScoreSpec, sorted: Float64Array): ScoreCase {
  if (spec.thresholds) {
    const thresholds = [...spec.thresholds].sort((a, b) => a - b);
    if (thresholds.length !== spec.levels - 1 || thresholds.some((t) => !Number.isFinite(t))) {
      throw new Error(`need ${spec.levels - 1} ascending numeric cut-offs, got ${JSON.stringify(spec.thresholds)}`);
    }
    return scoreCaseFromBounds(spec, spec.higherIsBetter ? [...thresholds].reverse() : thresholds);
  }
  if (sorted.length === 0) return { expression: 'CAST(NULL AS INTEGER)', params: [] };
  return scoreCaseFromBounds(spec, boundariesFromSorted(sorted, spec.higherIsBetter, scoreRanks(spec, sorted.length)));
}

/**
 * A score's boundaries (best first, as scoreCaseFromBounds writes them) turned so that higher is always better: a
 * lower-is-better value v is below a boundary b exactly when −v is above −b. A NULL boundary becomes NaN, which,
 * like NULL in the CASE, matches nothing.
 */
export interface ScoreCut {
  levels: number;
  sign: 1 | -1;
  bounds: Float64Array;
}

export function scoreCut(spec: Pick<ScoreSpec, 'levels' | 'higherIsBetter'>, bounds: SqlValue[]): ScoreCut {
  const sign = spec.higherIsBetter ? 1 : -1;
  return { levels: spec.levels, sign, bounds: Float64Array.from(bounds, (b) => (b === null ? NaN : sign * Number(b))) };
}

/** The score the CASE gives `value`, computed the same way in TypeScript (a NaN, like a NULL, scores 1). */
export function scoreOfCut(value: number, cut: ScoreCut): number {
  const turned = cut.sign * value;
  for (let i = 0; i < cut.bounds.length; i++) if (turned >= cut.bounds[i]) return cut.levels - i;
  return 1;
}

/** The rank k_s where each score s = L … 2 starts, for n customers with a value. */
function scoreRanks(spec: Pick<ScoreSpec, 'levels'>, n: number): number[] {
  return Array.from({ length: spec.levels - 1 }, (_, i) => Math.ceil(((spec.levels - i - 1) * n) / spec.levels));
}

/** The score CASE from the boundaries of scores L … 2, best first (scoreOfCut computes the same in TypeScript). */
function scoreCaseFromBounds(spec: ScoreSpec, bounds: (number | null)[]): ScoreCase {
  const column = `c.${quoteIdentifier(spec.column)}`;
  const comparison = spec.higherIsBetter ? '>=' : '<=';
  // A NULL boundary (no value that far up) never matches: the comparison is NULL and the CASE falls through.
  const cases = bounds.map((_, i) => `WHEN ${column} ${comparison} ? THEN ${spec.levels - i}`);
  return { expression: `CASE ${cases.join(' ')} ELSE 1 END`, params: bounds };
}

/**
 * For each rank k: the first value (in "better" order) with at least k values strictly worse than it — the lowest
 * value above the k-th lowest when higher is better, the highest below the k-th highest otherwise — from all the
 * values sorted ascending, by binary search. NULL when no value is.
 */
export function boundariesFromSorted(
  sorted: Float64Array,
  higherIsBetter: boolean,
  ranks: number[],
): (number | null)[] {
  const n = sorted.length;
  return ranks.map((k) => {
    if (!Number.isInteger(k) || k < 1) throw new Error(`ranks must be whole numbers ≥ 1: ${k}`);
    if (k > n) return null;
    if (higherIsBetter) {
      // The lowest value above the k-th lowest.
      const above = firstIndex(sorted, (v) => v > sorted[k - 1]);
      return above < n ? sorted[above] : null;
    }
    // The highest value below the k-th highest.
    const below = firstIndex(sorted, (v) => v >= sorted[n - k]) - 1;
    return below >= 0 ? sorted[below] : null;
  });
}

/**
 * The copy boundariesOfValues reorders, kept between calls: the first writes to fresh memory cost more than the
 * selection itself (about 20 ms per million values on this machine).
 */
let selectionScratch = new Float64Array(0);

/**
 * boundariesFromSorted's rule over values in any order (NaN left out), by selection instead of a sort: for one set of
 * boundaries over a million values (the CLV tiers) a sort costs four times as much. Null when no value is left.
 */
export function boundariesOfValues(
  values: Float64Array,
  higherIsBetter: boolean,
  ranks: (n: number) => number[],
): (number | null)[] | null {
  if (selectionScratch.length < values.length) selectionScratch = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) selectionScratch[n++] = values[i];
  if (n === 0) return null;
  const pool = selectionScratch.subarray(0, n);
  return ranks(n).map((k) => {
    if (!Number.isInteger(k) || k < 1) throw new Error(`ranks must be whole numbers ≥ 1: ${k}`);
    if (k > n) return null;
    // The k-th lowest (higher is better) or k-th highest value; then the nearest value beyond it, on the better side.
    const kth = selectInPlace(pool, higherIsBetter ? k - 1 : n - k);
    let boundary: number | null = null;
    for (let i = 0; i < n; i++) {
      const value = pool[i];
      if (
        higherIsBetter
          ? value > kth && (boundary === null || value < boundary)
          : value < kth && (boundary === null || value > boundary)
      )
        boundary = value;
    }
    return boundary;
  });
}

/**
 * The value of rank `index` (0-based, ascending) in `values`, which it reorders: Hoare's selection (FIND, CACM 4(7),
 * 1961) with a median-of-three pivot, linear on average; equal values split evenly between the sides, so heavy ties
 * stay fast.
 */
function selectInPlace(values: Float64Array, index: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const a = values[low];
    const b = values[(low + high) >>> 1];
    const c = values[high];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    if (index <= j) high = j;
    else if (index >= i) low = i;
    else return values[index];
  }
  return values[index];
}

/** The first index whose value passes a test that is false, then true along the ascending array. */
function firstIndex(sorted: Float64Array, passes: (value: number) => boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (passes(sorted[middle])) high = middle;
    else low = middle + 1;
  }
  return low;
}
