import type { SqlExecutor } from '../../sql/executor';
import type { Scratch } from '../../sql/scratch';
import { asOfDateSql, parseAsOf } from '../asOf';
import { medianOfSorted } from '../customerMeasures';

/**
 * Every order before the as-of date, grouped by customer and read once into typed arrays: cadence, send time and
 * discounts all walk the same orders, and grouping 3M orders once in SQL and deciding per customer in TypeScript takes
 * a fraction of the time of one SQL pass (window, mode, promotion-day join) per signal.
 *
 * `signal_customers` keeps one row per customer id — plus one row with a NULL id holding the guests' orders, which
 * count for the shop-wide figures (busiest hour, promotion days) but never form a customer. Each signal stores its
 * per-customer numbers row for row beside it (`storeSignalView`) and exposes them through a view that joins the two
 * by position (`POSITIONAL JOIN`, as clv/scoreCustomers.ts does for `customers`), so no customer id crosses the
 * boundary between the engine and TypeScript.
 */
export const SIGNAL_CUSTOMERS_TABLE = 'signal_customers';

const SECONDS_PER_DAY = 86_400;

/**
 * Views that line their numbers up with the rows of SIGNAL_CUSTOMERS_TABLE. Reading a new history replaces that
 * table, so these views are dropped then: a stale one fails loudly instead of pairing customers with another
 * customer's figures.
 */
const viewsOnHistory = new Set<string>();

/** Records a view that joins SIGNAL_CUSTOMERS_TABLE by row, to be dropped when the history is read again. */
export function dependsOnHistory(view: string): void {
  viewsOnHistory.add(view);
}

/** An order is discounted when it has a discount amount or a non-blank code (customers.ts `discount_share`). */
const DISCOUNTED_SQL = `(discount_amount > 0 OR nullif(trim(discount_code), '') IS NOT NULL)`;

export interface OrderHistory {
  /** YYYY-MM-DD the history was read for. */
  asOf: string;
  /** The as-of date in days since 1970-01-01. */
  asOfDay: number;
  /** Rows of SIGNAL_CUSTOMERS_TABLE, the guests' row included. */
  rows: number;
  /** Customers: the rows without the guests' row. */
  customers: number;
  /** Index of the guests' row, or −1 when every order has a customer. */
  guestRow: number;
  /** Orders of row r are start[r] … start[r + 1] − 1 in the per-order arrays. */
  start: Int32Array;
  /** Days since 1970-01-01 of each order's local wall-clock time (schema.ts: order_ts is never converted to UTC). */
  day: Int32Array;
  /** First and last order day over every order, guests' included (NaN when there are none): the range day-indexed
   * tables need. */
  firstDay: number;
  lastDay: number;
  /** Seconds after midnight, whole seconds. */
  secondOfDay: Int32Array;
  discounted: Uint8Array;
  amount: Float64Array;
  /** The order's row in `orders` (its rowid), which links it to its lines. */
  orderRow: Int32Array;
}

/** Days since 1970-01-01 of a validated YYYY-MM-DD. */
export function epochDay(date: string): number {
  const [year, month, day] = parseAsOf(date).split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / (SECONDS_PER_DAY * 1000);
}

/**
 * Year and month (1–12) of a day counted from 1970-01-01, in the proleptic Gregorian calendar: Howard Hinnant's
 * `civil_from_days` ("chrono-Compatible Low-Level Date Algorithms", 2013), integer arithmetic only.
 */
export function civilYearMonth(epochDays: number): { year: number; month: number } {
  const z = epochDays + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month };
}

/** ISO weekday (1 = Monday … 7 = Sunday, as DuckDB's isodow) of a day counted from 1970-01-01, a Thursday. */
export function isoWeekday(epochDays: number): number {
  return ((((epochDays + 3) % 7) + 7) % 7) + 1;
}

