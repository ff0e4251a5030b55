import type { SqlExecutor } from '../../sql/executor';
import { parseAsOf } from '../asOf';
import { CUSTOMER_ORDERS_SQL, checkAsOf, checkNumber } from './options';

/**
 * Favourite categories, and which categories are worth recommending next.
 *
 * Rules:
 * - A line's category is `order_lines.category`; when it is NULL we fall back to the product name (many exports,
 *   Shopify's included, often leave the category empty), and lines with neither are left out. Ingest stores blank
 *   text as NULL, so a blank category falls back too.
 * - Only customer orders before the as-of date count (guests never form a customer). A category bought twice in one
 *   order counts once for that order.
 * - Per customer and category (`signals_customer_categories`): distinct orders, spend (sum of line_amount), units.
 *   The view `customer_signals_category_shares` adds `share_of_orders` (of all the customer's orders before the
 *   as-of date) and `share_of_spend` (of their line spend), computed when read.
 * - `favourite_category` = the category bought on the most distinct orders; ties go to higher spend, then to the
 *   alphabetically first name (deterministic). `categories_bought` = the sorted list.
 * - **One-off** categories: the shop's own repeat rate (share of the category's buyers who bought it on ≥ 2 distinct
 *   orders) is below `oneOffRepeatRate` (default 5 %), judged only with at least `minBuyers` buyers (default 20).
 *   A mattress or a wedding dress is bought once: recommending "more of the same" there is noise.
 * - **Seasonal** categories: ≥ `seasonalShare` (default 60 %) of the category's line revenue falls in some 2
 *   consecutive calendar months (December–January wraps), pooled over years. Each calendar month's revenue is divided
 *   by how many times that month occurs in the shop's history, so 13 months of data do not double one month. Judged
 *   only when the history covers all 12 calendar months and the category has ≥ `minSeasonalOrders` orders (default
 *   30): with less, every category would look seasonal.
 * - One-off and seasonal categories are excluded from "what to recommend next", with the reason as text
 *   (`signals_category_stats.exclusion_reason`). `recommendation_category` = the favourite among the customer's
 *   non-excluded categories (NULL when all are excluded); `one_off_only` = every category they bought is one-off;
 *   `favourite_share_of_spend` = the favourite's share of the customer's line spend.
 */
export interface CategoryOptions {
  /** A category whose repeat rate is below this share (0–1) is one-off. Default 0.05. */
  oneOffRepeatRate?: number;
  /** Fewest buyers before a category can be called one-off. Default 20. */
  minBuyers?: number;
  /** Share (0–1) of revenue in the best 2 consecutive months that makes a category seasonal. Default 0.6. */
  seasonalShare?: number;
  /** Fewest orders before a category can be called seasonal. Default 30. */
  minSeasonalOrders?: number;
  /** How many favourite categories the summary lists (most customers first). Default 20. */
  summaryTop?: number;
}

export const DEFAULT_CATEGORY_OPTIONS: Required<CategoryOptions> = {
  oneOffRepeatRate: 0.05,
  minBuyers: 20,
  seasonalShare: 0.6,
  minSeasonalOrders: 30,
  summaryTop: 20,
};

export const CATEGORIES_TABLE = 'customer_signals_categories';
export const CATEGORY_SHARES_TABLE = 'customer_signals_category_shares';
export const CUSTOMER_CATEGORY_TABLE = 'signals_customer_categories';
export const CATEGORY_STATS_TABLE = 'signals_category_stats';
const CATEGORY_ORDERS_TABLE = 'signals_category_orders';

export interface CategorySummary {
  /** Customers per favourite category (top `summaryTop`, most customers first, ties by name). */
  favouriteCategories: Record<string, number>;
  /** Customers per recommendation category (same ordering). */
  recommendationCategories: Record<string, number>;
  oneOffCategories: string[];
  seasonalCategories: string[];
  /** Category → why it is excluded from recommendations. */
  exclusionReasons: Record<string, string>;
  /** The same reasons as figures, for a UI to word in its own language. */
  exclusions: {
    category: string;
    oneOff: boolean;
    seasonal: boolean;
    buyers: number;
    repeatRate: number;
    peakShare: number | null;
    /** First month (1–12) of the two consecutive months with the most revenue. */
    peakMonth: number | null;
  }[];
  customersWithLines: number;
  oneOffOnlyCustomers: number;
  /** False when the history misses a calendar month, so seasonality was not judged. */
  seasonalityJudged: boolean;
  options: Required<CategoryOptions>;
}

