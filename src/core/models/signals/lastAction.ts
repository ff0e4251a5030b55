import type { SqlExecutor } from '../../sql/executor';
import { literalList, quoteIdentifier, quoteLiteral } from '../../sql/quote';
import {
  conventionalOrder,
  dayMonthEvidenceSql,
  detectDateFormat,
  settleDayMonthOrder,
  timestampSql,
} from '../../ingest/sniff/dates';
import { CUSTOMER_ORDERS_SQL, checkAsOf, checkNumber } from './options';
import { dependsOnHistory, SIGNAL_CUSTOMERS_TABLE, type OrderHistory } from './orderHistory';

/**
 * Last action from an optional second file of events (emails, carts, complaints, returns, reviews…).
 *
 * Rules:
 * - The file is a CSV (commas, semicolons or tabs) with a header: `timestamp`, `type`, and `customer_id` and/or
 *   `email`; `value` and `product` are optional. It is loaded into `events` (see EVENTS_TABLE_SQL) with explicit
 *   reader options, every cell read as text and converted here, so a stray value rejects one row instead of the file.
 * - Timestamps are read in the format the import's date detection finds in the column (`../../ingest/sniff/dates.ts`:
 *   ISO, Shopify's, day- or month-first `05/03/2024 14:22` or `05-03-2024`, year-first, month names, Unix seconds),
 *   with the order import's rule for an ambiguous day/month order: the day is first when a first number above 12 shows
 *   it anywhere in the column, month-first when a second one does, otherwise the order the user chose for the orders
 *   file (the summary's day/month switch; `dateOrder`), else the convention of the file (month-first only for `/` dates
 *   in a comma-separated file, the US export; day-first for the rest). A row the detected format cannot read falls back
 *   to DuckDB's ISO cast. They keep their wall-clock time: a UTC offset (`Z`, `+02:00`, `-0530`, `-05`) after the time
 *   of day is dropped, as for orders (schema.ts), so an event and an order compare on the same local clock. `type` is
 *   lower-cased with spaces/dashes as underscores ("Abandoned cart" → `abandoned_cart`); a started checkout (Klaviyo's
 *   "Started Checkout" metric, "Checkout started", "Abandoned checkout") becomes `abandoned_cart`: a checkout is open
 *   only while no order follows it, which is the open-cart rule below, so a started checkout that ended in an order is
 *   closed by that order. "Added to Cart" and "Viewed Product" stay their own types (no checkout was begun). A value
 *   may have a decimal comma ("84,50"). Rows without a readable timestamp, a type, or any of id/email are rejected and
 *   counted; a file that yields no event at all (empty, a header alone, every row rejected, not CSV text) is refused
 *   with EventsFileError, and the events loaded before stay.
 * - An event belongs to a customer by `customer_id` when that id is a known customer; otherwise by lower-cased,
 *   trimmed e-mail against every e-mail the customer used on an order (lower-cased by ingest); an e-mail shared by
 *   two customer ids counts for both.
 *   Events on or after the as-of date are ignored, like orders.
 * - `customer_signals_last_action` (one row per customer): `last_action` = the type of the latest event (ties: the
 *   alphabetically first type), `last_action_date`, `events`; an **open** abandoned cart is one abandoned after the
 *   customer's last order (an order since then closes it); `abandoned_cart_value` = the value of the latest open
 *   cart (the cart as it stands now — adding repeated reminders would count the same cart twice), NULL when none.
 * - With no events file the `events` table is created empty, and every customer gets NULLs: valid, not missing.
 * - Shopify's "Abandoned checkouts" export (the orders export's layout: `Id`, `Email`, `Created at`, `Total`,
 *   `Lineitem name`, … one row per line item, the checkout's own columns filled on its first row only) is read
 *   without editing: one `abandoned_cart` event per checkout (its `Id`, carried down to its line rows), at `Created
 *   at`, for its `Email`, valued at its `Total` once (not once per line), the first line item as its product. It is
 *   told from the orders export, which shares the layout, by a first column `Id` (the orders export starts with
 *   `Name`) or an `Abandoned Checkout URL` column, and by having no type column of its own; loaded and rejected
 *   then count checkouts.
 */
export const EVENTS_TABLE = 'events';
export const LAST_ACTION_TABLE = 'customer_signals_last_action';

