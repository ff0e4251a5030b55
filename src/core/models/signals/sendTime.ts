import type { SqlExecutor, SqlValue } from '../../sql/executor';
import { quoteIdentifier } from '../../sql/quote';
import { CUSTOMER_ORDERS_SQL, checkAsOf, checkNumber } from './options';

/**
 * Best send time: the weekday and hour a customer most often orders at, in the LOCAL time of the order.
 *
 * Rules (table `customer_signals_send_time`, one row per customer):
 * - The hour is read from `orders.order_ts`, which holds the wall-clock time as exported (a Shopify
 *   `2024-03-05 23:30:00 +0100` is stored as 23:30 with `utc_offset_minutes` = 60). We never convert to UTC: an email
 *   should land when the customer shops on their own clock, and converting would shift every hour by the offset.
 * - Weekdays are ISO numbers, 1 = Monday … 7 = Sunday (`isodow`, ISO 8601), so the order never depends on a locale;
 *   `preferred_weekday_name` gives the English name for display.
 * - Weekday and hour are chosen separately (the most frequent of each): a joint weekday × hour slot needs 168 cells
 *   and almost no customer has enough orders to fill them.
 * - Customers with fewer than `minOrders` orders (default 3) get the shop's busiest weekday and hour
 *   (`send_time_source` = 'shop'): with one or two orders the "mode" is just their last order's time. The shop
 *   pattern counts every order before the as-of date, guests included — they shop on the same clock.
 * - When every order in the file is at exactly 00:00:00 the export has dates only (CDNOW, many invoice files):
 *   `preferred_hour` is NULL rather than a made-up midnight (the heatmap then has every order at hour 0: show
 *   weekdays only when `timeOfDayKnown` is false).
 * - From `minOrders` on, the customer's own counts decide; a tie goes to the slot busier for the whole shop, then to
 *   the lower number. That is the posterior mode under a Dirichlet prior proportional to the shop's pattern with a
 *   total weight below one order: the prior only ever breaks ties, never overrides what the customer did.
 */
export interface SendTimeOptions {
  /** Fewest orders for a customer's own pattern to be used. Default 3. */
  minOrders?: number;
}

export const DEFAULT_SEND_TIME_OPTIONS: Required<SendTimeOptions> = { minOrders: 3 };
export const SEND_TIME_TABLE = 'customer_signals_send_time';
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const WEEKDAY_NAME_SQL = `['${WEEKDAY_NAMES.join("', '")}']`;

/** A set of customers for the heatmap: a table/view with a `customer_id` column, or a SELECT of customer ids. */
export type CustomerSet = { relation: string } | { sql: string; params?: SqlValue[] };

export interface SendTimeSummary {
  shopWeekday: number | null;
  shopWeekdayName: string | null;
  /** Null when the file has no time of day (see timeOfDayKnown). */
  shopHour: number | null;
  /** False when every order is at exactly midnight: a date-only file, whose "hour" would be a fake 0. */
  timeOfDayKnown: boolean;
  customersWithOwnPattern: number;
  customersOnShopPattern: number;
  options: Required<SendTimeOptions>;
}

export interface HeatmapCell extends Record<string, unknown> {
  weekday: number;
  weekday_name: string;
  hour: number;
  orders: number;
  /** orders / all orders in the set; 0 when the set has none. */
  share: number;
}

function resolve(options: SendTimeOptions): Required<SendTimeOptions> {
  const o = { ...DEFAULT_SEND_TIME_OPTIONS, ...options };
  checkNumber('minOrders', o.minOrders, { min: 1, integer: true });
  return o;
}

export function sendTimeSql(asOf: string, options: SendTimeOptions = {}): { sql: string; params: (string | number)[] } {
  const o = resolve(options);
  const sql = `CREATE OR REPLACE TABLE ${SEND_TIME_TABLE} AS
WITH shop_orders AS (
  SELECT isodow(order_ts) AS weekday, hour(order_ts) AS hour, CAST(order_ts AS TIME) <> TIME '00:00:00' AS timed
  FROM orders WHERE order_ts < CAST(? AS DATE)
), shop_weekdays AS (
  SELECT weekday, count(*) AS shop_orders FROM shop_orders GROUP BY 1
), shop_hours AS (
  SELECT hour, count(*) AS shop_orders FROM shop_orders GROUP BY 1
), shop_best AS (
  SELECT (SELECT first(weekday ORDER BY shop_orders DESC, weekday) FROM shop_weekdays) AS weekday,
    (SELECT first(hour ORDER BY shop_orders DESC, hour) FROM shop_hours) AS hour,
    (SELECT coalesce(bool_or(timed), false) FROM shop_orders) AS time_of_day_known
), customer_orders AS (
  SELECT customer_id, isodow(order_ts) AS weekday, hour(order_ts) AS hour FROM ${CUSTOMER_ORDERS_SQL}
), customer_weekdays AS (
  SELECT c.customer_id,
    arg_min(c.weekday, struct_pack(own := -c.orders, shop := -s.shop_orders, slot := c.weekday)) AS weekday,
    sum(c.orders) AS orders
  FROM (SELECT customer_id, weekday, count(*) AS orders FROM customer_orders GROUP BY 1, 2) c
  JOIN shop_weekdays s ON s.weekday = c.weekday GROUP BY 1
), customer_hours AS (
  SELECT c.customer_id, arg_min(c.hour, struct_pack(own := -c.orders, shop := -s.shop_orders, slot := c.hour)) AS hour
  FROM (SELECT customer_id, hour, count(*) AS orders FROM customer_orders GROUP BY 1, 2) c
  JOIN shop_hours s ON s.hour = c.hour GROUP BY 1
)
SELECT customer_id, orders, preferred_weekday, ${WEEKDAY_NAME_SQL}[preferred_weekday] AS preferred_weekday_name,
  preferred_hour, send_time_source
FROM (
  SELECT w.customer_id, w.orders,
    CAST(CASE WHEN w.orders >= ? THEN w.weekday ELSE b.weekday END AS INTEGER) AS preferred_weekday,
    CAST(CASE WHEN NOT b.time_of_day_known THEN NULL WHEN w.orders >= ? THEN h.hour ELSE b.hour END AS INTEGER)
      AS preferred_hour,
    CASE WHEN w.orders >= ? THEN 'customer' ELSE 'shop' END AS send_time_source
  FROM customer_weekdays w JOIN customer_hours h ON h.customer_id = w.customer_id CROSS JOIN shop_best b
)`;
  return { sql, params: [asOf, asOf, o.minOrders, o.minOrders, o.minOrders] };
}

