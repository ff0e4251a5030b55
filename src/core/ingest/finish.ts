import { canonicalSchemaSql, PURCHASES_VIEW_SQL, REJECTED_REASONS_SQL } from '../schema';
import type { SqlExecutor } from '../sql/executor';

export const STAGING = 'staging_';

/**
 * The columns every adapter's `parsed_orders` relation provides (one row per order, values parsed but not yet
 * checked). `finishOrders` applies the same checks to all formats, so a garbage date is treated alike everywhere.
 */
export const PARSED_ORDER_COLUMNS = [
  'order_id', // VARCHAR, NULL when the file had none for this row
  'customer_id', // VARCHAR or NULL (guest)
  'email', // VARCHAR or NULL
  'order_ts', // TIMESTAMP or NULL when unparseable
  'raw_date', // VARCHAR: the text the date came from
  'utc_offset_minutes', // INTEGER or NULL
  'gross_amount', // DOUBLE or NULL when unreadable
  'raw_amount', // VARCHAR: the text the amount came from
  'refunded_amount', // DOUBLE (0 when none)
  'discount_amount', // DOUBLE (0 when none)
  'discount_code', // VARCHAR or NULL
  'currency', // VARCHAR or NULL
  'accepts_marketing', // BOOLEAN or NULL
  'country', // VARCHAR or NULL
  'city', // VARCHAR or NULL
  'tags', // VARCHAR or NULL
  'cancelled', // BOOLEAN: the shop marked the order cancelled (it nets to zero)
  'source_row', // BIGINT
] as const;

/** Text of a problem value for the issue list: short, never NULL. */
function rawSql(column: string): string {
  return `left(coalesce(${column}, '(empty)'), 200)`;
}

/**
 * From `parsed_orders` (a view or table the adapter made) to the staging tables: rejects rows by documented rules
 * into staging_import_issues, flags suspicious ones, and keeps the rest in staging_orders. Lines already in
 * staging_order_lines whose order was rejected are removed, so the two tables stay consistent.
 *
 * Rules: a missing order id, missing or unparseable date, a date before 1990-01-01 or more than one day after `now`
 * (a typo or a test order, not a purchase), or an unreadable amount rejects the order. A refund larger than the order
 * is capped at the order total and flagged; a cancelled order is kept with amount 0, flagged, and marked
 * `cancelled` so that the models do not count it as a purchase (schema.ts, `purchases`); an order in another currency
 * than most is kept and flagged.
 */
export async function finishOrders(db: SqlExecutor, now: Date): Promise<void> {
  const futureLimit = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
  const rejection = `CASE
      WHEN order_id IS NULL OR trim(order_id) = '' THEN 'missing_order_id'
      WHEN raw_date IS NULL OR trim(raw_date) = '' THEN 'missing_date'
      WHEN order_ts IS NULL THEN 'unparseable_date'
      WHEN order_ts < TIMESTAMP '1990-01-01' THEN 'date_before_1990'
      WHEN order_ts > TIMESTAMP '${futureLimit}' THEN 'date_in_future'
      WHEN gross_amount IS NULL THEN 'missing_amount'
    END`;
  const rejectedValue = `CASE
      WHEN raw_date IS NULL OR trim(raw_date) = '' OR order_ts IS NULL THEN raw_date
      WHEN gross_amount IS NULL THEN raw_amount
      ELSE order_id
    END`;
  // Two passes over parsed_orders (one for issues, one for orders) instead of copying it: it can hold millions of rows.
  await db.run(`
    INSERT INTO ${STAGING}import_issues
    SELECT source_row, reason, ${rawSql('value')} FROM (
      SELECT source_row, ${rejection} AS reason, ${rejectedValue} AS value FROM parsed_orders
    ) WHERE reason IS NOT NULL;
    INSERT INTO ${STAGING}import_issues
    SELECT source_row,
      CASE WHEN cancelled THEN 'cancelled_order' ELSE 'refund_exceeds_total' END,
      CASE WHEN cancelled THEN order_id ELSE order_id || ': refund ' || refunded_amount || ' > total ' || gross_amount END
    FROM parsed_orders
    WHERE (${rejection}) IS NULL AND (cancelled OR (refunded_amount > gross_amount AND gross_amount >= 0));
    INSERT INTO ${STAGING}orders
    SELECT order_id, customer_id, email, order_ts, utc_offset_minutes, gross_amount - refunded, gross_amount, refunded,
      discount_amount, discount_code, currency, accepts_marketing, country, city, tags, source_row, cancelled
    FROM (
      SELECT *, CASE WHEN cancelled THEN gross_amount
                     WHEN refunded_amount > gross_amount AND gross_amount >= 0 THEN gross_amount
                     ELSE refunded_amount END AS refunded
      FROM parsed_orders WHERE (${rejection}) IS NULL
    );`);
  await flagOtherCurrencies(db);
  const [{ rejected }] = await db.all<{ rejected: number }>(
    `SELECT count(*) AS rejected FROM ${STAGING}import_issues WHERE reason IN (${REJECTED_REASONS_SQL})`,
  );
  if (rejected > 0) {
    await db.run(`DELETE FROM ${STAGING}order_lines WHERE order_id NOT IN (SELECT order_id FROM ${STAGING}orders)`);
  }
}

/**
 * Orders in another currency than most of the file's (a shop selling in several markets) are kept but flagged: with
 * no exchange rates at hand offline, revenue and the models add them up as if in the main currency, and the merchant
 * must know. The currency's range tells a one-currency file in a cheap first pass.
 */
async function flagOtherCurrencies(db: SqlExecutor): Promise<void> {
  const [{ low, high }] = await db.all<{ low: string | null; high: string | null }>(
    `SELECT min(currency) AS low, max(currency) AS high FROM ${STAGING}orders`,
  );
  if (low === high) return;
  await db.run(`INSERT INTO ${STAGING}import_issues
    SELECT source_row, 'other_currency', upper(currency) || ': ' || order_id FROM ${STAGING}orders
    WHERE upper(currency) <> (SELECT mode(upper(currency)) FROM ${STAGING}orders)`);
}

export async function createStagingTables(db: SqlExecutor): Promise<void> {
  await db.run(canonicalSchemaSql(STAGING));
}

/** Moves the staging tables over the live ones in one transaction: a failed import leaves the old data intact. */
export async function swapInStagingTables(db: SqlExecutor): Promise<void> {
  await db.run(`BEGIN TRANSACTION;
    DROP TABLE IF EXISTS orders; DROP TABLE IF EXISTS order_lines; DROP TABLE IF EXISTS import_issues;
    ALTER TABLE ${STAGING}orders RENAME TO orders;
    ALTER TABLE ${STAGING}order_lines RENAME TO order_lines;
    ALTER TABLE ${STAGING}import_issues RENAME TO import_issues;
    ${PURCHASES_VIEW_SQL}
    COMMIT;`);
}

export async function dropStagingTables(db: SqlExecutor): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${STAGING}orders; DROP TABLE IF EXISTS ${STAGING}order_lines;
    DROP TABLE IF EXISTS ${STAGING}import_issues; DROP TABLE IF EXISTS raw_import; DROP TABLE IF EXISTS parsed_orders;`);
}
