import type { SqlExecutor } from '../../sql/executor';
import { inlineNumbers } from '../../sql/quote';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierCase } from '../spendTiers';
import { expectedPurchasesIfAlive, probabilityAlive, probabilityNoPurchase, type BgNbdParameters } from './bgnbd';
import { CALIBRATION_TABLE, type ClvFitResult } from './fitClv';
import type { GammaGammaParameters } from './gammaGamma';

/** Horizons in days: the merchant-facing "next 90 days" and "next 12 months". */
export const HORIZONS = { short: 90, year: 365 };

export interface ClvScoringOptions {
  /** Yearly discount rate for CLV (0.1 = 10 %); CLV is discounted monthly, as lifetimes' customer_lifetime_value. */
  yearlyDiscountRate?: number;
}

/**
 * Per-customer predictions into `customer_clv` (days as the unit, as of the day after `calibrationEnd`):
 * p_alive, expected_orders_90d / _365d, likelihood_to_buy_again (1 − P(no purchase in 365 days), bgnbd.ts),
 * expected_order_value (Gamma-Gamma, Fader & Hardie 2013 eq. 5; the population mean p·v/(q−1) for one-time buyers),
 * predicted_spend_12m = expected orders × expected order value, predicted_clv = the same over twelve months with
 * each quarter's expected orders discounted at (1 + rate)^(quarter/4) (lifetimes discounts monthly; quarterly
 * keeps scoring a million customers fast and differs by well under 1 % at usual rates); and the three tiers.
 *
 * Reads the calibration summary `fitClv` materialised for the same calibration end (call it right after the fit).
 * The BG/NBD quantities depend on a customer only through (x, t_x, T), so they are computed once per distinct
 * triple in TypeScript (the 2F1 series does not belong in SQL) and joined back.
 */
export async function scoreCustomerClv(
  db: SqlExecutor,
  fit: ClvFitResult,
  calibrationEnd: string,
  options: ClvScoringOptions = {},
): Promise<void> {
  const params = daysParameters(fit);
  // The fit just materialised the calibration summary for this calibration end (fitClv.ts); in days it is the same
  // table scaled back from weeks, rounded to undo the division's floating-point error.
  const perUnit = fit.timeUnit === 'week' ? 7 : 1;
  const inDays = `(SELECT customer_id, x, round(t_x * ${perUnit}) AS t_x, round("T" * ${perUnit}) AS "T", monetary
    FROM ${CALIBRATION_TABLE})`;
  // Column by column: a shop with a million customers has a few hundred thousand triples.
  const { x, tx, T } = await db.numericColumns(`SELECT DISTINCT x, t_x AS tx, "T" FROM ${inDays}`);
  const rate = options.yearlyDiscountRate ?? 0;
  const size = x.length;
  const columns = {
    key: new Float64Array(size),
    p_alive: new Float64Array(size),
    expected_orders_90d: new Float64Array(size),
    expected_orders_365d: new Float64Array(size),
    likelihood_to_buy_again: new Float64Array(size),
    discounted_orders: new Float64Array(size),
    days_to_next_order: new Float64Array(size),
  };
  // Everything but P(alive) depends on (x, T) only (bgnbd.ts, expectedPurchasesIfAlive): a shop has a tenth as many
  // (x, T) pairs as (x, t_x, T) triples, and these hold all the 2F1 series.
  const ifAlive = new Map<number, { next90: number; quarters: number[] }>();
  for (let i = 0; i < size; i++) {
    const g = { x: x[i], tx: tx[i], T: T[i] };
    columns.key[i] = groupKey(g.x, g.tx, g.T);
    // (x, T) as one number, as groupKey does with t_x = 0: no string per triple.
    const key = groupKey(g.x, 0, g.T);
    let known = ifAlive.get(key);
    if (!known) {
      known = {
        next90: expectedPurchasesIfAlive(params, HORIZONS.short, g.x, g.T),
        quarters: [1, 2, 3, 4].map((quarter) =>
          expectedPurchasesIfAlive(params, (HORIZONS.year * quarter) / 4, g.x, g.T),
        ),
      };
      ifAlive.set(key, known);
    }
    const alive = probabilityAlive(params, g.x, g.tx, g.T);
    let discountedOrders = 0;
    let previous = 0;
    for (let quarter = 1; quarter <= 4; quarter++) {
      const cumulative = known.quarters[quarter - 1] * alive;
      discountedOrders += (cumulative - previous) / Math.pow(1 + rate, quarter / 4);
      previous = cumulative;
    }
    columns.p_alive[i] = alive;
    columns.expected_orders_90d[i] = known.next90 * alive;
    columns.expected_orders_365d[i] = previous;
    columns.likelihood_to_buy_again[i] = 1 - probabilityNoPurchase(params, HORIZONS.year, g.x, g.tx, g.T);
    columns.discounted_orders[i] = discountedOrders;
    // If still active, the wait for the next purchase is Exp(λ) (memoryless) with λ | history ~ Gamma(r + x,
    // α + T) (Hardie's BG/NBD note, eq. 5), so its mean is E[1/λ] = (α + T)/(r + x − 1) when r + x > 1.
    columns.days_to_next_order[i] = params.r + g.x > 1 ? (params.alpha + g.T) / (params.r + g.x - 1) : NaN;
  }
  await db.loadNumericTable('clv_groups', columns);
  const { p, q, v } = fit.gammaGamma as GammaGammaParameters;
  await db.run(`CREATE OR REPLACE TABLE customer_clv AS
    SELECT s.customer_id, g.p_alive, g.expected_orders_90d, g.expected_orders_365d, g.likelihood_to_buy_again,
      CASE WHEN s.x > 0 AND s.monetary > 0 THEN (${p} * (${v} + s.x * s.monetary)) / (${p} * s.x + ${q} - 1)
           ELSE ${p} * ${v} / (${q} - 1) END AS expected_order_value,
      g.expected_orders_365d * expected_order_value AS predicted_spend_12m,
      g.discounted_orders * expected_order_value AS predicted_clv,
      strftime(DATE '${calibrationEnd}' + CAST(round(g.days_to_next_order) AS INTEGER), '%Y-%m-%d') AS expected_next_order_date
    FROM ${inDays} s
    JOIN clv_groups g ON g.key = ${groupKey('s.x', 's.t_x', 's."T"')}`);
  await db.run('DROP TABLE clv_groups');
}

