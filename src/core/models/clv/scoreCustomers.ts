import type { SqlExecutor } from '../../sql/executor';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierSql } from '../spendTiers';
import { conditionalExpectedPurchases, probabilityAlive, probabilityNoPurchase, type BgNbdParameters } from './bgnbd';
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
  const groups = await db.all<{ x: number; tx: number; T: number }>(`SELECT DISTINCT x, t_x AS tx, "T" FROM ${inDays}`);
  const rate = options.yearlyDiscountRate ?? 0;
  const columns = {
    x: new Float64Array(groups.length),
    tx: new Float64Array(groups.length),
    T: new Float64Array(groups.length),
    p_alive: new Float64Array(groups.length),
    expected_orders_90d: new Float64Array(groups.length),
    expected_orders_365d: new Float64Array(groups.length),
    likelihood_to_buy_again: new Float64Array(groups.length),
    discounted_orders: new Float64Array(groups.length),
    days_to_next_order: new Float64Array(groups.length),
  };
  groups.forEach((g, i) => {
    const expected = (t: number) => conditionalExpectedPurchases(params, t, g.x, g.tx, g.T);
    let discountedOrders = 0;
    let previous = 0;
    for (let quarter = 1; quarter <= 4; quarter++) {
      const cumulative = expected((HORIZONS.year * quarter) / 4);
      discountedOrders += (cumulative - previous) / Math.pow(1 + rate, quarter / 4);
      previous = cumulative;
    }
    columns.x[i] = g.x;
    columns.tx[i] = g.tx;
    columns.T[i] = g.T;
    columns.p_alive[i] = probabilityAlive(params, g.x, g.tx, g.T);
    columns.expected_orders_90d[i] = expected(HORIZONS.short);
    columns.expected_orders_365d[i] = previous;
    columns.likelihood_to_buy_again[i] = 1 - probabilityNoPurchase(params, HORIZONS.year, g.x, g.tx, g.T);
    columns.discounted_orders[i] = discountedOrders;
    // If still active, the wait for the next purchase is Exp(λ) (memoryless) with λ | history ~ Gamma(r + x,
    // α + T) (Hardie's BG/NBD note, eq. 5), so its mean is E[1/λ] = (α + T)/(r + x − 1) when r + x > 1.
    columns.days_to_next_order[i] = params.r + g.x > 1 ? (params.alpha + g.T) / (params.r + g.x - 1) : NaN;
  });
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
    JOIN clv_groups g ON g.x = s.x AND g.tx = s.t_x AND g."T" = s."T"`);
  await db.run('DROP TABLE clv_groups');
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
 * The three CLV-based tiers with the spend-tier rule (30th / 70th percentile, ties together): CLV Low / Moderate /
 * High, likelihood to buy again Low / Moderate / High, and the predicted spend tier HIGH / MEDIUM / LOW.
 */
export async function clvTiers(db: SqlExecutor): Promise<{
  clvTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  likelihoodTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  predictedSpendTier: ThreeLevels<'HIGH' | 'MEDIUM' | 'LOW'>;
}> {
  const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM customer_clv');
  const eligible = n >= MINIMUM_CUSTOMERS_FOR_TIERS;
  const parts = {
    clv: tierSql('customer_clv', 'predicted_clv', eligible),
    likelihood: tierSql('customer_clv', 'likelihood_to_buy_again', eligible),
    spend: tierSql('customer_clv', 'predicted_spend_12m', eligible),
  };
  const all = Object.values(parts);
  const ctes = all.flatMap((p) => p.ctes);
  await db.run(`CREATE OR REPLACE TABLE customer_clv_tiers AS ${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}
    SELECT c.*, ${parts.clv.expression} AS clv_tier, ${parts.likelihood.expression} AS likelihood_tier,
      ${parts.spend.expression} AS predicted_spend_tier
    FROM customer_clv c ${all.map((p) => p.join).join(' ')}`);
  // customer_clv_tiers holds every column of customer_clv: keeping both costs ~140 MB of the 4 GB wasm heap at a
  // million customers, which the behavioural signals need afterwards.
  await db.run('DROP TABLE customer_clv');
  const tally = async <L extends string>(
    column: string,
    measure: string,
    names: Record<'LOW' | 'MEDIUM' | 'HIGH', L>,
  ) => {
    const rows = await db.all<{ tier: 'LOW' | 'MEDIUM' | 'HIGH'; n: number; min: number; max: number }>(
      `SELECT ${column} AS tier, count(*) AS n, min(${measure}) AS min, max(${measure}) AS max FROM customer_clv_tiers
       WHERE ${column} IS NOT NULL GROUP BY 1`,
    );
    const out = { cutoffs: {} } as ThreeLevels<L>;
    for (const level of ['HIGH', 'MEDIUM', 'LOW'] as const) {
      const row = rows.find((r) => r.tier === level);
      (out as Record<string, unknown>)[names[level]] = row?.n ?? 0;
      out.cutoffs[names[level]] = { min: row?.min ?? null, max: row?.max ?? null };
    }
    return out;
  };
  const words = { LOW: 'Low', MEDIUM: 'Moderate', HIGH: 'High' } as const;
  return {
    clvTier: await tally('clv_tier', 'predicted_clv', words),
    likelihoodTier: await tally('likelihood_tier', 'likelihood_to_buy_again', words),
    predictedSpendTier: await tally('predicted_spend_tier', 'predicted_spend_12m', {
      LOW: 'LOW',
      MEDIUM: 'MEDIUM',
      HIGH: 'HIGH',
    }),
  };
}