export const EVENTS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (
  customer_id VARCHAR,
  email VARCHAR,          -- lower-cased
  event_ts TIMESTAMP NOT NULL,  -- wall-clock time as in the file
  type VARCHAR NOT NULL,  -- abandoned_cart, complaint, return, review, …
  value DOUBLE,
  product VARCHAR,
  source_row BIGINT       -- 1-based data row in the file (header excluded)
)`;

/** Shown by the UI when no events file is loaded: what a file should look like. */
export const EXAMPLE_EVENTS_CSV = `customer_id,email,timestamp,type,value,product
C1001,,2024-05-02 19:45:00,abandoned_cart,84.50,Trail running shoes
,anna@example.com,2024-05-03 08:12:00 +0200,review,5,Merino socks
C1002,,2024-05-04 11:30:00,complaint,,
,Ben@Example.com,2024-05-06 21:05:00,return,39.90,Rain jacket
`;

/** Header names accepted for each field (compared lower-cased and trimmed). */
const FIELD_NAMES: Record<'customer_id' | 'email' | 'timestamp' | 'type' | 'value' | 'product', string[]> = {
  customer_id: ['customer_id', 'customer id', 'customerid'],
  email: ['email', 'e-mail', 'email address'],
  // Klaviyo's event exports name them Datetime / Timestamp, Metric / Event and $value.
  timestamp: ['timestamp', 'event_ts', 'time', 'date', 'created_at', 'datetime'],
  type: ['type', 'event', 'event_type', 'action', 'metric', 'metric name', 'event name'],
  value: ['value', 'amount', 'cart_value', '$value'],
  product: ['product', 'product_name', 'item'],
};

/** Event types that mean a checkout was begun: loaded as `abandoned_cart` (see the rules above). */
const STARTED_CHECKOUT_TYPES = ['started_checkout', 'checkout_started', 'abandoned_checkout'];

/** The Shopify "Abandoned checkouts" export's columns (as the file spells them), when the header is that layout. */
function shopifyCheckoutColumns(
  columns: string[],
): { id: string; email: string; created: string; total: string; lineitem: string } | null {
  const named = (name: string) => columns.find((c) => c.trim().toLowerCase() === name);
  const [id, email, created, total, lineitem] = ['id', 'email', 'created at', 'total', 'lineitem name'].map(named);
  if (!id || !email || !created || !total || !lineitem) return null;
  // The first of the file's columns (after our row number) is the checkout's Id; the orders export starts with Name.
  const checkouts = columns[1]?.trim().toLowerCase() === 'id' || named('abandoned checkout url') !== undefined;
  const ownType = columns.some((c) => FIELD_NAMES.type.includes(c.trim().toLowerCase()));
  return checkouts && !ownType ? { id, email, created, total, lineitem } : null;
}

export interface EventsLoadResult {
  loaded: number;
  rejected: number;
}

/**
 * An events file without the columns it needs. `missing` lists what to add, each entry the names any one of which
 * would do; the app words it in the user's language from these, the CLI prints the English message.
 */
export class EventsColumnsError extends Error {
  constructor(
    readonly missing: string[][],
    readonly columns: string[],
  ) {
    super(
      `The events file needs the column(s) ${missing.map((names) => names.join(' or ')).join(', ')}; ` +
        `it has ${columns.join(', ')}.`,
    );
  }
}

/** Creates the empty `events` table if there is none (no events file loaded). */
export async function ensureEventsTable(db: SqlExecutor): Promise<void> {
  await db.run(EVENTS_TABLE_SQL);
}

/**
 * An events file that gives no event to load: empty, a header alone, no row usable, or not CSV text at all. The
 * events loaded before stay; `problem` and `rows` let the app word it in the user's language, the message is English.
 */
export class EventsFileError extends Error {
  constructor(
    readonly problem: 'empty' | 'no_rows' | 'no_usable_rows' | 'unreadable',
    readonly rows = 0,
  ) {
    super(
      problem === 'empty'
        ? 'The events file is empty.'
        : problem === 'no_rows'
          ? 'The events file has no rows below its header.'
          : problem === 'no_usable_rows'
            ? `None of the ${rows} rows of the events file has a readable timestamp, a type and a customer id or e-mail.`
            : 'The events file is not CSV text (comma- or semicolon-separated, UTF-8).',
    );
  }
}

/**
 * A value written with a decimal comma, as where the comma is the decimal mark ("84,50", "1.234,5"), with a decimal
 * point instead. Only one or two digits after the comma: "1,234" may be a thousand, and stays as it is.
 */
function decimalText(text: string): string {
  return `CASE WHEN regexp_full_match(${text}, '[+-]?(\\d+|\\d{1,3}(\\.\\d{3})+),\\d{1,2}')
    THEN replace(replace(${text}, '.', ''), ',', '.') ELSE ${text} END`;
}

/** The file's rows as text into `events_raw`, numbered; DuckDB's reader errors become one EventsFileError. */
async function readEventsRaw(db: SqlExecutor, path: string, delimiter: string): Promise<string[]> {
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE events_raw AS
      SELECT row_number() OVER () AS source_row, * FROM read_csv(${quoteLiteral(path)}, header = true,
        delim = ${quoteLiteral(delimiter)}, quote = '"', escape = '"', all_varchar = true, null_padding = true,
        normalize_names = false)`);
  } catch (error) {
    // Bytes that are not UTF-8 text (a spreadsheet's .xlsx, a zip) or rows the reader cannot split: DuckDB says so in
    // several lines naming its own options, which mean nothing to a merchant.
    if (error instanceof Error && /CSV Error|unicode|Invalid Input Error/i.test(error.message)) {
      throw new EventsFileError('unreadable');
    }
    throw error;
  }
  return (await db.all<{ column_name: string }>(`DESCRIBE events_raw`)).map((c) => c.column_name);
}