/**
 * Groups the orders before `asOf` by customer into SIGNAL_CUSTOMERS_TABLE and reads them. SQL groups only each
 * order's rowid; the orders' own numbers are read as the table stores them and put in the groups' order here. Grouping
 * a list of (moment, amount, row) per customer and reading it took 2.4–2.8 s for the 3.07M orders of the benchmark's
 * 5M file, the rowids and the stored columns 1.7–1.9 s (DuckDB-WASM inside Node, 2026-12-07): the list aggregate
 * costs per value it carries, and a stored column is read without it.
 */
export async function readOrderHistory(db: SqlExecutor, asOf: string): Promise<OrderHistory> {
  const asOfDate = parseAsOf(asOf);
  for (const view of viewsOnHistory) await db.run(`DROP VIEW IF EXISTS ${view}`);
  // The purchases (schema.ts) read from `orders` itself: each is keyed by its rowid, which a view has not.
  // Each customer's total discount amount stays in the table, where the discounts' view reads it (discounts.ts).
  await db.run(`CREATE OR REPLACE TABLE ${SIGNAL_CUSTOMERS_TABLE} AS
    SELECT customer_id, list(rowid) AS orders, sum(discount_amount) AS discount_amount_total
    FROM orders WHERE order_ts < ${asOfDateSql(asOfDate)} AND NOT cancelled GROUP BY customer_id`);
  // Read in place and kept only as what is needed, in the smallest type that holds it (fresh memory is costly:
  // SqlExecutor.withNumericColumns).
  const { rows, start, guestRow } = await db.withNumericColumns(
    `SELECT len(orders) AS orders, CAST(customer_id IS NULL AS INTEGER) AS guest FROM ${SIGNAL_CUSTOMERS_TABLE}`,
    (perRow) => {
      const rows = perRow.orders!.length;
      const start = new Int32Array(rows + 1);
      let guestRow = -1;
      for (let r = 0; r < rows; r++) {
        start[r + 1] = start[r]! + perRow.orders![r]!;
        if (perRow.guest![r] === 1) guestRow = r;
      }
      return { rows, start, guestRow };
    },
  );
  // Unnest keeps the rows' order, so the orders of row r follow those of row r − 1.
  const orderRow = await db.withNumericColumns(
    `SELECT unnest(orders) AS row FROM ${SIGNAL_CUSTOMERS_TABLE}`,
    (columns) => new Int32Array(columns.row!),
  );
  await db.run(`ALTER TABLE ${SIGNAL_CUSTOMERS_TABLE} DROP COLUMN orders`);
  const count = orderRow.length;
  if (count !== start[rows]) throw new Error(`order history: ${count} orders read, ${start[rows]} expected`);
  const day = new Int32Array(count);
  const secondOfDay = new Int32Array(count);
  const discounted = new Uint8Array(count);
  const amount = new Float64Array(count);
  const { firstDay, lastDay } = await withStoredOrders(db, (stored) => {
    let firstDay = NaN;
    let lastDay = NaN;
    for (let i = 0; i < count; i++) {
      const at = stored.positionOf(orderRow[i]!);
      const moment = stored.moment[at]!;
      const flag = moment - 2 * Math.floor(moment / 2);
      const seconds = (moment - flag) / 2;
      const d = Math.floor(seconds / SECONDS_PER_DAY);
      day[i] = d;
      if (!(d >= firstDay)) firstDay = d;
      if (!(d <= lastDay)) lastDay = d;
      secondOfDay[i] = seconds - d * SECONDS_PER_DAY;
      discounted[i] = flag;
      amount[i] = stored.amount[at]!;
    }
    return { firstDay, lastDay };
  });
  return {
    asOf: asOfDate,
    asOfDay: epochDay(asOfDate),
    rows,
    customers: guestRow >= 0 ? rows - 1 : rows,
    guestRow,
    firstDay,
    lastDay,
    start,
    day,
    secondOfDay,
    discounted,
    amount,
    orderRow,
  };
}

