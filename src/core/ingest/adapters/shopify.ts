import { STAGING } from '../finish';
import { amountSql } from '../sniff/numbers';
import { offsetMinutesSql, timestampSql } from '../sniff/dates';
import { booleanSql, columnOrNull, textSql, type AdapterContext, type FormatAdapter } from './context';

/** Shopify admin "Orders → Export": its defining columns. */
export function isShopifyExport(columns: string[]): boolean {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  return ['name', 'financial status', 'lineitem name', 'created at'].every((c) => names.has(c));
}

/**
 * Shopify writes one row per line item. `Name` (#1001), `Email`, `Created at` and the Lineitem columns repeat on
 * every row; order-level columns (Total, Currency, Refunded Amount, Billing…) are filled only on the order's first
 * row, so they are taken with max() over the order's rows (at most one non-empty value each).
 * Customers are identified by lower-cased email, as Shopify's own customer list does; no email = guest order.
 * Net amount = Total − Refunded Amount; an order with `Cancelled at` nets to zero.
 */
export const shopifyAdapter: FormatAdapter = {
  format: 'shopify',
  async load({ db, readSql, columns, decimalComma, dates }: AdapterContext) {
    const c = (name: string) => columnOrNull(columns, name);
    const amount = (column: string) => amountSql(column, decimalComma);
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT
      ${c('Name')} AS name, ${c('Email')} AS email, ${c('Created at')} AS created_at,
      ${c('Accepts Marketing')} AS accepts_marketing, ${c('Currency')} AS currency, ${c('Total')} AS total,
      ${c('Discount Code')} AS discount_code, ${c('Discount Amount')} AS discount_amount,
      ${c('Refunded Amount')} AS refunded_amount, ${c('Cancelled at')} AS cancelled_at,
      coalesce(${textSql(c('Billing Country'))}, ${textSql(c('Shipping Country'))}) AS country,
      coalesce(${textSql(c('Billing City'))}, ${textSql(c('Shipping City'))}) AS city, ${c('Tags')} AS tags,
      ${c('Lineitem quantity')} AS quantity, ${c('Lineitem name')} AS product, ${c('Lineitem price')} AS price,
      ${c('Lineitem sku')} AS sku, coalesce(${textSql(c('Lineitem product type'))}, ${textSql(c('Product Type'))}) AS category
      FROM ${readSql}`);
    await db.run(`
      INSERT INTO ${STAGING}import_issues
      SELECT rowid + 1, 'repeated_header', 'Name,Email,…' FROM raw_import WHERE name = 'Name';
      INSERT INTO ${STAGING}import_issues
      SELECT rowid + 1, 'missing_order_id', left(coalesce(product, email, '(empty row)'), 200)
      FROM raw_import WHERE ${textSql('name')} IS NULL;
      CREATE OR REPLACE TEMP VIEW shopify_rows AS
      SELECT rowid + 1 AS source_row, * FROM raw_import WHERE ${textSql('name')} IS NOT NULL AND name <> 'Name';
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT name AS order_id, lower(max(${textSql('email')})) AS customer_id, lower(max(${textSql('email')})) AS email,
        ${timestampSql('max(created_at)', dates)} AS order_ts, max(created_at) AS raw_date,
        ${offsetMinutesSql('max(created_at)')} AS utc_offset_minutes,
        ${amount(`max(${textSql('total')})`)} AS gross_amount, max(${textSql('total')}) AS raw_amount,
        coalesce(${amount(`max(${textSql('refunded_amount')})`)}, 0) AS refunded_amount,
        coalesce(${amount(`max(${textSql('discount_amount')})`)}, 0) AS discount_amount,
        max(${textSql('discount_code')}) AS discount_code, max(${textSql('currency')}) AS currency,
        ${booleanSql(`max(${textSql('accepts_marketing')})`)} AS accepts_marketing,
        max(country) AS country, max(city) AS city, max(${textSql('tags')}) AS tags,
        max(${textSql('cancelled_at')}) IS NOT NULL AS cancelled, min(source_row) AS source_row
      FROM shopify_rows GROUP BY name;
      INSERT INTO ${STAGING}order_lines
      SELECT name, ${textSql('product')}, ${textSql('sku')}, category, TRY_CAST(quantity AS DOUBLE),
        ${amount('price')} * coalesce(TRY_CAST(quantity AS DOUBLE), 1)
      FROM shopify_rows WHERE ${textSql('product')} IS NOT NULL;
      DROP VIEW shopify_rows;`);
  },
};
