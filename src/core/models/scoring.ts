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

/** The pieces a customer-level CTAS needs to compute one score: CTEs, a join, the score expression, parameters. */
export interface ScoreSql {
  ctes: string[];
  join: string;
  expression: string;
  params: SqlValue[];
}

/**
 * Score SQL for `spec` over `source` aliased `c`. Quantile scores go through a map from each distinct value to its
 * score (a GROUP BY and a running sum over distinct values: small even for a million customers), joined back once.
 */
export function scoreSql(spec: ScoreSpec, source: string, name: string): ScoreSql {
  const column = quoteIdentifier(spec.column);
  if (spec.thresholds) {
    const thresholds = [...spec.thresholds].sort((a, b) => a - b);
    if (thresholds.length !== spec.levels - 1 || thresholds.some((t) => !Number.isFinite(t))) {
      throw new Error(`need ${spec.levels - 1} ascending numeric cut-offs, got ${JSON.stringify(spec.thresholds)}`);
    }
    const comparison = spec.higherIsBetter ? '>=' : '<=';
    const ordered = spec.higherIsBetter ? [...thresholds].reverse() : thresholds;
    const cases = ordered.map((_, i) => `WHEN c.${column} ${comparison} ? THEN ${spec.levels - i}`);
    return { ctes: [], join: '', expression: `CASE ${cases.join(' ')} ELSE 1 END`, params: ordered };
  }
  // Worse values first: ascending for "higher is better", descending for recency.
  const order = spec.higherIsBetter ? 'ASC' : 'DESC';
  const map = quoteIdentifier(`${name}_map`);
  return {
    ctes: [
      `${map} AS (
        SELECT value, least(${spec.levels}, 1 + CAST(floor(position * ${spec.levels} + 1e-9) AS INTEGER)) AS score FROM (
          SELECT value, coalesce(sum(n) OVER (ORDER BY value ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            / (SELECT count(*) FROM ${source}) AS position
          FROM (SELECT ${column} AS value, count(*) AS n FROM ${source} GROUP BY 1)
        ))`,
    ],
    join: `LEFT JOIN ${map} ON ${map}.value IS NOT DISTINCT FROM c.${column}`,
    expression: `${map}.score`,
    params: [],
  };
}

/** A score as one CASE over the measure with bound boundaries: no join, so a projection keeps the rows in order. */
export interface ScoreCase {
  expression: string;
  params: SqlValue[];
}

/**
 * The same scores as scoreSql, resolved to boundaries first: one small query reads each score's lowest value
 * (highest, for "lower is better") from the value→score map, then the score is a CASE over the measure. The map is
 * monotone in the value, so "at least the lowest value of score s" reproduces it exactly, ties included.
 */
export async function scoreCase(db: SqlExecutor, spec: ScoreSpec, source: string, name: string): Promise<ScoreCase> {
  const sql = scoreSql(spec, source, name);
  if (sql.ctes.length === 0) return { expression: sql.expression, params: sql.params };
  const map = quoteIdentifier(`${name}_map`);
  const bounds = await db.all<{ score: number; bound: number }>(
    `WITH ${sql.ctes.join(',\n')}
     SELECT score, ${spec.higherIsBetter ? 'min' : 'max'}(value) AS bound FROM ${map} GROUP BY 1 ORDER BY 1 DESC`,
  );
  if (bounds.length === 0) return { expression: 'CAST(NULL AS INTEGER)', params: [] };
  const column = `c.${quoteIdentifier(spec.column)}`;
  const comparison = spec.higherIsBetter ? '>=' : '<=';
  const cases = bounds.slice(0, -1).map((b) => `WHEN ${column} ${comparison} ? THEN ${b.score}`);
  const lowest = bounds[bounds.length - 1].score;
  return {
    expression: cases.length ? `CASE ${cases.join(' ')} ELSE ${lowest} END` : `${lowest}`,
    params: bounds.slice(0, -1).map((b) => b.bound),
  };
}

/** The value range and size of each score, for "F5: 7+ orders" style labels. Empty scores are listed with 0. */
export async function scoreBands(
  db: SqlExecutor,
  table: string,
  scoreColumn: string,
  valueColumn: string,
  levels: number,
): Promise<ScoreBand[]> {
  const value = quoteIdentifier(valueColumn);
  const rows = await db.all<{ score: number; min: number; max: number; customers: number }>(
    `SELECT ${quoteIdentifier(scoreColumn)} AS score, min(${value}) AS min, max(${value}) AS max, count(*) AS customers
     FROM ${table} GROUP BY 1 ORDER BY 1`,
  );
  return Array.from({ length: levels }, (_, i) => {
    const row = rows.find((r) => r.score === i + 1);
    return row
      ? { score: i + 1, min: row.min, max: row.max, customers: row.customers }
      : { score: i + 1, min: null, max: null, customers: 0 };
  });
}