/**
 * `use` of every order's `moment` and amount in the table's own order (a plain scan keeps it: DuckDB preserves
 * insertion order), read where the engine left them (SqlExecutor.withNumericColumns). `moment` packs the order's whole
 * seconds since 1970 (local clock) with the discounted flag in the lowest bit, exact in a double (2 × 4·10⁹ < 2⁵³): a
 * column fewer to move out of the engine. An order's rowid is its position unless rows were deleted; then the rowids
 * are read too and looked up.
 */
async function withStoredOrders<T>(
  db: SqlExecutor,
  use: (stored: { moment: Float64Array; amount: Float64Array; positionOf: (row: number) => number }) => T,
): Promise<T> {
  const [{ orders, last }] = await db.all<{ orders: number; last: number | null }>(
    'SELECT count(*) AS orders, max(rowid) AS last FROM orders',
  );
  const gaps = last !== null && last + 1 !== orders;
  return db.withNumericColumns(
    `SELECT floor(epoch(order_ts)) * 2 + CAST(${DISCOUNTED_SQL} AS INTEGER) AS moment, amount${gaps ? ', rowid AS row' : ''}
    FROM orders`,
    (columns) => {
      if (!gaps) return use({ moment: columns.moment!, amount: columns.amount!, positionOf: (row) => row });
      const position = new Int32Array(last + 1);
      columns.row!.forEach((row, at) => (position[row] = at));
      return use({ moment: columns.moment!, amount: columns.amount!, positionOf: (row) => position[row]! });
    },
  );
}

/** The history for `asOf`: `given` when it was read for that date, else a fresh read. */
export async function orderHistoryFor(db: SqlExecutor, asOf: string, given?: OrderHistory): Promise<OrderHistory> {
  if (given === undefined) return readOrderHistory(db, asOf);
  if (given.asOf !== parseAsOf(asOf)) throw new Error(`order history read for ${given.asOf}, not ${asOf}`);
  return given;
}

/**
 * Computes per-row numbers straight into `tables.values` (`fill` gets its zeroed columns `names`, one entry per row of
 * SIGNAL_CUSTOMERS_TABLE, and a scratch of `scratchBytes`: SqlExecutor.fillNumericTable) and creates `tables.view` =
 * the customers' rows (guests' row left out) of SIGNAL_CUSTOMERS_TABLE beside them; `columns` is the view's select
 * list over `h` (the history) and `v` (the values), given what `fill` returned.
 */
export async function storeSignalView<N extends string, R>(
  db: SqlExecutor,
  history: OrderHistory,
  tables: { view: string; values: string },
  names: readonly N[],
  fill: (values: Record<N, Float64Array>, scratch: Scratch) => R,
  columns: (kept: R) => string,
  scratchBytes?: number,
): Promise<R> {
  const kept = await db.fillNumericTable(tables.values, history.rows, names, fill, scratchBytes);
  dependsOnHistory(tables.view);
  await db.run(`CREATE OR REPLACE VIEW ${tables.view} AS
    SELECT h.customer_id, ${columns(kept)}
    FROM ${SIGNAL_CUSTOMERS_TABLE} h POSITIONAL JOIN ${tables.values} v WHERE h.customer_id IS NOT NULL`);
  return kept;
}

/** SQL turning a stored day number (days since 1970-01-01) back into a DATE. */
export function dateOfDaySql(column: string): string {
  return `DATE '1970-01-01' + CAST(${column} AS INTEGER)`;
}

/** The median of `values[0 … length)` as DuckDB computes it (medianOfSorted), sorting them in place first. */
export function medianInPlace(values: Float64Array, length: number): number {
  sortSmall(values, length);
  return medianOfSorted(values, length);
}

/** Sorts `values[0 … length)` ascending: insertion sort for the few values of one customer, else the built-in. */
export function sortSmall(values: Float64Array, length: number): void {
  if (length > 32) {
    values.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! > v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
}
