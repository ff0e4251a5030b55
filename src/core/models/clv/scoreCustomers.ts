import type { SqlExecutor } from '../../sql/executor';
import { inlineNumbers } from '../../sql/quote';
import { asOfDateSql } from '../asOf';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierCaseFromValues, tierCodeOf, tierCut, type TierName } from '../spendTiers';
import { expectedPurchasesIfAlive, noPurchaseIfAlive, probabilityAlive, type BgNbdParameters } from './bgnbd';
import { DAYS_PER_UNIT } from './calibrationSummary';
import type { CalibrationColumns } from './calibrationColumns';
import type { PurchaseModelFit } from './fitClv';
import { HISTORY_DAYS_LIMIT } from './historyGroups';
import { conditionalExpectedOrderValue } from './gammaGamma';

/** Horizons in days: the merchant-facing "next 90 days" and "next 12 months". */
export const HORIZONS = { short: 90, year: 365 };

/**
 * The yearly discount rate CLV uses unless told otherwise: 10 %, the rate the page starts with, so that `cli analyze`
 * and `cli segment` give the tiers (`clv_tier`) the page shows.
 */
export const DEFAULT_YEARLY_DISCOUNT_RATE = 0.1;

export interface ClvScoringOptions {
  /** Yearly discount rate for CLV (0.1 = 10 %), applied per quarter (predictCustomerValues); default 10 %. */
  yearlyDiscountRate?: number;
}

/** Per-customer predictions, one entry per customer in the order of the calibration columns. */
export interface ClvPredictions {
  p_alive: Float64Array;
  expected_orders_90d: Float64Array;
  expected_orders_365d: Float64Array;
  likelihood_to_buy_again: Float64Array;
  expected_order_value: Float64Array;
  predicted_spend_12m: Float64Array;
  predicted_clv: Float64Array;
}

/**
 * Every customer's predictions (days as the unit, as of the day after the calibration end): p_alive,
 * expected_orders_90d / _365d, likelihood_to_buy_again (1 − P(no purchase in 365 days), bgnbd.ts),
 * expected_order_value (Gamma-Gamma, Fader & Hardie 2013 eq. 5; the population mean p·v/(q−1) for one-time buyers),
 * predicted_spend_12m = expected orders × expected order value, predicted_clv = the same over twelve months with
 * each quarter's expected orders discounted at (1 + rate)^(quarter/4) (lifetimes discounts monthly; quarterly
 * differs by well under 1 % at usual rates).
 *
 * The 2F1 series (in expectedPurchasesIfAlive) depends on a customer only through (x, T), so it is computed once per
 * distinct pair; P(alive) is a few logarithms and an exponential per customer.
 *
 * Without a spend model (`gammaGamma: null`, fitClv.ts) the three spend figures are NaN (NULL once stored): the
 * purchase figures need BG/NBD only.
 */
export function predictCustomerValues(
  fit: PurchaseModelFit,
  calibration: CalibrationColumns,
  options: ClvScoringOptions = {},
): ClvPredictions {
  const params = daysParameters(fit);
  const spendModel = fit.gammaGamma;
  const populationOrderValue = spendModel ? (spendModel.p * spendModel.v) / (spendModel.q - 1) : NaN;
  const rate = options.yearlyDiscountRate ?? DEFAULT_YEARLY_DISCOUNT_RATE;
  const discount = [1, 2, 3, 4].map((quarter) => Math.pow(1 + rate, quarter / 4));
  const size = calibration.x.length;
  const out: ClvPredictions = {
    p_alive: new Float64Array(size),
    expected_orders_90d: new Float64Array(size),
    expected_orders_365d: new Float64Array(size),
    likelihood_to_buy_again: new Float64Array(size),
    expected_order_value: new Float64Array(size),
    predicted_spend_12m: new Float64Array(size),
    predicted_clv: new Float64Array(size),
  };
  // Per distinct (x, T): E[purchases in the next 90 days and in each cumulative quarter | alive] and P(no purchase
  // in the year | alive), in one flat array (six numbers per pair) found through one Map lookup per customer.
  const pairOf = new Map<number, number>();
  const ifAlive: number[] = [];
  const { x: xs, tx: txs, T: Ts, monetary } = calibration;
  for (let i = 0; i < size; i++) {
    const x = xs[i];
    const T = Ts[i];
    // (x, T) as one small integer (T below the limit the fit checked): a Map is fastest on those.
    const key = x * HISTORY_DAYS_LIMIT + T;
    let pair = pairOf.get(key);
    if (pair === undefined) {
      pair = ifAlive.length;
      pairOf.set(key, pair);
      ifAlive.push(expectedPurchasesIfAlive(params, HORIZONS.short, x, T));
      for (let quarter = 1; quarter <= 4; quarter++) {
        ifAlive.push(expectedPurchasesIfAlive(params, (HORIZONS.year * quarter) / 4, x, T));
      }
      ifAlive.push(noPurchaseIfAlive(params, HORIZONS.year, x, T));
    }
    const alive = probabilityAlive(params, x, txs[i], T);
    let discountedOrders = 0;
    let previous = 0;
    for (let quarter = 0; quarter < 4; quarter++) {
      const cumulative = ifAlive[pair + 1 + quarter] * alive;
      discountedOrders += (cumulative - previous) / discount[quarter];
      previous = cumulative;
    }
    const mean = monetary[i];
    const orderValue =
      spendModel && x > 0 && mean > 0 ? conditionalExpectedOrderValue(spendModel, x, mean) : populationOrderValue;
    out.p_alive[i] = alive;
    out.expected_orders_90d[i] = ifAlive[pair] * alive;
    out.expected_orders_365d[i] = previous;
    // 1 − P(no purchase in the year), with P as in probabilityNoPurchase: (1 − alive) + alive · silentYear.
    out.likelihood_to_buy_again[i] = alive * (1 - ifAlive[pair + 5]);
    out.expected_order_value[i] = orderValue;
    out.predicted_spend_12m[i] = previous * orderValue;
    out.predicted_clv[i] = discountedOrders * orderValue;
  }
  return out;
}