/**
 * Loads an events CSV (comma-, semicolon- or tab-separated, double-quoted, header row) from a path DuckDB can read — a
 * local file in the CLI, a registered file name in the browser — replacing any earlier events only once the new file
 * has given at least one usable event (EventsColumnsError, EventsFileError otherwise, the earlier events kept).
 * `dateOrder`: the day/month order the user chose for the orders, applied where the events' own dates cannot tell.
 */
export async function loadEventsCsv(
  db: SqlExecutor,
  path: string,
  options: { dateOrder?: 'DMY' | 'MDY' } = {},
): Promise<EventsLoadResult> {
  let delimiter = ',';
  let columns = await readEventsRaw(db, path, ',');
  // A spreadsheet where the decimal mark is a comma (French, Dutch) saves "CSV" with semicolons, and some tools export
  // tabs: read as commas, the header is then one column holding them all (and a decimal comma in the rows adds
  // columns the reader names column1, column2…).
  const [, first, ...others] = columns;
  const other =
    first !== undefined && others.every((name) => /^column\d+$/.test(name))
      ? [';', '\t'].find((delimiter) => first.includes(delimiter))
      : undefined;
  if (other) {
    delimiter = other;
    columns = await readEventsRaw(db, path, other);
  }
  const [raw] = await db.all<{ rows: number }>(`SELECT count(*) AS rows FROM events_raw`);
  if ((raw?.rows ?? 0) === 0) {
    await db.run(`DROP TABLE IF EXISTS events_raw`);
    // With no header either, DuckDB names the one column it imagines "column0".
    throw new EventsFileError(columns.length === 2 && columns[1] === 'column0' ? 'empty' : 'no_rows');
  }
  let source = 'events_raw';
  let find = (field: keyof typeof FIELD_NAMES): string => {
    const name = columns.find((c) => FIELD_NAMES[field].includes(c.trim().toLowerCase()));
    return name === undefined ? 'CAST(NULL AS VARCHAR)' : quoteIdentifier(name);
  };
  const checkout = shopifyCheckoutColumns(columns);
  if (checkout) {
    // One row per checkout: its Id carried down to the line rows below it, the checkout's own columns taken from
    // the first row that has them (its first line), so the total counts once.
    const text = (column: string) => `nullif(trim(${quoteIdentifier(column)}), '')`;
    const first = (column: string) => `arg_min(${column}, source_row) FILTER (WHERE ${column} IS NOT NULL)`;
    await db.run(`CREATE OR REPLACE TEMP TABLE events_checkouts AS
      WITH lines AS (
        SELECT source_row, last_value(${text(checkout.id)} IGNORE NULLS) OVER (ORDER BY source_row) AS checkout,
          ${text(checkout.email)} AS email, ${text(checkout.created)} AS created, ${text(checkout.total)} AS total,
          ${text(checkout.lineitem)} AS product
        FROM events_raw
      )
      SELECT CAST(NULL AS VARCHAR) AS customer_id, ${first('email')} AS email, ${first('created')} AS created,
        'abandoned_cart' AS type, ${first('total')} AS total, ${first('product')} AS product,
        min(source_row) AS source_row
      FROM lines GROUP BY checkout`);
    source = 'events_checkouts';
    const fixed = { customer_id: 'customer_id', email: 'email', timestamp: 'created', type: 'type' } as const;
    find = (field) => (field === 'value' ? 'total' : field === 'product' ? 'product' : quoteIdentifier(fixed[field]));
  }
  const absent = (field: keyof typeof FIELD_NAMES): boolean => find(field).startsWith('CAST(NULL');
  const missing: string[][] = (['timestamp', 'type'] as const).filter(absent).map((field) => [field]);
  if (absent('customer_id') && absent('email')) missing.push(['customer_id', 'email']);
  if (missing.length > 0) {
    await db.run(`DROP TABLE IF EXISTS events_raw`);
    // The first column is our own row number, not one of the file's.
    throw new EventsColumnsError(missing, columns.slice(1));
  }
  const timestamp = await eventTimestampSql(db, source, find('timestamp'), delimiter, options.dateOrder);
  const type = `nullif(regexp_replace(lower(trim(${find('type')})), '[\\s-]+', '_', 'g'), '')`;
  // A UTC offset or zone after a time of day is dropped (the wall-clock time stays, as for orders): Z, +02:00,
  // -0530, or PostgreSQL's hours-only -05. Only after a time, so that a date's own "-05" is never taken for one.
  await db.run(`CREATE OR REPLACE TEMP TABLE events_parsed AS
    SELECT nullif(trim(${find('customer_id')}), '') AS customer_id,
      nullif(lower(trim(${find('email')})), '') AS email,
      ${timestamp} AS event_ts,
      CASE WHEN ${type} IN (${literalList(STARTED_CHECKOUT_TYPES)}) THEN 'abandoned_cart' ELSE ${type} END AS type,
      try_cast(${decimalText(`trim(${find('value')})`)} AS DOUBLE) AS value,
      nullif(trim(${find('product')}), '') AS product,
      source_row
    FROM ${source}`);
  const usable = 'event_ts IS NOT NULL AND type IS NOT NULL AND (customer_id IS NOT NULL OR email IS NOT NULL)';
  const [counts] = await db.all<{ total: number; loaded: number }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE ${usable}) AS loaded FROM events_parsed`,
  );
  const total = counts?.total ?? 0;
  const loaded = counts?.loaded ?? 0;
  if (loaded === 0) {
    await db.run(`DROP TABLE IF EXISTS events_raw; DROP TABLE IF EXISTS events_parsed`);
    await db.run(`DROP TABLE IF EXISTS events_checkouts`);
    throw new EventsFileError('no_usable_rows', total);
  }
  await db.run(`DROP TABLE IF EXISTS ${EVENTS_TABLE}`);
  await db.run(EVENTS_TABLE_SQL);
  await db.run(`INSERT INTO ${EVENTS_TABLE} SELECT * FROM events_parsed WHERE ${usable}`);
  await db.run(`DROP TABLE IF EXISTS events_raw; DROP TABLE IF EXISTS events_parsed`);
  await db.run(`DROP TABLE IF EXISTS events_checkouts`);
  return { loaded, rejected: total - loaded };
}

/**
 * SQL reading the timestamp column as a wall-clock TIMESTAMP, in the format the order import's detection finds in
 * its values (the rules above): a sample of the column, then, when the sample cannot tell day from month, the whole
 * column's evidence — as importFile.ts decides an order file's dates. ISO text the format does not cover still
 * parses, its UTC offset dropped.
 */
async function eventTimestampSql(
  db: SqlExecutor,
  source: string,
  column: string,
  delimiter: string,
  dateOrder?: 'DMY' | 'MDY',
): Promise<string> {
  const isoFallback = `try_cast(regexp_replace(trim(${column}),
    '(\\d:\\d{2}(:\\d{2}(\\.\\d+)?)?)\\s*(Z|[+-]\\d{2}(:?\\d{2})?)$', '\\1') AS TIMESTAMP)`;
  const sample = (
    await db.all<{ value: string }>(
      `SELECT trim(${column}) AS value FROM ${source} WHERE nullif(trim(${column}), '') IS NOT NULL
       ORDER BY source_row LIMIT 1000`,
    )
  ).map((row) => row.value);
  // The header named this column as the time, so numbers in it may be Unix seconds or milliseconds. The order chosen
  // for the orders stands in for the convention only: this is another export, and a day above 12 in it says more
  // about it than a choice made for a file of its own (read against that evidence, such a row would be rejected).
  let guess = detectDateFormat(sample, dateOrder ?? conventionalOrder(delimiter, sample), undefined, { epoch: true });
  // ISO text keeps its fractional seconds through DuckDB's cast (timestampSql cuts it at the seconds, as orders do).
  if (guess === null || guess.kind === 'iso') return isoFallback;
  if (guess.ambiguous) {
    const [evidence] = await db.all<{ first_over_12: number; second_over_12: number }>(
      dayMonthEvidenceSql(column, source),
    );
    guess = settleDayMonthOrder(guess, evidence);
  }
  return `coalesce(${timestampSql(`trim(${column})`, guess)}, ${isoFallback})`;
}

export interface LastActionSummary {
  events: number;
  matchedEvents: number;
  customersWithEvents: number;
  openAbandonedCarts: number;
  openAbandonedCartValue: number;
  /** Customers per last action type, most first. */
  lastActions: Record<string, number>;
}

/** Where the rows computed from events are kept; LAST_ACTION_TABLE is a view over them, or over the customers. */
const LAST_ACTION_ROWS = 'signal_last_action_rows';

function lastActionSql(asOf: string): { sql: string; params: string[] } {
  const sql = `CREATE OR REPLACE TABLE ${LAST_ACTION_ROWS} AS
