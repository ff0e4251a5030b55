import type { SqlExecutor } from '../sql/executor';
import { quoteLiteral } from '../sql/quote';
import { fmScoreSql, rfmGrid, RFM_GROUPS, type RfmGroup } from './rfmGroups';
import { scoreBands, type ScoreBand, type ScoreSpec } from './scoring';

/** RFM options: 5 levels (quintiles) by default, 3 like Klaviyo, and user cut-offs replacing quantiles. */
export interface RfmOptions {
  levels?: 3 | 5;
  cutoffs?: { recency?: number[]; frequency?: number[]; monetary?: number[] };
}

export interface RfmResult {
  levels: 3 | 5;
  groups: Record<RfmGroup, number>;
  cutoffs: { recency: ScoreBand[]; frequency: ScoreBand[]; monetary: ScoreBand[] };
}

/** Recency (days since last order, recent = high), frequency (orders), monetary (amount spent). */
export function rfmSpecs(options: RfmOptions): Record<'recency' | 'frequency' | 'monetary', ScoreSpec> {
  const levels = options.levels ?? 5;
  return {
    recency: { column: 'days_since_last_order', levels, higherIsBetter: false, thresholds: options.cutoffs?.recency },
    frequency: { column: 'orders', levels, higherIsBetter: true, thresholds: options.cutoffs?.frequency },
    monetary: { column: 'amount_spent', levels, higherIsBetter: true, thresholds: options.cutoffs?.monetary },
  };
}

/** The named group of each (R, FM) cell; every cell maps to exactly one group (rfmGroups.ts). */
export function rfmGroupSql(levels: 3 | 5, recency: string, fm: string): string {
  const cells = rfmGrid(levels);
  return `CASE ${cells.map((c) => `WHEN ${recency} = ${c.r} AND ${fm} = ${c.fm} THEN ${quoteLiteral(c.group)}`).join(' ')} END`;
}

export { fmScoreSql };

/** Group counts and score bands, read back from the table holding the scores. */
export async function rfmResult(db: SqlExecutor, table: string, options: RfmOptions): Promise<RfmResult> {
  const levels = options.levels ?? 5;
  const counts = await db.all<{ rfm_group: RfmGroup; n: number }>(
    `SELECT rfm_group, count(*) AS n FROM ${table} GROUP BY 1`,
  );
  const groups = Object.fromEntries(RFM_GROUPS.map((g) => [g, 0])) as Record<RfmGroup, number>;
  for (const row of counts) groups[row.rfm_group] = row.n;
  return {
    levels,
    groups,
    cutoffs: {
      recency: await scoreBands(db, table, 'recency_score', 'days_since_last_order', levels),
      frequency: await scoreBands(db, table, 'frequency_score', 'orders', levels),
      monetary: await scoreBands(db, table, 'monetary_score', 'amount_spent', levels),
    },
  };
}