/** The table holding the predictions, row for row with `customers`; `customer_clv` is a view over both. */
const PREDICTION_TABLE = 'clv_predictions';

/**
 * Stores predictions made from calibrationFromCustomers — in the row order of `customers` — as `customer_clv`: a
 * positional join of `customers` with the predictions table, so no customer id is carried or matched. What follows
 * from other columns is computed in the view rather than stored: predicted_spend_12m (the same product as in
 * predictCustomerValues) and the expected next order date. If still active, the wait for the next purchase is Exp(λ)
 * (memoryless) with λ | history ~ Gamma(r + x, α + T) (Hardie's BG/NBD note, eq. 5), so its mean is
 * E[1/λ] = (α + T)/(r + x − 1) when r + x > 1; x and T in days come from `customers` as in calibrationFromCustomers.
 *
 * That mean is given as a date only within `horizonYears` (nextOrderHorizonYears) of the calibration end; beyond it
 * — or when r + x ≤ 1, where E[1/λ] is infinite — `expected_next_order_date` is NULL and `next_order_beyond_years`
 * holds the horizon, read "not expected within N years". Why: with r + x just above 1 the mean is dominated by
 * the Gamma prior's tail (the wait is Lomax with shape r + x, whose mean explodes as the shape nears 1), and
 * came out centuries ahead; a rate that slow was never observed in the data the model was fitted on.
 */
export async function storeCustomerClv(
  db: SqlExecutor,
  fit: PurchaseModelFit,
  predictions: ClvPredictions,
  calibrationEnd: string,
  horizonYears = 1,
) {
  // predicted_spend_12m is left out: the view derives it.
  const { p_alive, expected_orders_90d, expected_orders_365d, likelihood_to_buy_again, expected_order_value } =
    predictions;
  const { predicted_clv } = predictions;
  await db.loadNumericTable(PREDICTION_TABLE, {
    p_alive,
    expected_orders_90d,
    expected_orders_365d,
    likelihood_to_buy_again,
    expected_order_value,
    predicted_clv,
  });
  const { r, alpha } = daysParameters(fit);
  const x = '(c.purchase_days - 1)';
  const T = '(c.customer_age_days - 1)';
  const wait = inlineNumbers(`(? + ${T}) / (? + ${x} - 1)`, [alpha, r]);
  const years = Math.max(1, Math.floor(horizonYears));
  // Within the horizon: r + x > 1 and the rounded wait at most the horizon's days (whole years of 365 days).
  const within = `${inlineNumbers('?', [r])} + ${x} > 1 AND round(${wait}) <= ${inlineNumbers('?', [years * 365])}`;
  await db.run(`CREATE OR REPLACE VIEW customer_clv AS
    SELECT c.customer_id, c.rowid AS customer_row, p.p_alive, p.expected_orders_90d, p.expected_orders_365d,
      p.likelihood_to_buy_again, p.expected_order_value,
      p.expected_orders_365d * p.expected_order_value AS predicted_spend_12m, p.predicted_clv,
      CASE WHEN ${within}
        THEN strftime(${asOfDateSql(calibrationEnd)} + CAST(round(${wait}) AS INTEGER), '%Y-%m-%d') END
        AS expected_next_order_date,
      CASE WHEN ${within} THEN NULL ELSE ${inlineNumbers('?', [years])} END AS next_order_beyond_years
    FROM customers c POSITIONAL JOIN ${PREDICTION_TABLE} p`);
}

/**
 * How far ahead the expected next order is given as a date: the span of the history the model was fitted on (the
 * longest T, in days), in whole years, at least one — the horizon of the other predictions (HORIZONS.year). BG/NBD
 * learns each customer's rate from the gaps seen within that span (Fader, Hardie & Lee 2005, section 2); a mean wait
 * longer than the whole history is the prior's tail speaking, not anything the data has shown.
 */
