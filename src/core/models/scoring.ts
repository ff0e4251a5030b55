import { quoteIdentifier } from '../sql/quote';
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
  /** Column of the source table holding the measure. */
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

/** SQL expression giving the score of `column` (a CASE over bound thresholds, or a join on quantile positions). */
export function thresholdScoreSql(spec: ScoreSpec, valueSql: string): { sql: string; params: SqlValue[] } {
  const thresholds = [...(spec.thresholds ?? [])].sort((a, b) => a - b);
  if (thresholds.length !== spec.levels - 1 || thresholds.some((t) => !Number.isFinite(t))) {
    throw new Error(`need ${spec.levels - 1} ascending numeric cut-offs, got ${JSON.stringify(spec.thresholds)}`);
  }
  if (spec.higherIsBetter) {
    const cases = thresholds.map((_, i) => `WHEN ${valueSql} >= ? THEN ${spec.levels - i}`);
    return { sql: `CASE ${cases.join(' ')} ELSE 1 END`, params: [...thresholds].reverse() };
  }
  const cases = thresholds.map((_, i) => `WHEN ${valueSql} <= ? THEN ${spec.levels - i}`);
  return { sql: `CASE ${cases.join(' ')} ELSE 1 END`, params: thresholds };
}

/**
 * Creates `target(customer_id, score)` for one measure of `source`. Positions are computed over the measure's
 * distinct values (GROUP BY, then a running sum), which is cheap even for a million customers.
 */
export async function scoreMeasure(db: SqlExecutor, source: string, target: string, spec: ScoreSpec): Promise<void> {
  const column = quoteIdentifier(spec.column);
  const table = quoteIdentifier(target);
  if (spec.thresholds) {
    const { sql, params } = thresholdScoreSql(spec, column);
    await db.all(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT customer_id, ${sql} AS score FROM ${source}`, params);
    return;
  }
  // Worse values first: ascending for "higher is better", descending for recency.
  const order = spec.higherIsBetter ? 'ASC' : 'DESC';
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} AS
    WITH counted AS (SELECT ${column} AS value, count(*) AS n FROM ${source} GROUP BY 1),
    positioned AS (
      SELECT value, coalesce(sum(n) OVER (ORDER BY value ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
        / (SELECT count(*) FROM ${source}) AS position
      FROM counted
    )
    SELECT s.customer_id, least(${spec.levels}, 1 + CAST(floor(p.position * ${spec.levels} + 1e-9) AS INTEGER)) AS score
    FROM ${source} s JOIN positioned p ON p.value IS NOT DISTINCT FROM s.${column}`);
}

/** The value range and size of each score, for "F5: 7+ orders" style labels. Empty scores are listed with 0. */
export async function scoreBands(
  db: SqlExecutor,
  source: string,
  scores: string,
  spec: ScoreSpec,
): Promise<ScoreBand[]> {
  const column = quoteIdentifier(spec.column);
  const rows = await db.all<{ score: number; min: number; max: number; customers: number }>(
    `SELECT t.score, min(s.${column}) AS min, max(s.${column}) AS max, count(*) AS customers
     FROM ${quoteIdentifier(scores)} t JOIN ${source} s USING (customer_id) GROUP BY t.score ORDER BY t.score`,
  );
  return Array.from({ length: spec.levels }, (_, i) => {
    const row = rows.find((r) => r.score === i + 1);
    return row
      ? { score: i + 1, min: row.min, max: row.max, customers: row.customers }
      : { score: i + 1, min: null, max: null, customers: 0 };
  });
}
