import type { SqlExecutor } from '../../sql/executor';
import { checkAsOf, checkNumber } from './options';
import { orderHistoryFor, storeSignalView, type OrderHistory } from './orderHistory';

/**
 * Discount hunters: customers who mostly or only buy with a discount, and how much revenue leans on discounts.
 *
 * Rules (view `customer_signals_discounts`, one row per customer; computed in TypeScript over the order history):
 * - An order is discounted when `discount_amount > 0` or it carries a non-blank `discount_code` (a free-shipping code
 *   has no amount but is still a promotion) — the same test as customers.ts `discount_share`.
 * - `discount_share` = discounted orders / orders; `discounted_spend_share` = net amount of discounted orders / net
 *   amount of all orders (NULL when the customer's net spend is 0).
 * - A **promotion day** is a calendar day when at least `promotionDayShare` (default 50 %) of the shop's orders,
 *   guests included, were discounted, with at least `promotionDayMinOrders` orders that day (default 5): a sale the
 *   customer joined without typing a code still counts. `buys_only_during_promotions` = the customer has at least
 *   `allDiscountedMinOrders` orders and every one is discounted or placed on a promotion day.
 * - `discount_hunter` = (orders ≥ `hunterMinOrders` (3) AND discount_share ≥ `hunterMinShare` (80 %)) OR
 *   (orders ≥ `allDiscountedMinOrders` (2) AND every order discounted). One discounted order is no pattern (most
 *   first orders use a welcome code), so a single order never makes a hunter; at 3+ orders one full-price order in
 *   five is tolerated; at 2 orders both must be discounted. A rule of thumb, editable — not a published cut-off.
 */
export interface DiscountOptions {
  hunterMinOrders?: number;
  hunterMinShare?: number;
  allDiscountedMinOrders?: number;
  promotionDayShare?: number;
  promotionDayMinOrders?: number;
}

export const DEFAULT_DISCOUNT_OPTIONS: Required<DiscountOptions> = {
  hunterMinOrders: 3,
  hunterMinShare: 0.8,
  allDiscountedMinOrders: 2,
  promotionDayShare: 0.5,
  promotionDayMinOrders: 5,
};

export const DISCOUNTS_TABLE = 'customer_signals_discounts';
/** Optional input: when a table or view of this name exists, discount-dependent revenue is split by RFM group. */
export const RFM_GROUP_TABLE = 'customer_rfm';

export interface DiscountRevenueRow extends Record<string, unknown> {
  rfm_group: string;
  customers: number;
  discount_hunters: number;
  revenue: number;
  discounted_revenue: number;
  discount_hunter_revenue: number;
  discounted_revenue_share: number | null;
}

export interface DiscountSummary {
  customers: number;
  discountHunters: number;
  onlyDuringPromotions: number;
  /** Customers' orders with a discount amount or code: 0 when the file carries no discount information at all. */
  discountedOrders: number;
  /** Share of all customer revenue placed on discounted orders; null when revenue is 0. */
  discountedRevenueShare: number | null;
  /** Per RFM group when `customer_rfm` exists, else one row named 'All customers'. */
  revenueByGroup: DiscountRevenueRow[];
  options: Required<DiscountOptions>;
}

function resolve(options: DiscountOptions): Required<DiscountOptions> {
  const o = { ...DEFAULT_DISCOUNT_OPTIONS, ...options };
  checkNumber('hunterMinOrders', o.hunterMinOrders, { min: 1, integer: true });
  checkNumber('hunterMinShare', o.hunterMinShare, { min: 0, max: 1 });
  checkNumber('allDiscountedMinOrders', o.allDiscountedMinOrders, { min: 1, integer: true });
  checkNumber('promotionDayShare', o.promotionDayShare, { min: 0, max: 1 });
  checkNumber('promotionDayMinOrders', o.promotionDayMinOrders, { min: 1, integer: true });
  return o;
}

const DISCOUNT_VALUES_TABLE = 'signal_discount_values';

/**
 * Days (since 1970-01-01) on which the shop ran a promotion: at least `promotionDayMinOrders` orders, guests
 * included, of which at least `promotionDayShare` discounted.
 */
function promotionDays(history: OrderHistory, o: Required<DiscountOptions>): (day: number) => boolean {
  const { day, discounted, firstDay: first, lastDay: last } = history;
  if (day.length === 0) return () => false;
  const orders = new Int32Array(last - first + 1);
  const discountedOrders = new Int32Array(last - first + 1);
  for (let i = 0; i < day.length; i++) {
    orders[day[i]! - first]!++;
    discountedOrders[day[i]! - first]! += discounted[i]!;
  }
  const promotion = new Uint8Array(last - first + 1);
  for (let d = 0; d < promotion.length; d++) {
    promotion[d] =
      orders[d]! >= o.promotionDayMinOrders && discountedOrders[d]! / orders[d]! >= o.promotionDayShare ? 1 : 0;
  }
  return (d) => promotion[d - first] === 1;
}

const DISCOUNT_COLUMNS = [
  'orders',
  'discounted_orders',
  'spend',
  'discounted_spend',
  'only_promotions',
  'hunter',
] as const;