WITH customer_orders AS (
  SELECT customer_id, email, order_ts FROM ${CUSTOMER_ORDERS_SQL}
), customers AS (
  SELECT customer_id, max(order_ts) AS last_order_ts FROM customer_orders GROUP BY 1
), dated_events AS (
  SELECT * FROM ${EVENTS_TABLE} WHERE event_ts < CAST(? AS DATE)
), customer_emails AS (
  -- Only e-mails that occur in the events: the distinct (customer, e-mail) pairs of every order would cost more than
  -- the rest of this signal. Orders' e-mails are lower-cased by ingest (schema.ts).
  SELECT DISTINCT customer_id, email FROM customer_orders
  WHERE email IN (SELECT lower(trim(email)) FROM dated_events WHERE email IS NOT NULL)
), matched AS (
  SELECT c.customer_id, e.event_ts, e.type, e.value
  FROM dated_events e JOIN customers c ON c.customer_id = e.customer_id
  UNION ALL
  SELECT m.customer_id, e.event_ts, e.type, e.value
  FROM dated_events e JOIN customer_emails m ON m.email = lower(trim(e.email))
  WHERE e.customer_id IS NULL OR e.customer_id NOT IN (SELECT customer_id FROM customers)
), latest AS (
  SELECT customer_id, first(type ORDER BY event_ts DESC, type) AS last_action, max(event_ts) AS last_action_ts,
    count(*) AS events
  FROM matched GROUP BY 1
), open_carts AS (
  SELECT m.customer_id, first(m.value ORDER BY m.event_ts DESC, m.value DESC) AS abandoned_cart_value,
    max(m.event_ts) AS abandoned_cart_ts
  FROM matched m JOIN customers c ON c.customer_id = m.customer_id
  WHERE m.type = 'abandoned_cart' AND m.event_ts > c.last_order_ts GROUP BY 1
)
SELECT c.customer_id, l.last_action, CAST(l.last_action_ts AS DATE) AS last_action_date,
  coalesce(l.events, 0) AS events,
  k.customer_id IS NOT NULL AS open_abandoned_cart, k.abandoned_cart_value,
  CAST(k.abandoned_cart_ts AS DATE) AS abandoned_cart_date
