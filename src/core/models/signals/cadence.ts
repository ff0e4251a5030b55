import type { SqlExecutor } from '../../sql/executor';
import { numberLiteral } from '../../sql/quote';
import type { Scratch } from '../../sql/scratch';
import { checkAsOf, checkNumber } from './options';
import {
  dateOfDaySql,
  medianInPlace,
  orderHistoryFor,
  sortSmall,
  storeSignalView,
  type OrderHistory,
} from './orderHistory';

/**
 * Personal cadence and "overdue": eight weeks without an order is alarming for a weekly buyer and normal for a
 * quarterly one, so each repeat customer is measured against their own rhythm, not the shop's.
 *
 * Rules (view `customer_signals_cadence`, one row per customer; computed in TypeScript over the order history):
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

const CADENCE_VALUES_TABLE = 'signal_cadence_values';

/** What the view is computed from, per row of the order history; the rest of its figures follow from these in SQL. */
const CADENCE_COLUMNS = ['purchase_gaps', 'own_median', 'typical', 'last_day'] as const;

/** Fills `values` (zeroed, one entry per row of the order history; NaN = NULL) and returns the summary counts. */
export function cadenceValues(
  history: OrderHistory,
  options: CadenceOptions,
  values: Record<(typeof CADENCE_COLUMNS)[number], Float64Array>,
  scratch: Scratch,
): CadenceSummary {
  const o = resolve(options);
  const { rows, start, day, asOfDay, guestRow } = history;
  const { purchase_gaps: purchaseGaps, typical } = values;
  const ownMedian = values.own_median.fill(NaN);
  const lastDay = values.last_day.fill(NaN);
  let longest = 0;
  for (let r = 0; r < rows; r++) longest = Math.max(longest, start[r + 1]! - start[r]!);
  const days = new Float64Array(longest);
  const gaps = new Float64Array(longest);
  const medians = scratch.float64(rows);
  let repeatCustomers = 0;
  for (let r = 0; r < rows; r++) {
    if (r === guestRow) continue;
    const first = start[r]!;
    const orders = start[r + 1]! - first;
    for (let k = 0; k < orders; k++) days[k] = day[first + k]!;
    sortSmall(days, orders);
    // Gaps between distinct purchase days: a second order on the same day is the same visit.
    let gapCount = 0;
    for (let k = 1; k < orders; k++) if (days[k] !== days[k - 1]) gaps[gapCount++] = days[k]! - days[k - 1]!;
    lastDay[r] = days[orders - 1]!;
    purchaseGaps[r] = gapCount;
    if (gapCount > 0) {
      ownMedian[r] = medianInPlace(gaps, gapCount);
      medians[repeatCustomers++] = ownMedian[r]!;
    }
  }
  const shopGap = repeatCustomers > 0 ? medianInPlace(medians, repeatCustomers) : NaN;
  typical.fill(NaN);
  let overdueCustomers = 0;
  for (let r = 0; r < rows; r++) {
    const n = purchaseGaps[r]!;
    if (r === guestRow || n === 0) continue;
    // Bühlmann credibility Z = n / (n + k): Z·own + (1 − Z)·shop, written as in the rule above.
    const gap = (n * ownMedian[r]! + o.shrinkageGaps * shopGap) / (n + o.shrinkageGaps);
    typical[r] = gap;
    // The view's `overdue`, computed the same way (IEEE doubles in both).
    if ((asOfDay - lastDay[r]!) / gap >= o.overdueRatio) overdueCustomers++;
  }
  return {
    repeatCustomers,
    oneTimeCustomers: history.customers - repeatCustomers,
    overdue: overdueCustomers,
    shopTypicalGapDays: repeatCustomers > 0 ? shopGap : null,
    options: o,
  };
}

/** Builds the `customer_signals_cadence` view and returns the counts. */
export async function buildCadence(
  db: SqlExecutor,
  asOf: string,
  options: CadenceOptions = {},
  history?: OrderHistory,
): Promise<CadenceSummary> {
  const o = resolve(options);
  const read = await orderHistoryFor(db, checkAsOf(asOf), history);
  // Days since the last order, and the shop's gap for repeat customers (one-time buyers have none of their own).
  const daysSince = `(${read.asOfDay} - v.last_day)`;
  return storeSignalView(
    db,
    read,
    { view: CADENCE_TABLE, values: CADENCE_VALUES_TABLE },
    CADENCE_COLUMNS,
    (values, scratch) => cadenceValues(read, o, values, scratch),
    ({ shopTypicalGapDays }) => {
      const shopGap = shopTypicalGapDays === null ? 'NULL' : numberLiteral(shopTypicalGapDays);
      return `CAST(v.purchase_gaps AS BIGINT) AS purchase_gaps, v.own_median AS own_median_gap_days,
        CASE WHEN v.purchase_gaps > 0 THEN ${shopGap} END AS shop_typical_gap_days, v.typical AS typical_gap_days,
        ${dateOfDaySql('v.last_day')} AS last_order_date, CAST(${daysSince} AS BIGINT) AS days_since_last_order,
        ${daysSince} - v.typical AS days_overdue, ${daysSince} / v.typical AS overdue_ratio,
        ${dateOfDaySql('v.last_day + round(v.typical)')} AS expected_next_order_date,
        ${daysSince} / v.typical >= ${numberLiteral(o.overdueRatio)} AS overdue`;
    },
    Float64Array.BYTES_PER_ELEMENT * read.rows, // cadenceValues' medians
  );
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

export interface OverdueCustomerRow extends Record<string, unknown> {
  customer_id: string;
  email: string | null;
  amount_spent: number;
  typical_gap_days: number;
  days_since_last_order: number;
  days_overdue: number;
  /** YYYY-MM-DD */
  expected_next_order_date: string;
}

/**
 * The overdue customers who have spent the most: whom to contact first. Reads `customers` for the spend and e-mail, so
 * needs the customer model built as of the same date as the cadence view. Ties broken by customer id.
 */
export async function valuableOverdueCustomers(
  db: SqlExecutor,
  options: { limit?: number } = {},
): Promise<OverdueCustomerRow[]> {
  const limit = checkNumber('limit', options.limit ?? 10, { min: 0, integer: true });
  return db.all<OverdueCustomerRow>(
    `SELECT c.customer_id, m.email, m.amount_spent, c.typical_gap_days, c.days_since_last_order, c.days_overdue,
       strftime(c.expected_next_order_date, '%Y-%m-%d') AS expected_next_order_date
     FROM ${CADENCE_TABLE} c JOIN customers m ON m.customer_id = c.customer_id
     WHERE c.overdue ORDER BY m.amount_spent DESC, c.customer_id LIMIT ?`,
    [limit],
  );
}