export async function buildSendTime(
  db: SqlExecutor,
  asOf: string,
  options: SendTimeOptions = {},
): Promise<SendTimeSummary> {
  const o = resolve(options);
  const { sql, params } = sendTimeSql(checkAsOf(asOf), o);
  await db.all(sql, params);
  const [shop] = await db.all<{ weekday: number | null; hour: number | null; timed: boolean | null }>(
    `SELECT first(weekday ORDER BY n DESC, weekday) AS weekday, (SELECT first(hour ORDER BY n DESC, hour)
       FROM (SELECT hour(order_ts) AS hour, count(*) AS n FROM orders WHERE order_ts < CAST(? AS DATE) GROUP BY 1))
       AS hour, bool_or(timed) AS timed
     FROM (SELECT isodow(order_ts) AS weekday, count(*) AS n,
       bool_or(CAST(order_ts AS TIME) <> TIME '00:00:00') AS timed
       FROM orders WHERE order_ts < CAST(? AS DATE) GROUP BY 1)`,
    [asOf, asOf],
  );
  const [counts] = await db.all<{ own: number; shop: number }>(
    `SELECT count(*) FILTER (WHERE send_time_source = 'customer') AS own,
       count(*) FILTER (WHERE send_time_source = 'shop') AS shop FROM ${SEND_TIME_TABLE}`,
  );
  const weekday = shop?.weekday ?? null;
  return {
    shopWeekday: weekday,
    shopWeekdayName: weekday === null ? null : WEEKDAY_NAMES[weekday - 1]!,
    shopHour: shop?.timed ? (shop.hour ?? null) : null,
    timeOfDayKnown: shop?.timed ?? false,
    customersWithOwnPattern: counts?.own ?? 0,
    customersOnShopPattern: counts?.shop ?? 0,
    options: o,
  };
}

/**
 * Orders per weekday × hour (all 168 cells, zeros included) before the as-of date: the whole shop (guests included)
 * when `customers` is omitted, else only the orders of that set. `customers.relation` is quoted as an identifier;
 * `customers.sql` must be a SELECT of customer ids built by src/core (e.g. a compiled segment), its values bound.
 */
export async function sendTimeHeatmap(db: SqlExecutor, asOf: string, customers?: CustomerSet): Promise<HeatmapCell[]> {
  const params: SqlValue[] = [checkAsOf(asOf)];
  let filter = '';
  if (customers && 'relation' in customers) {
    filter = `AND customer_id IN (SELECT customer_id FROM ${quoteIdentifier(customers.relation)})`;
  } else if (customers) {
    filter = `AND customer_id IN (${customers.sql})`;
    params.push(...(customers.params ?? []));
  }
  return db.all<HeatmapCell>(
    `WITH counts AS (
       SELECT isodow(order_ts) AS weekday, hour(order_ts) AS hour, count(*) AS orders FROM orders
       WHERE order_ts < CAST(? AS DATE) ${filter} GROUP BY 1, 2
     ), grid AS (
       SELECT CAST(w.range AS INTEGER) AS weekday, CAST(h.range AS INTEGER) AS hour
       FROM range(1, 8) w CROSS JOIN range(24) h
     )
     SELECT g.weekday, ${WEEKDAY_NAME_SQL}[g.weekday] AS weekday_name, g.hour, coalesce(c.orders, 0) AS orders,
       coalesce(c.orders / nullif(sum(c.orders) OVER (), 0), 0) AS share
     FROM grid g LEFT JOIN counts c ON c.weekday = g.weekday AND c.hour = g.hour
     ORDER BY g.weekday, g.hour`,
    params,
  );
}
