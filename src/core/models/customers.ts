import type { SqlExecutor } from '../sql/executor';
import { asOfDateSql } from './asOf';

/**
 * `customers`' recency, frequency and monetary figures alone, built first so that the overview can be drawn before
 * the rest of each customer's row is gathered (buildAndScore): one aggregation of the orders by customer.
 */
export const CUSTOMER_FIGURES_TABLE = 'customer_figures';

/*
 * `customers`: one row per customer as of the as-of date (orders before it only). Guest orders (no customer id) never
 * form a customer. Conventions:
 * - `orders` counts orders, `purchase_days` distinct days with an order (the CLV models merge same-day orders);
 * - `average_days_between_orders` = (last − first order date) / (orders − 1), over orders, NULL for one order;
 * - `email`, `accepts_marketing`, `country`, `city` come from the most recent order that has them;
 * - `first_day_amount` is the total of the first purchase day's orders (the CLV calibration reads it,
 *   calibrationColumns.ts);
 * - `tags` is the set of distinct, trimmed tags over all orders; `discount_share` the share of orders with a
 *   discount amount or code.
 * In two steps (buildAndScore, analyzeCustomers.ts, runs them), so that a caller can score and draw from the first
 * while the second runs.
 */

/**
 * What the figures group the orders by, as SQL over `purchases`: by default DuckDB's 64-bit hash of the customer id.
 * Grouping 3M orders into a million customers by an 8-byte number instead of their ~28-character ids, and storing
 * that number instead of the ids, took the first step from 0.74–1.08 s to 0.47–0.53 s and the second from 7.9–8.3 s
 * to 5.4–6.4 s (the 5M benchmark file in DuckDB-WASM inside Node, 2026-12-07). Two ids with the same hash would be
 * one customer; completeCustomers finds that out (by then the ids are back), and the build is done again by the id
 * itself (BY_ID). At a million customers the odds are about 1 in 40 million (n² / 2⁶⁵, the birthday bound).
 * Tests pass a coarser key to make ids collide.
 */
export const BY_HASH = 'hash(customer_id)';
export const BY_ID = 'customer_id';

/** The orders that count for customers as of `asOf`, as a WHERE condition over `purchases`. */
function countedOrders(asOf: string): string {
  return `customer_id IS NOT NULL AND order_ts < ${asOfDateSql(asOf)}`;
}

/**
 * The first step: CUSTOMER_FIGURES_TABLE, each customer's last order date, orders and amount spent (what the scores
 * and the overview need), in one aggregation by customer (by `key`). At a million customers (3M orders, DuckDB-WASM
 * inside Node) it takes ~0.5 s where the whole of `customers` takes ~6 s: the first order date, the purchase days and
 * the text columns come after, in completeCustomers. So do the discounted orders (counted here they cost ~0.1 s more
 * before the overview: 0.79–1.03 s against 0.67–0.71 s, 2026-12-06) and the first order date (its minimum 0.07–0.1 s:
 * 0.58–0.63 s against 0.51–0.55 s, 2026-12-07); beside the purchase days they cost next to nothing. A date cast after
 * max gives what a cast of every order would: the cast keeps the order of timestamps.
 */
export async function buildCustomerFigures(db: SqlExecutor, asOf: string, key = BY_HASH): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${CUSTOMER_FIGURES_TABLE} AS
    SELECT ${key} AS customer_key, CAST(max(order_ts) AS DATE) AS last_order_date, count(*) AS orders,
      sum(amount) AS amount_spent
    FROM purchases WHERE ${countedOrders(asOf)} GROUP BY customer_key`);
}

/**
 * The second step: `customers` from CUSTOMER_FIGURES_TABLE, in its row order (what was read from the figures by
 * position stays valid), with the purchase days and the text columns, each from its own aggregation. The purchase
 * days come from the orders grouped by customer and day, then by customer: the days are counted without a DISTINCT
 * aggregate and the first day's total falls out. Then the figures table goes. False, and no `customers`, when two
 * customer ids shared a key (BY_HASH): the figures must then be built again by BY_ID.
 */
export async function completeCustomers(db: SqlExecutor, asOf: string, key = BY_HASH): Promise<boolean> {
  const asOfDate = asOfDateSql(asOf);
  const counted = countedOrders(asOf);
  // Tags are concatenated per customer first and split once: splitting every order's tags costs far more. Most
  // customers have none; giving them the empty list directly instead of splitting '' halves the list work (~0.47 →
  // ~0.26 s for a million customers, a quarter with tags, in DuckDB-WASM inside Node).
  await db.run(`CREATE OR REPLACE TABLE customers AS
    SELECT t.customer_id, t.email, d.first_order_date, f.last_order_date, f.orders, d.purchase_days, f.amount_spent,
      f.amount_spent / f.orders AS average_order_value, d.first_day_amount,
      date_diff('day', f.last_order_date, ${asOfDate}) AS days_since_last_order,
      date_diff('day', d.first_order_date, ${asOfDate}) AS customer_age_days,
      CASE WHEN f.orders > 1 THEN date_diff('day', d.first_order_date, f.last_order_date) / (f.orders - 1) END
        AS average_days_between_orders,
      f.orders = 1 AS first_time, t.accepts_marketing, t.country, t.city, t.discounted / f.orders AS discount_share,
      CAST(NULL AS VARCHAR) AS favourite_category,
      CASE WHEN t.tag_text IS NULL THEN CAST([] AS VARCHAR[])
        ELSE list_sort(list_filter(list_distinct(list_transform(string_split(t.tag_text, ','), tag -> trim(tag))),
          tag -> tag <> '')) END AS tags
    FROM ${CUSTOMER_FIGURES_TABLE} f
    JOIN (SELECT customer_key, min(day) AS first_order_date, count(*) AS purchase_days,
        arg_min(day_amount, day) AS first_day_amount
      FROM (SELECT ${key} AS customer_key, CAST(order_ts AS DATE) AS day, sum(amount) AS day_amount
        FROM purchases WHERE ${counted} GROUP BY customer_key, day)
      GROUP BY customer_key) d ON d.customer_key = f.customer_key
    JOIN (SELECT customer_id, ${key} AS customer_key,
        arg_max(email, order_ts) FILTER (WHERE email IS NOT NULL) AS email,
        arg_max(accepts_marketing, order_ts) FILTER (WHERE accepts_marketing IS NOT NULL) AS accepts_marketing,
        arg_max(country, order_ts) FILTER (WHERE country IS NOT NULL) AS country,
        arg_max(city, order_ts) FILTER (WHERE city IS NOT NULL) AS city,
        string_agg(tags, ',') FILTER (WHERE tags <> '') AS tag_text,
        count(*) FILTER (WHERE discount_amount > 0 OR discount_code IS NOT NULL) AS discounted
      FROM purchases WHERE ${counted} GROUP BY customer_id) t ON t.customer_key = f.customer_key
    ORDER BY f.rowid`);
  // Ids that share a key share a row of the figures, which then joins once per id: more customers than figures.
  const [{ whole }] = await db.all<{ whole: boolean }>(
    `SELECT (SELECT count(*) FROM customers) = (SELECT count(*) FROM ${CUSTOMER_FIGURES_TABLE}) AS whole`,
  );
  if (!whole) await db.run('DROP TABLE customers');
  await db.run(`DROP TABLE ${CUSTOMER_FIGURES_TABLE}`);
  return whole;
}
