import type { SqlExecutor } from '../../sql/executor';
import { CUSTOMER_ORDERS_SQL, checkAsOf, checkNumber } from './options';

/**
 * Personal cadence and "overdue": eight weeks without an order is alarming for a weekly buyer and normal for a
 * quarterly one, so each repeat customer is measured against their own rhythm, not the shop's.
 *
 * Rules (table `customer_signals_cadence`, one row per customer):
 * - Gaps are counted in days between DISTINCT purchase days (two orders on one day are one visit, as the CLV models
 *   merge same-day purchases — Fader, Hardie & Lee 2005, and customers.ts `purchase_days`).
 * - `own_median_gap_days` = median of the customer's gaps (robust to one long pause, unlike the mean).
 * - `shop_typical_gap_days` = median over repeat customers of their own median gap: each customer counts once, so a few
 *   very frequent buyers do not set the shop's rhythm.
 * - `typical_gap_days` = credibility-weighted blend: Z·own + (1 − Z)·shop with Z = n / (n + k), n = the customer's
 *   number of gaps, k = `shrinkageGaps` (default 2). This is Bühlmann's credibility factor (Bühlmann 1967,
 *   "Experience rating and credibility", ASTIN Bulletin 4(3); the same form as empirical-Bayes shrinkage, Efron &
 *   Morris 1975): with one gap (a 2-order customer) the shop gets 2/3 of the weight, with 2 gaps half, with 8 gaps
 *   one fifth. k = 2 says "two observed gaps are worth as much as the shop's prior": one gap is a single, noisy draw
 *   (a gift, a restock), so it should not alone decide that a customer is weekly.
 * - `days_overdue` = days since last order − typical gap; `overdue_ratio` = days since last order / typical gap;
 *   `expected_next_order_date` = last purchase day + typical gap (rounded to whole days).
 * - `overdue` = overdue_ratio ≥ `overdueRatio` (default 2: twice their own rhythm has passed).
 * - One-time buyers (a single purchase day) get NULL for every cadence field: they have no rhythm of their own, and
 *   giving them the shop's gap would flag every lapsed first-timer as "overdue", which is the recency/churn question
 *   RFM and BG/NBD already answer. Their `days_since_last_order` is still filled.
 */
export interface CadenceOptions {
  /** Flag a customer as overdue when days since last order ≥ this many typical gaps. Default 2. */
  overdueRatio?: number;
  /** k in the credibility weight n / (n + k). Default 2; 0 turns shrinkage off. */
  shrinkageGaps?: number;
  /** Most points returned for the typical-gap × days-since chart. Default 5,000. */
  chartPoints?: number;
}

export const DEFAULT_CADENCE_OPTIONS: Required<CadenceOptions> = {
  overdueRatio: 2,
  shrinkageGaps: 2,
  chartPoints: 5000,
};

export const CADENCE_TABLE = 'customer_signals_cadence';

export interface CadenceSummary {
  repeatCustomers: number;
  oneTimeCustomers: number;
  overdue: number;
  /** Median over repeat customers of their own median gap, in days; null when nobody bought twice. */
  shopTypicalGapDays: number | null;
  options: Required<CadenceOptions>;
}

export interface CadencePoint extends Record<string, unknown> {
  customer_id: string;
  typical_gap_days: number;
  days_since_last_order: number;
  overdue: boolean;
}

function resolve(options: CadenceOptions): Required<CadenceOptions> {
  const o = { ...DEFAULT_CADENCE_OPTIONS, ...options };
  checkNumber('overdueRatio', o.overdueRatio, { min: 0 });
  checkNumber('shrinkageGaps', o.shrinkageGaps, { min: 0 });
  checkNumber('chartPoints', o.chartPoints, { min: 0, integer: true });
  return o;
}