export function nextOrderHorizonYears(calibration: Pick<CalibrationColumns, 'T'>): number {
  let longest = 0;
  for (let i = 0; i < calibration.T.length; i++) if (calibration.T[i] > longest) longest = calibration.T[i];
  return Math.max(1, Math.floor(longest / HORIZONS.year));
}

/** Removes the predictions: they belong to one build of `customers`, row for row. */
export async function dropCustomerClv(db: SqlExecutor): Promise<void> {
  await db.run(
    `DROP VIEW IF EXISTS customer_clv_tiers; DROP VIEW IF EXISTS customer_clv; DROP TABLE IF EXISTS ${PREDICTION_TABLE}`,
  );
}

/** The fit in days: r, a, b are unit-free; alpha scales with the unit (FHL 2005: α is in time units). */
function daysParameters(fit: PurchaseModelFit): BgNbdParameters {
  const scale = DAYS_PER_UNIT[fit.timeUnit];
  return { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha * scale, a: fit.bgnbd.a, b: fit.bgnbd.b };
}

export type ThreeLevels<L extends string> = Record<L, number> & {
  cutoffs: Record<L, { min: number | null; max: number | null }>;
};

/** The measure each CLV-based tier is cut from. */
const TIER_MEASURES = {
  clv_tier: 'predicted_clv',
  likelihood_tier: 'likelihood_to_buy_again',
  predicted_spend_tier: 'predicted_spend_12m',
} as const;

/**
 * The three CLV-based tiers with the spend-tier rule (30th / 70th percentile, ties together; spendTiers.ts): CLV
 * Low / Moderate / High, likelihood to buy again Low / Moderate / High, and the predicted spend tier HIGH / MEDIUM /
 * LOW. Boundaries and counts come from the predictions in memory; `customer_clv_tiers` is a view adding the three
 * CASEs to `customer_clv`. Without a spend model (`spendModel` false) the CLV and predicted spend tiers are withheld
 * (NULL columns, zero counts the caller replaces with the reason) and the likelihood tier still stands.
 */
export async function clvTiers(
  db: SqlExecutor,
  predictions: ClvPredictions,
  spendModel = true,
): Promise<{
  clvTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  likelihoodTier: ThreeLevels<'Low' | 'Moderate' | 'High'>;
  predictedSpendTier: ThreeLevels<'HIGH' | 'MEDIUM' | 'LOW'>;
}> {
  const words = { LOW: 'Low', MEDIUM: 'Moderate', HIGH: 'High' } as const;
  const eligible = predictions.p_alive.length >= MINIMUM_CUSTOMERS_FOR_TIERS;
  // The column holds the names the counts and the segment language use: High / Moderate / Low for the CLV and
  // likelihood tiers, HIGH / MEDIUM / LOW for the predicted spend tier, as for the historic one.
  const cases = Object.entries(TIER_MEASURES).map(([column, measure]) => {
    const labels = column === 'predicted_spend_tier' ? undefined : words;
    const withheld = !spendModel && column !== 'likelihood_tier';
    const tier = tierCaseFromValues(predictions[measure], measure, eligible && !withheld, {}, labels);
    return { column, measure, bounds: tier.params, sql: inlineNumbers(tier.expression, tier.params) };
  });
  await db.run(`CREATE OR REPLACE VIEW customer_clv_tiers AS
    SELECT c.*, ${cases.map((tier) => `${tier.sql} AS ${tier.column}`).join(', ')} FROM customer_clv c`);
  const tally = <L extends string>(index: number, names: Record<TierName, L>) => {
    const { measure, bounds } = cases[index];
    const levels = ['HIGH', 'MEDIUM', 'LOW'] as const;
    const counts = [0, 0, 0];
    const lowest = [Infinity, Infinity, Infinity];
    const highest = [-Infinity, -Infinity, -Infinity];
    const values = predictions[measure];
    const cut = tierCut(bounds);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      // The CASE's tier (code 0: withheld); a NaN (NULL in SQL) falls in LOW, as the CASE's ELSE, with no range.
      const code = tierCodeOf(value, cut);
      if (code === 0) continue;
      // Counted in arrays by position (HIGH, MEDIUM, LOW): a property named by the tier per customer took half as
      // long again.
      const k = code - 1;
      counts[k]++;
      if (value < lowest[k]) lowest[k] = value;
      if (value > highest[k]) highest[k] = value;
    }
    const out = { cutoffs: {} } as ThreeLevels<L>;
    levels.forEach((level, k) => {
      const found = lowest[k] <= highest[k];
      (out as Record<string, unknown>)[names[level]] = counts[k];
      out.cutoffs[names[level]] = { min: found ? lowest[k] : null, max: found ? highest[k] : null };
    });
    return out;
  };
  return {
    clvTier: tally(0, words),
    likelihoodTier: tally(1, words),
    predictedSpendTier: tally(2, { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH' }),
  };
}