FROM customers c
LEFT JOIN latest l ON l.customer_id = c.customer_id
LEFT JOIN open_carts k ON k.customer_id = c.customer_id`;
  return { sql, params: [asOf, asOf] };
}

/**
 * Builds `customer_signals_last_action` (creating an empty `events` table when no file was loaded). Without events
 * before the as-of date every customer gets NULLs: given the order history already grouped by customer, a view over
 * its customer ids instead of grouping the orders again (a table copying them took 0.15–0.23 s at a million customers
 * in DuckDB-WASM inside Node, 2026-12-06), and the summary's counts are all nought.
 */
export async function buildLastAction(
  db: SqlExecutor,
  asOf: string,
  history?: OrderHistory,
): Promise<LastActionSummary> {
  await ensureEventsTable(db);
  const asOfDate = checkAsOf(asOf);
  const [dated] = await db.all<{ events: number }>(
    `SELECT count(*) AS events FROM ${EVENTS_TABLE} WHERE event_ts < CAST(? AS DATE)`,
    [asOfDate],
  );
  const events = dated?.events ?? 0;
  if (events === 0 && history?.asOf === asOfDate) {
    dependsOnHistory(LAST_ACTION_TABLE);
    await db.run(`CREATE OR REPLACE VIEW ${LAST_ACTION_TABLE} AS
      SELECT customer_id, CAST(NULL AS VARCHAR) AS last_action, CAST(NULL AS DATE) AS last_action_date,
        CAST(0 AS BIGINT) AS events, false AS open_abandoned_cart, CAST(NULL AS DOUBLE) AS abandoned_cart_value,
        CAST(NULL AS DATE) AS abandoned_cart_date
      FROM ${SIGNAL_CUSTOMERS_TABLE} WHERE customer_id IS NOT NULL`);
    await db.run(`DROP TABLE IF EXISTS ${LAST_ACTION_ROWS}`);
    return {
      events,
      matchedEvents: 0,
      customersWithEvents: 0,
      openAbandonedCarts: 0,
      openAbandonedCartValue: 0,
      lastActions: {},
    };
  }
  const { sql, params } = lastActionSql(asOfDate);
  await db.all(sql, params);
  await db.run(`CREATE OR REPLACE VIEW ${LAST_ACTION_TABLE} AS SELECT * FROM ${LAST_ACTION_ROWS}`);
  const [totals] = await db.all<{ matched: number; customers: number; carts: number; value: number }>(
    `SELECT coalesce(sum(events), 0) AS matched, count(*) FILTER (WHERE events > 0) AS customers,
       count(*) FILTER (WHERE open_abandoned_cart) AS carts, coalesce(sum(abandoned_cart_value), 0) AS value
     FROM ${LAST_ACTION_ROWS}`,
  );
  const actions = await db.all<{ last_action: string; customers: number }>(
    `SELECT last_action, count(*) AS customers FROM ${LAST_ACTION_ROWS} WHERE last_action IS NOT NULL
     GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  return {
    events,
    matchedEvents: totals?.matched ?? 0,
    customersWithEvents: totals?.customers ?? 0,
    openAbandonedCarts: totals?.carts ?? 0,
    openAbandonedCartValue: totals?.value ?? 0,
    lastActions: Object.fromEntries(actions.map((a) => [a.last_action, a.customers])),
  };
}

