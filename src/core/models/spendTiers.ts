import type { SqlExecutor } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import { scoreMeasure } from './scoring';

/**
 * Spend tiers HIGH / MEDIUM / LOW from any per-customer measure (historic amount spent now, predicted 12-month
 * spend once the CLV model runs): HIGH from the 70th percentile up, LOW below the 30th (editable), with the same
 * tie rule as RFM (scoring.ts): equal spend, equal tier.
 *
 * Eligibility: percentiles of fewer than 50 customers move a whole tier when one customer changes, so below that
 * the tiers are withheld with the reason (the same minimum Klaviyo and Mailchimp apply to their predictive tiers).
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
 * Writes `target(customer_id, tier)` for `measureColumn` of `source`. Implemented as a 100-level score (percent
 * position, tie-aware) so the cut points can be any whole percentage.
 */
export async function assignSpendTiers(
  db: SqlExecutor,
  source: string,
  measureColumn: string,
  target: string,
  options: TierOptions = {},
): Promise<TierResult> {
  const lowBelow = options.lowBelow ?? 0.3;
  const highFrom = options.highFrom ?? 0.7;
  if (!(lowBelow > 0 && lowBelow < highFrom && highFrom < 1)) {
    throw new Error(`tier cut-offs must satisfy 0 < LOW (${lowBelow}) < HIGH (${highFrom}) < 1`);
  }
  const [{ n }] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${source} WHERE ${quoteIdentifier(measureColumn)} IS NOT NULL`,
  );
  if (n < MINIMUM_CUSTOMERS_FOR_TIERS) {
    await db.run(
      `CREATE OR REPLACE TABLE ${quoteIdentifier(target)} AS SELECT customer_id, CAST(NULL AS VARCHAR) AS tier FROM ${source}`,
    );
    return {
      eligible: false,
      reason: `Only ${n} customers: spend tiers need at least ${MINIMUM_CUSTOMERS_FOR_TIERS} for percentiles to mean something.`,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
    };
  }
  const positions = `${target}_position`;
  const spec = { column: measureColumn, levels: 100, higherIsBetter: true };
  await scoreMeasure(db, source, positions, spec);
  // Score s covers positions [(s−1)/100, s/100): LOW is below lowBelow, HIGH from highFrom.
  await db.run(`CREATE OR REPLACE TABLE ${quoteIdentifier(target)} AS
    SELECT customer_id, CASE WHEN score <= ${Math.round(lowBelow * 100)} THEN 'LOW'
                             WHEN score > ${Math.round(highFrom * 100)} THEN 'HIGH' ELSE 'MEDIUM' END AS tier
    FROM ${quoteIdentifier(positions)}`);
  const bands = await db.all<{ tier: TierName; n: number; min: number; max: number }>(
    `SELECT t.tier, count(*) AS n, min(s.${quoteIdentifier(measureColumn)}) AS min, max(s.${quoteIdentifier(measureColumn)}) AS max
     FROM ${quoteIdentifier(target)} t JOIN ${source} s USING (customer_id) GROUP BY 1`,
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
