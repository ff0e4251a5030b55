import type { SqlExecutor } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import { scoreSql, type ScoreCase, type ScoreSql } from './scoring';

/**
 * Spend tiers HIGH / MEDIUM / LOW from any per-customer measure (historic amount spent now, predicted 12-month
 * spend once the CLV model runs): HIGH from the 70th percentile up, LOW below the 30th (editable, whole percents),
 * with the same tie rule as RFM (scoring.ts): equal spend, equal tier.
 *
 * Eligibility: percentiles of fewer than 50 customers move a whole tier when one customer changes, so below that
 * the tiers are withheld with the reason.
 */
export const MINIMUM_CUSTOMERS_FOR_TIERS = 50;

export interface TierOptions {
  /** Share of customers (0–1) below which a customer is LOW; default 0.3. */
  lowBelow?: number;
  /** Share of customers (0–1) from which a customer is HIGH; default 0.7. */
  highFrom?: number;
}

export type TierName = 'HIGH' | 'MEDIUM' | 'LOW';

export type TierResult =
  | {
      eligible: true;
      HIGH: number;
      MEDIUM: number;
      LOW: number;
      /** Amount ranges per tier, for "HIGH: €350 and more". */
      cutoffs: Record<TierName, { min: number | null; max: number | null }>;
    }
  | { eligible: false; reason: string; HIGH: 0; MEDIUM: 0; LOW: 0 };

/**
 * Tier SQL for a measure: a 100-level tie-aware position score (scoring.ts), cut at whole percents. NULL when the
 * data is not eligible, so the column exists either way.
 */
export function tierSql(source: string, measureColumn: string, eligible: boolean, options: TierOptions = {}): ScoreSql {
  const lowBelow = options.lowBelow ?? 0.3;
  const highFrom = options.highFrom ?? 0.7;
  if (!(lowBelow > 0 && lowBelow < highFrom && highFrom < 1)) {
    throw new Error(`tier cut-offs must satisfy 0 < LOW (${lowBelow}) < HIGH (${highFrom}) < 1`);
  }
  if (!eligible) return { ctes: [], join: '', expression: 'CAST(NULL AS VARCHAR)', params: [] };
  const position = scoreSql(
    { column: measureColumn, levels: 100, higherIsBetter: true },
    source,
    `${measureColumn}_tier`,
  );
  // Score s covers positions [(s−1)/100, s/100): LOW is below lowBelow, HIGH from highFrom.
  return {
    ...position,
    expression: `CASE WHEN ${position.expression} <= ${Math.round(lowBelow * 100)} THEN 'LOW'
      WHEN ${position.expression} > ${Math.round(highFrom * 100)} THEN 'HIGH' ELSE 'MEDIUM' END`,
  };
}

/**
 * The tier as one CASE over the measure with bound boundaries (see scoreCase in scoring.ts): HIGH from the lowest
 * value whose position score is above the HIGH cut, MEDIUM from the lowest above the LOW cut, LOW below.
 */
export async function tierCase(
  db: SqlExecutor,
  source: string,
  measureColumn: string,
  eligible: boolean,
  options: TierOptions = {},
): Promise<ScoreCase> {
  const sql = tierSql(source, measureColumn, eligible, options);
  if (!eligible) return { expression: sql.expression, params: [] };
  const low = Math.round((options.lowBelow ?? 0.3) * 100);
  const high = Math.round((options.highFrom ?? 0.7) * 100);
  const map = quoteIdentifier(`${measureColumn}_tier_map`);
  const [bounds] = await db.all<{ medium: number | null; high: number | null }>(
    `WITH ${sql.ctes.join(',\n')}
     SELECT min(value) FILTER (WHERE score > ${low}) AS medium, min(value) FILTER (WHERE score > ${high}) AS high
     FROM ${map}`,
  );
  const column = `c.${quoteIdentifier(measureColumn)}`;
  // A NULL boundary (no customer that high) never matches: the comparison is NULL and the CASE falls through.
  return {
    expression: `CASE WHEN ${column} >= ? THEN 'HIGH' WHEN ${column} >= ? THEN 'MEDIUM' ELSE 'LOW' END`,
    params: [bounds.high, bounds.medium],
  };
}

/** Counts and amount ranges per tier from a table holding the tier and the measure. */
export async function tierResult(
  db: SqlExecutor,
  table: string,
  tierColumn: string,
  measureColumn: string,
  customers: number,
): Promise<TierResult> {
  if (customers < MINIMUM_CUSTOMERS_FOR_TIERS) {
    return {
      eligible: false,
      reason: `Only ${customers} customers: spend tiers need at least ${MINIMUM_CUSTOMERS_FOR_TIERS} for percentiles to mean something.`,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
    };
  }
  const measure = quoteIdentifier(measureColumn);
  const bands = await db.all<{ tier: TierName; n: number; min: number; max: number }>(
    `SELECT ${quoteIdentifier(tierColumn)} AS tier, count(*) AS n, min(${measure}) AS min, max(${measure}) AS max
     FROM ${table} GROUP BY 1`,
  );
  const band = (tier: TierName) => bands.find((b) => b.tier === tier);
  const cutoffs = Object.fromEntries(
    (['HIGH', 'MEDIUM', 'LOW'] as const).map((t) => [t, { min: band(t)?.min ?? null, max: band(t)?.max ?? null }]),
  ) as Record<TierName, { min: number | null; max: number | null }>;
  return {
    eligible: true,
    HIGH: band('HIGH')?.n ?? 0,
    MEDIUM: band('MEDIUM')?.n ?? 0,
    LOW: band('LOW')?.n ?? 0,
    cutoffs,
  };
}