function resolve(options: CategoryOptions): Required<CategoryOptions> {
  const o = { ...DEFAULT_CATEGORY_OPTIONS, ...options };
  checkNumber('oneOffRepeatRate', o.oneOffRepeatRate, { min: 0, max: 1 });
  checkNumber('minBuyers', o.minBuyers, { min: 0, integer: true });
  checkNumber('seasonalShare', o.seasonalShare, { min: 0, max: 1 });
  checkNumber('minSeasonalOrders', o.minSeasonalOrders, { min: 0, integer: true });
  checkNumber('summaryTop', o.summaryTop, { min: 0, integer: true });
  return o;
}

/** The statements, in order, each with its bound values. */
export function categorySql(
  asOf: string,
  options: CategoryOptions = {},
): { sql: string; params: (string | number)[] }[] {
  const o = resolve(options);
  // One row per (order, category): the per-customer counts and the monthly profile both read it, so the big join of
  // lines to orders runs once. Lines are grouped by order before the join (half the rows to join), and ingest
  // already stores blank text as NULL (ingest/adapters/context.ts textSql), so no trimming here.
  const categoryOrders = `CREATE OR REPLACE TEMP TABLE ${CATEGORY_ORDERS_TABLE} AS
WITH line_categories AS (
  SELECT order_id, coalesce(category, product) AS category, sum(coalesce(line_amount, 0)) AS spend,
    sum(coalesce(quantity, 0)) AS units
  FROM order_lines GROUP BY 1, 2
)
SELECT o.customer_id, month(o.order_ts) AS month, c.category, c.spend, c.units
FROM line_categories c JOIN ${CUSTOMER_ORDERS_SQL} o ON o.order_id = c.order_id
WHERE c.category IS NOT NULL`;
  const perCategory = `CREATE OR REPLACE TABLE ${CUSTOMER_CATEGORY_TABLE} AS
SELECT customer_id, category, count(*) AS orders, sum(spend) AS spend, sum(units) AS units
FROM ${CATEGORY_ORDERS_TABLE} GROUP BY 1, 2`;
  // The shares are a view: computed when a customer's categories are shown, not for every customer up front. A view
  // cannot keep bound values, so the as-of date is inlined after parseAsOf has checked it is YYYY-MM-DD digits (as
  // customers.ts does for its DDL).
  const shares = `CREATE OR REPLACE VIEW ${CATEGORY_SHARES_TABLE} AS
SELECT s.customer_id, s.category, s.orders, s.spend, s.units, s.orders / t.orders AS share_of_orders,
  CASE WHEN sum(s.spend) OVER (PARTITION BY s.customer_id) <> 0
    THEN s.spend / sum(s.spend) OVER (PARTITION BY s.customer_id) END AS share_of_spend
FROM ${CUSTOMER_CATEGORY_TABLE} s
JOIN (SELECT customer_id, count(*) AS orders FROM orders
  WHERE customer_id IS NOT NULL AND order_ts < DATE '${parseAsOf(asOf)}' GROUP BY 1) t
  ON t.customer_id = s.customer_id`;
  const stats = `CREATE OR REPLACE TABLE ${CATEGORY_STATS_TABLE} AS
WITH buyers AS (
  SELECT category, count(*) AS buyers, count(*) FILTER (WHERE orders >= 2) AS repeat_buyers, sum(orders) AS orders,
    sum(spend) AS revenue
  FROM ${CUSTOMER_CATEGORY_TABLE} GROUP BY category
), month_occurrences AS (
  SELECT month(order_ts) AS month, count(DISTINCT year(order_ts)) AS occurrences FROM ${CUSTOMER_ORDERS_SQL} GROUP BY 1
), history AS (
  SELECT count(*) = 12 AS all_months FROM month_occurrences
), monthly AS (
  SELECT category, month, sum(spend) AS revenue FROM ${CATEGORY_ORDERS_TABLE} GROUP BY 1, 2
), per_month AS (
  SELECT b.category, m.month, coalesce(r.revenue, 0) / m.occurrences AS revenue_per_year
  FROM buyers b CROSS JOIN month_occurrences m LEFT JOIN monthly r ON r.category = b.category AND r.month = m.month
), best_pair AS (
  SELECT a.category, arg_max(a.month, a.revenue_per_year + b.revenue_per_year) AS first_month,
    max(a.revenue_per_year + b.revenue_per_year) / nullif(sum(a.revenue_per_year), 0) AS peak_share
  FROM per_month a JOIN per_month b ON b.category = a.category AND b.month = a.month % 12 + 1
  GROUP BY a.category
), judged AS (
  SELECT b.*, b.repeat_buyers / b.buyers AS repeat_rate, p.first_month, p.peak_share,
    b.buyers >= ? AND b.repeat_buyers / b.buyers < ? AS one_off,
    coalesce(h.all_months AND b.orders >= ? AND p.peak_share >= ?, false) AS seasonal
  FROM buyers b CROSS JOIN history h LEFT JOIN best_pair p ON p.category = b.category
)
SELECT *, one_off OR seasonal AS excluded,
  concat_ws('; ',
    CASE WHEN one_off THEN printf(
      'one-off: only %.1f%% of its %d buyers bought it on two or more orders (below %.1f%%)',
      100 * repeat_rate, buyers, 100 * CAST(? AS DOUBLE)) END,
    CASE WHEN seasonal THEN printf('seasonal: %.0f%% of its revenue falls in %s–%s', 100 * peak_share,
      strftime(make_date(2000, first_month, 1), '%B'), strftime(make_date(2000, first_month % 12 + 1, 1), '%B')) END
  ) AS exclusion_reason
FROM judged`;
  // The smallest (−orders, −spend, name) is "most orders, then most spend, then first name"; the name makes the key
  // unique per customer, so the pick never depends on row order. One min() over the struct yields the favourite's
  // name and spend together (structs compare field by field).
  const rank = `struct_pack(orders := -s.orders, spend := -s.spend, name := s.category)`;
  const perCustomer = `CREATE OR REPLACE TABLE ${CATEGORIES_TABLE} AS
SELECT customer_id, favourite.name AS favourite_category,
  CASE WHEN total_spend <> 0 THEN -favourite.spend / total_spend END AS favourite_share_of_spend,
  categories_bought, recommendation.name AS recommendation_category, one_off_only
FROM (
  SELECT s.customer_id, min(${rank}) AS favourite, sum(s.spend) AS total_spend,
    list_sort(list(s.category)) AS categories_bought,
    min(${rank}) FILTER (WHERE NOT c.excluded) AS recommendation,
    bool_and(c.one_off) AS one_off_only
  FROM ${CUSTOMER_CATEGORY_TABLE} s JOIN ${CATEGORY_STATS_TABLE} c ON c.category = s.category
  GROUP BY s.customer_id
)`;
  return [
    { sql: categoryOrders, params: [asOf] },
    { sql: perCategory, params: [] },
    { sql: shares, params: [] },
    {
      sql: stats,
      params: [asOf, o.minBuyers, o.oneOffRepeatRate, o.minSeasonalOrders, o.seasonalShare, o.oneOffRepeatRate],
    },
    { sql: perCustomer, params: [] },
  ];
}

