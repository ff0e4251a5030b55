import type { SqlExecutor } from '../sql/executor';
import { quoteLiteral } from '../sql/quote';
import { fmScoreSql, rfmGrid, RFM_GROUPS, type RfmGroup } from './rfmGroups';
import { scoreBands, scoreMeasure, type ScoreBand, type ScoreSpec } from './scoring';

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

/**
 * Scores recency (days since last order, recent = high), frequency (orders) and monetary (amount spent) over the
 * `customers` table and writes `customer_rfm(customer_id, recency_score, frequency_score, monetary_score, fm_score,
 * rfm_group)`; every customer gets exactly one group (the grid is complete, see rfmGroups.ts).
 */
export async function scoreRfm(db: SqlExecutor, options: RfmOptions = {}): Promise<RfmResult> {
  const levels = options.levels ?? 5;
  const specs: Record<'recency' | 'frequency' | 'monetary', ScoreSpec> = {
    recency: { column: 'days_since_last_order', levels, higherIsBetter: false, thresholds: options.cutoffs?.recency },
    frequency: { column: 'orders', levels, higherIsBetter: true, thresholds: options.cutoffs?.frequency },
    monetary: { column: 'amount_spent', levels, higherIsBetter: true, thresholds: options.cutoffs?.monetary },
  };
  for (const [name, spec] of Object.entries(specs)) await scoreMeasure(db, 'customers', `rfm_${name}`, spec);
  const cells = rfmGrid(levels);
  const groupCase = `CASE ${cells.map((c) => `WHEN recency_score = ${c.r} AND fm = ${c.fm} THEN ${quoteLiteral(c.group)}`).join(' ')} END`;
  await db.run(`CREATE OR REPLACE TABLE customer_rfm AS
    SELECT customer_id, recency_score, frequency_score, monetary_score, fm AS fm_score, ${groupCase} AS rfm_group
    FROM (
      SELECT c.customer_id, r.score AS recency_score, f.score AS frequency_score, m.score AS monetary_score,
        ${fmScoreSql('f.score', 'm.score')} AS fm
      FROM customers c
      JOIN rfm_recency r USING (customer_id) JOIN rfm_frequency f USING (customer_id) JOIN rfm_monetary m USING (customer_id)
    )`);
  const counts = await db.all<{ rfm_group: RfmGroup; n: number }>(
    'SELECT rfm_group, count(*) AS n FROM customer_rfm GROUP BY 1',
  );
  const groups = Object.fromEntries(RFM_GROUPS.map((g) => [g, 0])) as Record<RfmGroup, number>;
  for (const row of counts) groups[row.rfm_group] = row.n;
  return {
    levels,
    groups,
    cutoffs: {
      recency: await scoreBands(db, 'customers', 'rfm_recency', specs.recency),
      frequency: await scoreBands(db, 'customers', 'rfm_frequency', specs.frequency),
      monetary: await scoreBands(db, 'customers', 'rfm_monetary', specs.monetary),
    },
  };
}

/** Customers per grid cell, for the heatmap. */
export async function rfmCellCounts(db: SqlExecutor): Promise<{ r: number; fm: number; customers: number }[]> {
  return db.all(
    'SELECT recency_score AS r, fm_score AS fm, count(*) AS customers FROM customer_rfm GROUP BY 1, 2 ORDER BY 1, 2',
  );
}