/**
 * One number per (x, t_x, T) in days, for a join on one column instead of three: imports refuse dates before 1990,
 * so t_x, T < 20,000 days and x ≤ T, and the key stays an exact integer in a double (below 2^53). The same
 * arithmetic builds it in TypeScript and in SQL.
 */
function groupKey<V extends number | string>(x: V, tx: V, T: V): V {
  if (typeof x === 'number') {
    if (!((T as number) < 20_000)) throw new RangeError(`a history of ${T} days is longer than scoring supports`);
    return ((x * 20_000 + (tx as number)) * 20_000 + (T as number)) as V;
  }
  return `((${x} * 20000 + ${tx}) * 20000 + ${T})` as V;
}

/** The fit in days: r, a, b are unit-free; alpha scales with the unit (FHL 2005: α is in time units). */
function daysParameters(fit: ClvFitResult): BgNbdParameters {
  const scale = fit.timeUnit === 'week' ? 7 : 1;
  return { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha * scale, a: fit.bgnbd.a, b: fit.bgnbd.b };
}

export type ThreeLevels<L extends string> = Record<L, number> & {
  cutoffs: Record<L, { min: number | null; max: number | null }>;
};

/**
 * The three CLV-based tiers with the spend-tier rule (30th / 70th percentile, ties together; spendTiers.ts): CLV
 * Low / Moderate / High, likelihood to buy again Low / Moderate / High, and the predicted spend tier HIGH / MEDIUM /
 * LOW. `customer_clv_tiers` is a view adding the three CASEs to `customer_clv`: resolving the boundaries takes two
 * passes per measure, where copying a million customers' predictions into a second table took longer than all
 * three.
 */
export async function clvTiers(db: SqlExecutor): Promise<{
  clvTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  likelihoodTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  predictedSpendTier: ThreeLevels<'HIGH' | 'MEDIUM' | 'LOW'>;
}> {
  const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM customer_clv');
  const eligible = n >= MINIMUM_CUSTOMERS_FOR_TIERS;
  const tier = async (measure: string) => {
    const resolved = await tierCase(db, 'customer_clv', measure, eligible);
    return inlineNumbers(resolved.expression, resolved.params);
  };
  await db.run(`CREATE OR REPLACE VIEW customer_clv_tiers AS
    SELECT c.*, ${await tier('predicted_clv')} AS clv_tier, ${await tier('likelihood_to_buy_again')} AS likelihood_tier,
      ${await tier('predicted_spend_12m')} AS predicted_spend_tier
    FROM customer_clv c`);
  // One pass for the three tallies: at most 3 × 3 × 3 combinations.
  const rows = await db.all<Record<string, number | string | null>>(
    `SELECT clv_tier, likelihood_tier, predicted_spend_tier, count(*) AS n,
       min(predicted_clv) AS clv_min, max(predicted_clv) AS clv_max,
       min(likelihood_to_buy_again) AS likelihood_min, max(likelihood_to_buy_again) AS likelihood_max,
       min(predicted_spend_12m) AS spend_min, max(predicted_spend_12m) AS spend_max
     FROM customer_clv_tiers GROUP BY ALL`,
  );
  const tally = <L extends string>(column: string, measure: string, names: Record<'LOW' | 'MEDIUM' | 'HIGH', L>) => {
    const out = { cutoffs: {} } as ThreeLevels<L>;
    for (const level of ['HIGH', 'MEDIUM', 'LOW'] as const) {
      const inTier = rows.filter((row) => row[column] === level);
      const values = (suffix: string) => inTier.map((row) => row[`${measure}_${suffix}`] as number);
      (out as Record<string, unknown>)[names[level]] = inTier.reduce((sum, row) => sum + (row.n as number), 0);
      out.cutoffs[names[level]] = {
        min: inTier.length ? Math.min(...values('min')) : null,
        max: inTier.length ? Math.max(...values('max')) : null,
      };
    }
    return out;
  };
  const words = { LOW: 'Low', MEDIUM: 'Moderate', HIGH: 'High' } as const;
  return {
    clvTier: tally('clv_tier', 'clv', words),
    likelihoodTier: tally('likelihood_tier', 'likelihood', words),
    predictedSpendTier: tally('predicted_spend_tier', 'spend', { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH' }),
  };
}
