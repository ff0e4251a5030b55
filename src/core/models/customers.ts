import type { SqlExecutor } from '../sql/executor';
import { parseAsOf } from './asOf';

/**
 * Builds `customers`: one row per customer as of the as-of date (orders before it only). Guest orders (no
 * customer id) never form a customer. Conventions:
 * - `orders` counts orders, `purchase_days` distinct days with an order (the CLV models merge same-day orders);
 * - `average_days_between_orders` = (last − first order date) / (orders − 1), over orders, NULL for one order;
 * - `email`, `accepts_marketing`, `country`, `city` come from the most recent order that has them;
 * - `first_order_amount` is the amount of the earliest order (the CLV calibration reads it, calibrationColumns.ts);
 * - `tags` is the set of distinct, trimmed tags over all orders; `discount_share` the share of orders with a
 *   discount amount or code.
 */
export async function buildCustomers(db: SqlExecutor, asOf: string): Promise<void> {
  // Validated to YYYY-MM-DD digits, so it is safe as a literal (DDL takes no bound parameters).
  const asOfDate = `DATE '${parseAsOf(asOf)}'`;
  // Tags are concatenated per customer first and split once: splitting every order's tags costs far more.
  await db.run(`CREATE OR REPLACE TABLE customers AS
    SELECT * EXCLUDE (tag_text),
      list_sort(list_filter(list_distinct(list_transform(string_split(coalesce(tag_text, ''), ','), tag -> trim(tag))),
        tag -> tag <> '')) AS tags
    FROM (SELECT customer_id,
      arg_max(email, order_ts) FILTER (WHERE email IS NOT NULL) AS email,
      CAST(min(order_ts) AS DATE) AS first_order_date,
      CAST(max(order_ts) AS DATE) AS last_order_date,
      count(*) AS orders,
      count(DISTINCT CAST(order_ts AS DATE)) AS purchase_days,
      sum(amount) AS amount_spent,
      sum(amount) / count(*) AS average_order_value,
      arg_min(amount, order_ts) AS first_order_amount,
      date_diff('day', CAST(max(order_ts) AS DATE), ${asOfDate}) AS days_since_last_order,
      date_diff('day', CAST(min(order_ts) AS DATE), ${asOfDate}) AS customer_age_days,
      CASE WHEN count(*) > 1
        THEN date_diff('day', CAST(min(order_ts) AS DATE), CAST(max(order_ts) AS DATE)) / (count(*) - 1) END
        AS average_days_between_orders,
      count(*) = 1 AS first_time,
      arg_max(accepts_marketing, order_ts) FILTER (WHERE accepts_marketing IS NOT NULL) AS accepts_marketing,
      arg_max(country, order_ts) FILTER (WHERE country IS NOT NULL) AS country,
      arg_max(city, order_ts) FILTER (WHERE city IS NOT NULL) AS city,
      string_agg(tags, ',') FILTER (WHERE tags <> '') AS tag_text,
      avg(CASE WHEN discount_amount > 0 OR discount_code IS NOT NULL THEN 1.0 ELSE 0.0 END) AS discount_share,
      CAST(NULL AS VARCHAR) AS favourite_category
    FROM orders
    WHERE customer_id IS NOT NULL AND order_ts < ${asOfDate}
    GROUP BY customer_id)`);
}
