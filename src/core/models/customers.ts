import type { SqlExecutor } from '../sql/executor';
import { asOfDateSql } from './asOf';

/**
 * `customers`' recency, frequency and monetary figures alone, built first so that the overview can be drawn before
 * the rest of each customer's row is gathered (buildAndScore): one aggregation of the orders by customer.
 */
export const CUSTOMER_FIGURES_TABLE = 'customer_figures';

/**
 * Builds `customers`: one row per customer as of the as-of date (orders before it only). Guest orders (no
 * customer id) never form a customer. Conventions:
 * - `orders` counts orders, `purchase_days` distinct days with an order (the CLV models merge same-day orders);
 * - `average_days_between_orders` = (last − first order date) / (orders − 1), over orders, NULL for one order;
 * - `email`, `accepts_marketing`, `country`, `city` come from the most recent order that has them;
 * - `first_day_amount` is the total of the first purchase day's orders (the CLV calibration reads it,
 *   calibrationColumns.ts);
 * - `tags` is the set of distinct, trimmed tags over all orders; `discount_share` the share of orders with a
 *   discount amount or code.
 * In two steps, so that a caller can score and draw from the first while the second runs.
 */
export async function buildCustomers(db: SqlExecutor, asOf: string): Promise<void> {
  await buildCustomerFigures(db, asOf);
  await completeCustomers(db, asOf);
}

/** The orders that count for customers as of `asOf`, as a WHERE condition over `purchases`. */
function countedOrders(asOf: string): string {
  return `customer_id IS NOT NULL AND order_ts < ${asOfDateSql(asOf)}`;
}

/**
 * The first step: CUSTOMER_FIGURES_TABLE, each customer's first and last order date, orders and amount spent, in one
 * aggregation by customer. At a million customers (3M orders, DuckDB-WASM inside Node) it takes ~0.7 s where the
 * whole of `customers` takes ~6–8 s: the purchase days' grouping by customer and day (~2.1 s) and the text columns
 * (~3.6 s) come after, in completeCustomers. So do the discounted orders: counted here they cost ~0.1 s more before
 * the overview (0.79–1.03 s against 0.67–0.71 s, 2026-12-06), in the text columns' aggregation next to nothing. A
 * date cast after min/max gives what a cast of every order would: the cast keeps the order of timestamps.
 */
export async function buildCustomerFigures(db: SqlExecutor, asOf: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${CUSTOMER_FIGURES_TABLE} AS
    SELECT customer_id, CAST(min(order_ts) AS DATE) AS first_order_date, CAST(max(order_ts) AS DATE) AS last_order_date,
      count(*) AS orders, sum(amount) AS amount_spent
    FROM purchases WHERE ${countedOrders(asOf)} GROUP BY customer_id`);
}

/**
 * The second step: `customers` from CUSTOMER_FIGURES_TABLE, in its row order (what was read from the figures by
 * position stays valid), with the purchase days and the text columns, each from its own aggregation. The purchase
 * days come from the orders grouped by customer and day, then by customer: the days are counted without a DISTINCT
 * aggregate and the first day's total falls out. Then the figures table goes.
 */
export async function completeCustomers(db: SqlExecutor, asOf: string): Promise<void> {
  const asOfDate = asOfDateSql(asOf);
  const counted = countedOrders(asOf);
  // Tags are concatenated per customer first and split once: splitting every order's tags costs far more. Most
  // customers have none; giving them the empty list directly instead of splitting '' halves the list work (~0.47 →
  // ~0.26 s for a million customers, a quarter with tags, in DuckDB-WASM inside Node).
  await db.run(`CREATE OR REPLACE TABLE customers AS
    SELECT f.customer_id, t.email, f.first_order_date, f.last_order_date, f.orders, d.purchase_days, f.amount_spent,
      f.amount_spent / f.orders AS average_order_value, d.first_day_amount,
      date_diff('day', f.last_order_date, ${asOfDate}) AS days_since_last_order,
      date_diff('day', f.first_order_date, ${asOfDate}) AS customer_age_days,
      CASE WHEN f.orders > 1 THEN date_diff('day', f.first_order_date, f.last_order_date) / (f.orders - 1) END
        AS average_days_between_orders,
      f.orders = 1 AS first_time, t.accepts_marketing, t.country, t.city, t.discounted / f.orders AS discount_share,
      CAST(NULL AS VARCHAR) AS favourite_category,
      CASE WHEN t.tag_text IS NULL THEN CAST([] AS VARCHAR[])
        ELSE list_sort(list_filter(list_distinct(list_transform(string_split(t.tag_text, ','), tag -> trim(tag))),
          tag -> tag <> '')) END AS tags
    FROM ${CUSTOMER_FIGURES_TABLE} f
    JOIN (SELECT customer_id, count(*) AS purchase_days, arg_min(day_amount, day) AS first_day_amount
      FROM (SELECT customer_id, CAST(order_ts AS DATE) AS day, sum(amount) AS day_amount
        FROM purchases WHERE ${counted} GROUP BY customer_id, day)
      GROUP BY customer_id) d ON d.customer_id = f.customer_id
    JOIN (SELECT customer_id,
        arg_max(email, order_ts) FILTER (WHERE email IS NOT NULL) AS email,
        arg_max(accepts_marketing, order_ts) FILTER (WHERE accepts_marketing IS NOT NULL) AS accepts_marketing,
        arg_max(country, order_ts) FILTER (WHERE country IS NOT NULL) AS country,
        arg_max(city, order_ts) FILTER (WHERE city IS NOT NULL) AS city,
        string_agg(tags, ',') FILTER (WHERE tags <> '') AS tag_text,
        count(*) FILTER (WHERE discount_amount > 0 OR discount_code IS NOT NULL) AS discounted
      FROM purchases WHERE ${counted} GROUP BY customer_id) t ON t.customer_id = f.customer_id
    ORDER BY f.rowid`);
  await db.run(`DROP TABLE ${CUSTOMER_FIGURES_TABLE}`);
}
