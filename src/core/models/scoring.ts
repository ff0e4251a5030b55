import { numberLiteral, quoteIdentifier } from '../sql/quote';
import type { SqlExecutor, SqlValue } from '../sql/executor';

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
  /** Whole numbers with a few hundred distinct values at most (days, order counts): boundaries from their counts. */
  fewValues?: boolean;
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
 * Score SQL for `spec` over `source` aliased `c`: a CASE over the measure, the boundaries bound as parameters.
 * Explicit thresholds are used as given. Quantile scores are resolved to boundaries first by the tie rule above:
 * score s starts where the share of strictly worse customers reaches (s − 1)/L, i.e. at the first value with at
 * least k_s = ⌈(s − 1)·n/L⌉ customers worse than it (rankBoundaries). Equal values share a boundary, so a score
 * can start where the next one does and stay empty.
 */
export async function scoreCase(db: SqlExecutor, spec: ScoreSpec, source: string): Promise<ScoreCase> {
  const column = `c.${quoteIdentifier(spec.column)}`;
  const comparison = spec.higherIsBetter ? '>=' : '<=';
  if (spec.thresholds) {
    const thresholds = [...spec.thresholds].sort((a, b) => a - b);
    if (thresholds.length !== spec.levels - 1 || thresholds.some((t) => !Number.isFinite(t))) {
      throw new Error(`need ${spec.levels - 1} ascending numeric cut-offs, got ${JSON.stringify(spec.thresholds)}`);
    }
    const ordered = spec.higherIsBetter ? [...thresholds].reverse() : thresholds;
    const cases = ordered.map((_, i) => `WHEN ${column} ${comparison} ? THEN ${spec.levels - i}`);
    return { expression: `CASE ${cases.join(' ')} ELSE 1 END`, params: ordered };
  }
  const bounds = await rankBoundaries(
    db,
    source,
    spec.column,
    spec.higherIsBetter,
    (n) => scoreRanks(spec, n),
    spec.fewValues,
  );
  return scoreCaseFromBounds(spec, bounds);
}

/** The rank k_s where each score s = L … 2 starts, for n customers with a value. */
export function scoreRanks(spec: Pick<ScoreSpec, 'levels'>, n: number): number[] {
  return Array.from({ length: spec.levels - 1 }, (_, i) => Math.ceil(((spec.levels - i - 1) * n) / spec.levels));
}

/** The score CASE from the boundaries of scores L … 2 (rankBoundaries of scoreRanks); null: no value at all. */
export function scoreCaseFromBounds(spec: ScoreSpec, bounds: (number | null)[] | null): ScoreCase {
  if (bounds === null) return { expression: 'CAST(NULL AS INTEGER)', params: [] };
  const column = `c.${quoteIdentifier(spec.column)}`;
  const comparison = spec.higherIsBetter ? '>=' : '<=';
  // A NULL boundary (no value that far up) never matches: the comparison is NULL and the CASE falls through.
  const cases = bounds.map((_, i) => `WHEN ${column} ${comparison} ? THEN ${spec.levels - i}`);
  return { expression: `CASE ${cases.join(' ')} ELSE 1 END`, params: bounds };
}

/**
 * For each rank k: the first value (in "better" order) with at least k values strictly worse than it — the lowest
 * value above the k-th lowest when higher is better, the highest below the k-th highest otherwise — or NULL when no
 * value is. `ranks` maps the number of customers with a value to the ranks wanted. Two passes over the column (a
 * quantile selection and a filtered min/max), where ranking every distinct value meant a sort of all of them.
 * quantile_disc at (k − ½)/n selects the k-th value in order whichever index convention rounds it. With
 * `fewValues` (whole days, order counts) one grouped count per distinct value is cheaper still. Returns null when
 * the column holds no value.
 */
export async function rankBoundaries(
  db: SqlExecutor,
  source: string,
  columnName: string,
  higherIsBetter: boolean,
  ranks: (n: number) => number[],
  fewValues = false,
): Promise<(number | null)[] | null> {
  const column = quoteIdentifier(columnName);
  if (fewValues) return boundariesFromCounts(db, source, column, higherIsBetter, ranks);
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(${column}) AS n FROM ${source}`);
  if (n === 0) return null;
  const wanted = ranks(n);
  if (wanted.some((k) => !Number.isInteger(k) || k < 1)) throw new Error(`ranks must be whole numbers ≥ 1: ${wanted}`);
  // Past the last value no value has k worse ones.
  const inRange = wanted.filter((k) => k <= n);
  if (inRange.length === 0) return wanted.map(() => null);
  // Worse values first: ascending when higher is better, so the k-th worst is the k-th lowest.
  const fractions = inRange.map((k) => (higherIsBetter ? (k - 0.5) / n : 1 - (k - 0.5) / n));
  const pick = higherIsBetter ? 'min' : 'max';
  const beyond = higherIsBetter ? '>' : '<';
  const [row] = await db.all<Record<string, number | null>>(
    `WITH worst AS (SELECT quantile_disc(${column}, [${fractions.map(numberLiteral).join(', ')}]) AS ranked FROM ${source})
     SELECT ${inRange.map((_, i) => `${pick}(${column}) FILTER (WHERE ${column} ${beyond} (SELECT ranked[${i + 1}] FROM worst)) AS b${i}`).join(', ')}
     FROM ${source}`,
  );
  return wanted.map((k) => (k <= n ? row[`b${inRange.indexOf(k)}`] : null));
}

/** rankBoundaries over a column with few distinct values: their counts, worst first, summed up in TypeScript. */
async function boundariesFromCounts(
  db: SqlExecutor,
  source: string,
  column: string,
  higherIsBetter: boolean,
  ranks: (n: number) => number[],
): Promise<(number | null)[] | null> {
  const { value, n: counts } = await db.numericColumns(
    `SELECT ${column} AS value, count(*) AS n FROM ${source} WHERE ${column} IS NOT NULL
     GROUP BY 1 ORDER BY 1 ${higherIsBetter ? 'ASC' : 'DESC'}`,
  );
  const n = counts.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const wanted = ranks(n);
  if (wanted.some((k) => !Number.isInteger(k) || k < 1)) throw new Error(`ranks must be whole numbers ≥ 1: ${wanted}`);
  return wanted.map((k) => {
    let worse = 0;
    for (let i = 0; i < value.length; i++) {
      if (worse >= k) return value[i];
      worse += counts[i];
    }
    return null;
  });
}
