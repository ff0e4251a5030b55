import { STAGING } from '../finish';
import { amountSql, quantitySql } from '../sniff/numbers';
import { offsetMinutesSql, timestampSql } from '../sniff/dates';
import { quoteIdentifier } from '../../sql/quote';
import { columnOrNull, textSql, withoutByteOrderMark, type AdapterContext, type FormatAdapter } from './context';

/** WebToffee's "Order Export & Order Import for WooCommerce" layout: one row per order. */
export function isWooCommerceExport(columns: string[]): boolean {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  return ['order_id', 'order_date', 'order_total', 'customer_email'].every((c) => names.has(c));
}

/**
 * Line items are packed into `line_item_N` cells as `name:…|product_id:…|sku:…|quantity:…|total:…|tax:…`; refunds
 * into `refund_items` as `amount:46.00|reason:…|date:…` (several separated by `;`), all summed.
 * Customers: WooCommerce gives guest checkouts customer_id 0 but keeps their billing email, so customers are keyed by
 * lower-cased email (customer_email, else billing_email) — the same key as Shopify, so a guest who buys twice is one
 * customer. Only an order with no email at all is a guest order. Statuses cancelled/failed net to zero.
 */
export const wooCommerceAdapter: FormatAdapter = {
  format: 'woocommerce',
  async load({ db, readSql, columns, decimalComma, dates }: AdapterContext) {
    const c = (name: string) => columnOrNull(columns, name);
    const amount = (column: string) => amountSql(column, decimalComma);
    const lineColumns = columns.filter((name) => /^line_item_\d+$/i.test(name));
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT
      ${withoutByteOrderMark(c('order_id'))} AS order_id, ${c('order_number')} AS order_number,
      ${c('order_date')} AS order_date,
      ${c('status')} AS status, ${c('order_total')} AS order_total, ${c('order_currency')} AS currency,
      ${c('discount_total')} AS discount_total, ${c('coupon_items')} AS coupon_items,
      ${c('refund_items')} AS refund_items, ${c('customer_email')} AS customer_email,
      ${c('billing_email')} AS billing_email, ${c('billing_country')} AS country, ${c('billing_city')} AS city
      ${lineColumns.map((name, i) => `, ${quoteIdentifier(name)} AS line_${i}`).join('')}
      FROM ${readSql}`);
    const refunds = `list_sum(list_transform(regexp_extract_all(coalesce(refund_items, ''), 'amount:(-?[0-9.,]+)', 1),
      x -> ${amount('x')}))`;
    await db.run(`
      INSERT INTO ${STAGING}import_issues
      SELECT rowid + 1, 'repeated_header', 'order_id,order_number,…' FROM raw_import WHERE order_id = 'order_id';
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT ${textSql('coalesce(order_id, order_number)')} AS order_id,
        lower(coalesce(${textSql('customer_email')}, ${textSql('billing_email')})) AS customer_id,
        lower(coalesce(${textSql('customer_email')}, ${textSql('billing_email')})) AS email,
        ${timestampSql('order_date', dates)} AS order_ts, order_date AS raw_date,
        ${offsetMinutesSql('order_date', dates)} AS utc_offset_minutes,
        ${amount('order_total')} AS gross_amount, order_total AS raw_amount,
        coalesce(${refunds}, 0) AS refunded_amount, coalesce(${amount('discount_total')}, 0) AS discount_amount,
        NULLIF(regexp_extract(coalesce(coupon_items, ''), 'code:([^|;]+)', 1), '') AS discount_code,
        ${textSql('currency')} AS currency, CAST(NULL AS BOOLEAN) AS accepts_marketing,
        ${textSql('country')} AS country, ${textSql('city')} AS city, CAST(NULL AS VARCHAR) AS tags,
        lower(trim(coalesce(status, ''))) IN ('cancelled', 'failed') AS cancelled, rowid + 1 AS source_row
      FROM raw_import WHERE order_id IS DISTINCT FROM 'order_id';`);
    // The same order exported twice (exports of overlapping date ranges, or files concatenated): keep its first row,
    // report the later ones, as the Shopify adapter does; otherwise the order and its lines would count twice.
    const repeat = `order_id IS NOT NULL AND row_number() OVER (PARTITION BY order_id ORDER BY source_row) > 1`;
    await db.run(`
      INSERT INTO ${STAGING}import_issues
      SELECT source_row, 'duplicate_order', order_id FROM parsed_orders QUALIFY ${repeat};
      DELETE FROM parsed_orders WHERE source_row IN (SELECT source_row FROM parsed_orders QUALIFY ${repeat});`);
    for (let i = 0; i < lineColumns.length; i++) {
      const cell = `line_${i}`;
      const part = (key: string) => `NULLIF(regexp_extract(${cell}, '(^|\\|)${key}:([^|]*)', 2), '')`;
      await db.run(`INSERT INTO ${STAGING}order_lines
        SELECT ${textSql('coalesce(order_id, order_number)')}, ${part('name')}, ${part('sku')}, NULL,
          ${quantitySql(part('quantity'))}, ${amount(part('total'))}
        FROM raw_import WHERE ${textSql(cell)} IS NOT NULL AND rowid + 1 IN (SELECT source_row FROM parsed_orders)`);
    }
  },
};