export interface OpenCartRow extends Record<string, unknown> {
  customer_id: string;
  email: string | null;
  amount_spent: number;
  abandoned_cart_value: number | null;
  abandoned_cart_date: string;
}

/**
 * Open abandoned carts of valuable customers: those in the top `topShare` (default 20 %) of customers by net spend
 * before the as-of date (ties at the cut broken by customer id, so exactly ceil(share × customers) are eligible),
 * largest cart first. Needs `buildLastAction` first.
 */
export async function openCartsOfValuableCustomers(
  db: SqlExecutor,
  asOf: string,
  options: { topShare?: number; limit?: number } = {},
): Promise<OpenCartRow[]> {
  const topShare = checkNumber('topShare', options.topShare ?? 0.2, { min: 0, max: 1 });
  const limit = checkNumber('limit', options.limit ?? 100, { min: 0, integer: true });
  // Ranking every customer by spend costs a pass over all orders: skip it when no cart is open.
  const [open] = await db.all<{ carts: number }>(
    `SELECT count(*) AS carts FROM ${LAST_ACTION_TABLE} WHERE open_abandoned_cart`,
  );
  if (open?.carts === 0) return [];
  return db.all<OpenCartRow>(
    `WITH spend AS (
       SELECT customer_id, sum(amount) AS amount_spent,
         arg_max(email, order_ts) FILTER (WHERE email IS NOT NULL) AS email
       FROM ${CUSTOMER_ORDERS_SQL} GROUP BY 1
     ), ranked AS (
       SELECT *, row_number() OVER (ORDER BY amount_spent DESC, customer_id) AS spend_rank,
         count(*) OVER () AS customers
       FROM spend
     )
     SELECT r.customer_id, r.email, r.amount_spent, a.abandoned_cart_value,
       strftime(a.abandoned_cart_date, '%Y-%m-%d') AS abandoned_cart_date
     FROM ranked r JOIN ${LAST_ACTION_TABLE} a ON a.customer_id = r.customer_id
     WHERE a.open_abandoned_cart AND r.spend_rank <= ceil(CAST(? AS DOUBLE) * r.customers - 1e-9)
     ORDER BY a.abandoned_cart_value DESC NULLS LAST, r.amount_spent DESC, r.customer_id LIMIT ?`,
    [asOf, topShare, limit],
  );
}
