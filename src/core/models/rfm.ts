import { quoteLiteral } from '../sql/quote';
import { fmScoreSql, rfmGrid, type RfmGroup } from './rfmGroups';
import type { ScoreBand, ScoreSpec } from './scoring';

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

/**
 * The named group of each (R, FM) cell; every cell maps to exactly one group (rfmGroups.ts). A lookup in a list
 * indexed by (R − 1) · levels + FM: one step per customer where a CASE tests up to 25 cells.
 */
export function rfmGroupSql(levels: 3 | 5, recency: string, fm: string): string {
  const names: string[] = [];
  for (const cell of rfmGrid(levels)) names[(cell.r - 1) * levels + cell.fm - 1] = quoteLiteral(cell.group);
  return `[${names.join(', ')}][(${recency} - 1) * ${levels} + ${fm}]`;
}

/**
 * The measures scored by quantiles on which every customer has the same value (one score holds them all, from one
 * value): quantiles cannot rank customers who are all alike, so the tie rule gives each of them score 1 — "Lost"
 * for a shop whose every customer ordered yesterday. The page says so rather than let the groups speak for it.
 */
export function measuresWithoutSpread(rfm: RfmResult, options: RfmOptions): ('recency' | 'frequency' | 'monetary')[] {
  return (['recency', 'frequency', 'monetary'] as const).filter((measure) => {
    if (options.cutoffs?.[measure]) return false;
    const held = rfm.cutoffs[measure].filter((band) => band.customers > 0);
    return held.length === 1 && held[0].customers > 1 && held[0].min === held[0].max;
  });
}

export { fmScoreSql };
