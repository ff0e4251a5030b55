import type { SqlExecutor } from '../../sql/executor';
import { CUSTOMER_ORDERS_SQL, checkAsOf, checkNumber } from './options';

/**
 * Discount hunters: customers who mostly or only buy with a discount, and how much revenue leans on discounts.
 *
 * Rules (table `customer_signals_discounts`, one row per customer):
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

const DISCOUNTED = `(discount_amount > 0 OR nullif(trim(discount_code), '') IS NOT NULL)`;

export function discountSql(asOf: string, options: DiscountOptions = {}): { sql: string; params: (string | number)[] } {
  const o = resolve(options);
  const sql = `CREATE OR REPLACE TABLE ${DISCOUNTS_TABLE} AS
WITH promotion_days AS (
  SELECT CAST(order_ts AS DATE) AS day FROM orders WHERE order_ts < CAST(? AS DATE)
  GROUP BY 1 HAVING count(*) >= ? AND avg(CASE WHEN ${DISCOUNTED} THEN 1.0 ELSE 0.0 END) >= ?
), customer_orders AS (
  SELECT o.customer_id, o.amount, o.discount_amount, ${DISCOUNTED} AS discounted, p.day IS NOT NULL AS on_promotion_day
  FROM ${CUSTOMER_ORDERS_SQL} o LEFT JOIN promotion_days p ON p.day = CAST(o.order_ts AS DATE)
), per_customer AS (
  SELECT customer_id, count(*) AS orders, count(*) FILTER (WHERE discounted) AS discounted_orders,
    count(*) FILTER (WHERE discounted) / count(*) AS discount_share,
    sum(amount) AS spend, coalesce(sum(amount) FILTER (WHERE discounted), 0) AS discounted_spend,
    sum(discount_amount) AS discount_amount_total,
    bool_and(discounted OR on_promotion_day) AS all_on_promotion
  FROM customer_orders GROUP BY customer_id
)
SELECT customer_id, orders, discounted_orders, discount_share, spend, discounted_spend,
  CASE WHEN spend <> 0 THEN discounted_spend / spend END AS discounted_spend_share, discount_amount_total,
  orders >= ? AND all_on_promotion AS buys_only_during_promotions,
  (orders >= ? AND discount_share >= ?) OR (orders >= ? AND discounted_orders = orders) AS discount_hunter
FROM per_customer`;
  return {
    sql,
    params: [
      asOf,
      o.promotionDayMinOrders,
      o.promotionDayShare,
      asOf,
      o.allDiscountedMinOrders,
      o.hunterMinOrders,
      o.hunterMinShare,
      o.allDiscountedMinOrders,
    ],
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

/** Builds `customer_signals_discounts` and the revenue split. */
export async function buildDiscounts(
  db: SqlExecutor,
  asOf: string,
  options: DiscountOptions = {},
): Promise<DiscountSummary> {
  const o = resolve(options);
  const { sql, params } = discountSql(checkAsOf(asOf), o);
  await db.all(sql, params);
  const [totals] = await db.all<{ customers: number; hunters: number; promo: number; share: number | null }>(
    `SELECT count(*) AS customers, count(*) FILTER (WHERE discount_hunter) AS hunters,
       count(*) FILTER (WHERE buys_only_during_promotions) AS promo,
       CASE WHEN sum(spend) <> 0 THEN sum(discounted_spend) / sum(spend) END AS share
     FROM ${DISCOUNTS_TABLE}`,
  );
  return {
    customers: totals?.customers ?? 0,
    discountHunters: totals?.hunters ?? 0,
    onlyDuringPromotions: totals?.promo ?? 0,
    discountedRevenueShare: totals?.share ?? null,
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
