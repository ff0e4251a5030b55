import type { SqlExecutor, SqlValue } from '../../sql/executor';
import { quoteIdentifier } from '../../sql/quote';
import { checkAsOf, checkNumber } from './options';
import { isoWeekday, orderHistoryFor, storeSignalView, type OrderHistory } from './orderHistory';

/**
 * Best send time: the weekday and hour a customer most often orders at, in the LOCAL time of the order.
 *
 * Rules (view `customer_signals_send_time`, one row per customer; computed in TypeScript over the order history):
 * - The hour is read from `orders.order_ts`, which holds the wall-clock time as exported (a Shopify
 *   `2024-03-05 23:30:00 +0100` is stored as 23:30 with `utc_offset_minutes` = 60). We never convert to UTC: an email
 *   should land when the customer shops on their own clock, and converting would shift every hour by the offset.
 * - Weekdays are ISO numbers, 1 = Monday … 7 = Sunday (`isodow`, ISO 8601), so the order never depends on a locale;
 *   `preferred_weekday_name` gives the English name for display.
 * - Weekday and hour are chosen separately (the most frequent of each): a joint weekday × hour slot needs 168 cells
 *   and almost no customer has enough orders to fill them.
 * - Customers with fewer than `minOrders` orders (default 3) get the shop's busiest weekday × hour slot
 *   (`send_time_source` = 'shop'): with one or two orders the "mode" is just their last order's time. The shop
 *   pattern counts every order before the as-of date, guests included — they shop on the same clock. Unlike a
 *   customer's, the shop's slot is chosen jointly: it has the orders to fill the 168 cells, and its busiest weekday
 *   and busiest hour taken apart can name a slot nobody orders in (evening shoppers on Sundays and lunch-time
 *   shoppers on weekdays make "Sunday at 12:00"). A tie goes to the earlier slot of the week. When the file has no
 *   time of day, the busiest weekday.
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
  /** The shop's busiest weekday × hour slot (its busiest weekday when the file has no time of day). */
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

const SEND_TIME_VALUES_TABLE = 'signal_send_time_values';

/** The busiest slot (array index) of `counts`; ties go to the slot busier for the whole shop, then to the lower. */
function busiest(counts: Int32Array, shopCounts: Int32Array): number {
  let best = 0;
  for (let slot = 1; slot < counts.length; slot++) {
    const c = counts[slot]!;
    const b = counts[best]!;
    if (c > b || (c === b && shopCounts[slot]! > shopCounts[best]!)) best = slot;
  }
  return best;
}

const SEND_TIME_COLUMNS = ['orders', 'weekday', 'hour', 'own'] as const;

/**
 * Fills `values` (zeroed, one entry per row of the order history: orders, weekday (1–7), hour (NaN when unknown), own
 * pattern (1/0)) and returns the summary.
 */
export function sendTimeValues(
  history: OrderHistory,
  options: SendTimeOptions,
  values: Record<(typeof SEND_TIME_COLUMNS)[number], Float64Array>,
): SendTimeSummary {
  const o = resolve(options);
  const { rows, start, day, secondOfDay, guestRow } = history;
  // The shop's pattern counts every order before the as-of date, guests included, per weekday × hour slot; its
  // weekday and hour totals (which break customers' ties) are sums of those.
  const shopSlots = new Int32Array(7 * 24);
  let timeOfDayKnown = false;
  for (let i = 0; i < day.length; i++) {
    shopSlots[(isoWeekday(day[i]!) - 1) * 24 + Math.floor(secondOfDay[i]! / 3600)]!++;
    if (secondOfDay[i] !== 0) timeOfDayKnown = true;
  }
  const shopWeekdays = new Int32Array(7);
  const shopHours = new Int32Array(24);
  shopSlots.forEach((count, slot) => {
    shopWeekdays[Math.floor(slot / 24)]! += count;
    shopHours[slot % 24]! += count;
  });
  const anyOrder = day.length > 0;
  // With no time of day every order sits at hour 0, so the busiest slot is on the busiest weekday.
  const shopSlot = busiest(shopSlots, shopSlots);
  const shopWeekday = Math.floor(shopSlot / 24) + 1;
  const shopHour = shopSlot % 24;
  const { orders, own } = values;
  const weekday = values.weekday.fill(NaN);
  const hour = values.hour.fill(NaN);
  const weekdays = new Int32Array(7);
  const hours = new Int32Array(24);
  let customersWithOwnPattern = 0;
  for (let r = 0; r < rows; r++) {
    if (r === guestRow) continue;
    const n = start[r + 1]! - start[r]!;
    orders[r] = n;
    if (n < o.minOrders) {
      weekday[r] = shopWeekday;
      if (timeOfDayKnown) hour[r] = shopHour;
      continue;
    }
    weekdays.fill(0);
    hours.fill(0);
    for (let i = start[r]!; i < start[r + 1]!; i++) {
      weekdays[isoWeekday(day[i]!) - 1]!++;
      hours[Math.floor(secondOfDay[i]! / 3600)]!++;
    }
    weekday[r] = busiest(weekdays, shopWeekdays) + 1;
    if (timeOfDayKnown) hour[r] = busiest(hours, shopHours);
    own[r] = 1;
    customersWithOwnPattern++;
  }
  return {
    shopWeekday: anyOrder ? shopWeekday : null,
    shopWeekdayName: anyOrder ? WEEKDAY_NAMES[shopWeekday - 1]! : null,
    shopHour: anyOrder && timeOfDayKnown ? shopHour : null,
    timeOfDayKnown,
    customersWithOwnPattern,
    customersOnShopPattern: history.customers - customersWithOwnPattern,
    options: o,
  };
}

/** Builds the `customer_signals_send_time` view and returns the summary. */
export async function buildSendTime(
  db: SqlExecutor,
  asOf: string,
  options: SendTimeOptions = {},
  history?: OrderHistory,
): Promise<SendTimeSummary> {
  const read = await orderHistoryFor(db, checkAsOf(asOf), history);
  return storeSignalView(
    db,
    read,
    { view: SEND_TIME_TABLE, values: SEND_TIME_VALUES_TABLE },
    SEND_TIME_COLUMNS,
    (values) => sendTimeValues(read, options, values),
    () => `CAST(v.orders AS BIGINT) AS orders, CAST(v.weekday AS INTEGER) AS preferred_weekday,
      ${WEEKDAY_NAME_SQL}[CAST(v.weekday AS INTEGER)] AS preferred_weekday_name,
      CAST(v.hour AS INTEGER) AS preferred_hour, CASE WHEN v.own = 1 THEN 'customer' ELSE 'shop' END AS send_time_source`,
  );
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
       SELECT isodow(order_ts) AS weekday, hour(order_ts) AS hour, count(*) AS orders FROM purchases
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