/** Builds the category tables and returns the summary. */
export async function buildCategories(
  db: SqlExecutor,
  asOf: string,
  options: CategoryOptions = {},
): Promise<CategorySummary> {
  const o = resolve(options);
  for (const { sql, params } of categorySql(checkAsOf(asOf), o)) await db.all(sql, params);
  await db.run(`DROP TABLE IF EXISTS ${CATEGORY_ORDERS_TABLE}`);
  const countBy = async (column: string): Promise<Record<string, number>> => {
    const rows = await db.all<{ category: string; customers: number }>(
      `SELECT ${column} AS category, count(*) AS customers FROM ${CATEGORIES_TABLE} WHERE ${column} IS NOT NULL
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?`,
      [o.summaryTop],
    );
    return Object.fromEntries(rows.map((r) => [r.category, r.customers]));
  };
  const excluded = await db.all<{
    category: string;
    one_off: boolean;
    seasonal: boolean;
    exclusion_reason: string;
    buyers: number;
    repeat_rate: number;
    peak_share: number | null;
    first_month: number | null;
  }>(
    `SELECT category, one_off, seasonal, exclusion_reason, buyers, repeat_rate, peak_share, first_month
     FROM ${CATEGORY_STATS_TABLE} WHERE excluded ORDER BY category`,
  );
  const [counts] = await db.all<{ customers: number; one_off_only: number }>(
    `SELECT count(*) AS customers, count(*) FILTER (WHERE one_off_only) AS one_off_only FROM ${CATEGORIES_TABLE}`,
  );
  const [history] = await db.all<{ months: number }>(
    `SELECT count(DISTINCT month(order_ts)) AS months FROM ${CUSTOMER_ORDERS_SQL}`,
    [asOf],
  );
  return {
    favouriteCategories: await countBy('favourite_category'),
    recommendationCategories: await countBy('recommendation_category'),
    oneOffCategories: excluded.filter((r) => r.one_off).map((r) => r.category),
    seasonalCategories: excluded.filter((r) => r.seasonal).map((r) => r.category),
    exclusionReasons: Object.fromEntries(excluded.map((r) => [r.category, r.exclusion_reason])),
    exclusions: excluded.map((r) => ({
      category: r.category,
      oneOff: r.one_off,
      seasonal: r.seasonal,
      buyers: r.buyers,
      repeatRate: r.repeat_rate,
      peakShare: r.peak_share,
      peakMonth: r.first_month,
    })),
    customersWithLines: counts?.customers ?? 0,
    oneOffOnlyCustomers: counts?.one_off_only ?? 0,
    seasonalityJudged: history?.months === 12,
    options: o,
  };
}