/** Fills `values` (zeroed, one entry per row of the order history: the discount figures) and returns the counts. */
export function discountValues(
  history: OrderHistory,
  options: DiscountOptions,
  values: Record<(typeof DISCOUNT_COLUMNS)[number], Float64Array>,
): {
  hunters: number;
  onlyDuringPromotions: number;
  discountedOrderCount: number;
  spend: number;
  discountedSpend: number;
} {
  const o = resolve(options);
  const { rows, start, day, discounted, amount, guestRow } = history;
  const onPromotionDay = promotionDays(history, o);
  const { orders, discounted_orders: discountedOrders, spend, discounted_spend: discountedSpend } = values;
  const { only_promotions: onlyPromotions, hunter } = values;
  let hunters = 0;
  let onlyDuringPromotions = 0;
  let discountedOrderCount = 0;
  let totalSpend = 0;
  let totalDiscountedSpend = 0;
  for (let r = 0; r < rows; r++) {
    if (r === guestRow) continue;
    const n = start[r + 1]! - start[r]!;
    let discountedCount = 0;
    let sum = 0;
    let discountedSum = 0;
    let allOnPromotion = true;
    for (let i = start[r]!; i < start[r + 1]!; i++) {
      sum += amount[i]!;
      if (discounted[i] === 1) {
        discountedCount++;
        discountedSum += amount[i]!;
      } else if (!onPromotionDay(day[i]!)) allOnPromotion = false;
    }
    orders[r] = n;
    discountedOrders[r] = discountedCount;
    spend[r] = sum;
    discountedSpend[r] = discountedSum;
    const promotions = n >= o.allDiscountedMinOrders && allOnPromotion;
    const isHunter =
      (n >= o.hunterMinOrders && discountedCount / n >= o.hunterMinShare) ||
      (n >= o.allDiscountedMinOrders && discountedCount === n);
    onlyPromotions[r] = promotions ? 1 : 0;
    hunter[r] = isHunter ? 1 : 0;
    if (promotions) onlyDuringPromotions++;
    if (isHunter) hunters++;
    discountedOrderCount += discountedCount;
    totalSpend += sum;
    totalDiscountedSpend += discountedSum;
  }
  return {
    hunters,
    onlyDuringPromotions,
    discountedOrderCount,
    spend: totalSpend,
    discountedSpend: totalDiscountedSpend,
  };
}

/** True when a table or view of that name exists (temporary ones included). */
export async function relationExists(db: SqlExecutor, name: string): Promise<boolean> {
  const [row] = await db.all<{ n: number }>(
    `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name = ?)
       + (SELECT count(*) FROM duckdb_views() WHERE view_name = ?) AS n`,
    [name, name],
  );
  return (row?.n ?? 0) > 0;
}

/** Builds the `customer_signals_discounts` view and the revenue split. */
export async function buildDiscounts(
  db: SqlExecutor,
  asOf: string,
  options: DiscountOptions = {},
  history?: OrderHistory,
): Promise<DiscountSummary> {
  const o = resolve(options);
  const read = await orderHistoryFor(db, checkAsOf(asOf), history);
  const { hunters, onlyDuringPromotions, discountedOrderCount, spend, discountedSpend } = await storeSignalView(
    db,
    read,
    { view: DISCOUNTS_TABLE, values: DISCOUNT_VALUES_TABLE },
    DISCOUNT_COLUMNS,
    (values) => discountValues(read, o, values),
    () => `CAST(v.orders AS BIGINT) AS orders, CAST(v.discounted_orders AS BIGINT) AS discounted_orders,
      v.discounted_orders / v.orders AS discount_share, v.spend, v.discounted_spend,
      CASE WHEN v.spend <> 0 THEN v.discounted_spend / v.spend END AS discounted_spend_share, h.discount_amount_total,
      CAST(v.only_promotions AS BOOLEAN) AS buys_only_during_promotions, CAST(v.hunter AS BOOLEAN) AS discount_hunter`,
  );
  return {
    customers: read.customers,
    discountHunters: hunters,
    onlyDuringPromotions,
    discountedOrders: discountedOrderCount,
    discountedRevenueShare: spend !== 0 ? discountedSpend / spend : null,
    revenueByGroup: await discountRevenueByGroup(db),
    options: o,
  };
}

/**
 * Revenue that depends on discounts, per RFM group: revenue on discounted orders and the revenue of discount
 * hunters. Reads `customer_rfm(customer_id, rfm_group)` when it exists; customers missing from it are grouped as
 * '(no RFM group)'.
 */
export async function discountRevenueByGroup(db: SqlExecutor): Promise<DiscountRevenueRow[]> {
  const byGroup = await relationExists(db, RFM_GROUP_TABLE);
  const group = byGroup ? `coalesce(CAST(r.rfm_group AS VARCHAR), '(no RFM group)')` : `'All customers'`;
  const join = byGroup ? `LEFT JOIN ${RFM_GROUP_TABLE} r ON r.customer_id = d.customer_id` : '';
  return db.all<DiscountRevenueRow>(
    `SELECT ${group} AS rfm_group, count(*) AS customers, count(*) FILTER (WHERE d.discount_hunter) AS discount_hunters,
       sum(d.spend) AS revenue, sum(d.discounted_spend) AS discounted_revenue,
       coalesce(sum(d.spend) FILTER (WHERE d.discount_hunter), 0) AS discount_hunter_revenue,
       CASE WHEN sum(d.spend) <> 0 THEN sum(d.discounted_spend) / sum(d.spend) END AS discounted_revenue_share
     FROM ${DISCOUNTS_TABLE} d ${join} GROUP BY 1 ORDER BY revenue DESC, 1`,
  );
}