/** The CREATE statement and its bound values, in placeholder order. */
export function cadenceSql(asOf: string, options: CadenceOptions = {}): { sql: string; params: (string | number)[] } {
  const o = resolve(options);
  const sql = `CREATE OR REPLACE TABLE ${CADENCE_TABLE} AS
WITH purchase_days AS (
  SELECT DISTINCT customer_id, CAST(order_ts AS DATE) AS purchase_day FROM ${CUSTOMER_ORDERS_SQL}
), gaps AS (
  SELECT customer_id, purchase_day,
    CAST(date_diff('day', lag(purchase_day) OVER (PARTITION BY customer_id ORDER BY purchase_day), purchase_day)
      AS DOUBLE) AS gap_days
  FROM purchase_days
), per_customer AS (
  SELECT customer_id, max(purchase_day) AS last_purchase_day, count(gap_days) AS purchase_gaps,
    median(gap_days) AS own_median_gap_days
  FROM gaps GROUP BY customer_id
), shop AS (
  SELECT median(own_median_gap_days) AS shop_typical_gap_days FROM per_customer WHERE purchase_gaps > 0
), blended AS (
  SELECT p.*, shop.shop_typical_gap_days,
    CASE WHEN purchase_gaps > 0 THEN
      (purchase_gaps * own_median_gap_days + CAST(? AS DOUBLE) * shop_typical_gap_days)
        / (purchase_gaps + CAST(? AS DOUBLE)) END AS typical_gap_days,
    date_diff('day', last_purchase_day, CAST(? AS DATE)) AS days_since_last_order
  FROM per_customer p CROSS JOIN shop
)
SELECT customer_id, purchase_gaps,
  CASE WHEN purchase_gaps > 0 THEN own_median_gap_days END AS own_median_gap_days,
  CASE WHEN purchase_gaps > 0 THEN shop_typical_gap_days END AS shop_typical_gap_days,
  typical_gap_days, last_purchase_day AS last_order_date, days_since_last_order,
  days_since_last_order - typical_gap_days AS days_overdue,
  days_since_last_order / typical_gap_days AS overdue_ratio,
  last_purchase_day + CAST(round(typical_gap_days) AS INTEGER) AS expected_next_order_date,
  days_since_last_order / typical_gap_days >= CAST(? AS DOUBLE) AS overdue
FROM blended`;
  return { sql, params: [asOf, o.shrinkageGaps, o.shrinkageGaps, asOf, o.overdueRatio] };
}

/** Builds `customer_signals_cadence` and returns the counts. */
export async function buildCadence(
  db: SqlExecutor,
  asOf: string,
  options: CadenceOptions = {},
): Promise<CadenceSummary> {
  const o = resolve(options);
  const { sql, params } = cadenceSql(checkAsOf(asOf), o);
  await db.all(sql, params);
  const [row] = await db.all<{ repeat: number; one_time: number; overdue: number; shop_gap: number | null }>(
    `SELECT count(*) FILTER (WHERE purchase_gaps > 0) AS repeat, count(*) FILTER (WHERE purchase_gaps = 0) AS one_time,
       count(*) FILTER (WHERE overdue) AS overdue, max(shop_typical_gap_days) AS shop_gap FROM ${CADENCE_TABLE}`,
  );
  return {
    repeatCustomers: row?.repeat ?? 0,
    oneTimeCustomers: row?.one_time ?? 0,
    overdue: row?.overdue ?? 0,
    shopTypicalGapDays: row?.shop_gap ?? null,
    options: o,
  };
}

/**
 * Points for the chart "typical gap vs days since last order" (repeat customers only), coloured by the overdue flag.
 * At most `chartPoints`, chosen by a hash of the customer id: the same customers every run and in browser and CLI
 * (same engine version, same hash), and spread evenly rather than the first rows of the file.
 */
export async function cadenceChartPoints(db: SqlExecutor, options: CadenceOptions = {}): Promise<CadencePoint[]> {
  const o = resolve(options);
  return db.all<CadencePoint>(
    `SELECT customer_id, typical_gap_days, days_since_last_order, overdue FROM ${CADENCE_TABLE}
     WHERE typical_gap_days IS NOT NULL ORDER BY hash(customer_id), customer_id LIMIT ?`,
    [o.chartPoints],
  );
}
