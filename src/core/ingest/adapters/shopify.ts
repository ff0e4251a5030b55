import { STAGING } from '../finish';
import { amountSql, quantitySql } from '../sniff/numbers';
import { offsetMinutesSql, timestampSql } from '../sniff/dates';
import {
  booleanSql,
  columnOrNull,
  textSql,
  withoutByteOrderMark,
  type AdapterContext,
  type FormatAdapter,
} from './context';

/** Shopify admin "Orders → Export": its defining columns. */
export function isShopifyExport(columns: string[]): boolean {
  const names = new Set(columns.map((c) => c.toLowerCase()));
  return ['name', 'financial status', 'lineitem name', 'created at'].every((c) => names.has(c));
}

/**
 * Shopify writes one row per line item. `Name` (#1001), `Email`, `Created at` and the Lineitem columns repeat on
 * every row; order-level columns (Total, Currency, Refunded Amount, Billing…) are filled only on the order's first
 * row, so the orders are read from those rows.
 * Customers are identified by lower-cased email, as Shopify's own customer list does; no email = guest order.
 * Net amount = Total − Refunded Amount; an order with `Cancelled at` nets to zero.
 */
export const shopifyAdapter: FormatAdapter = {
  format: 'shopify',
  async load({ db, readSql, columns, decimalComma, dates }: AdapterContext) {
    const c = (name: string) => columnOrNull(columns, name);
    const amount = (column: string) => amountSql(column, decimalComma);
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT
      ${withoutByteOrderMark(c('Name'))} AS name, ${c('Email')} AS email, ${c('Created at')} AS created_at,
      ${c('Financial Status')} AS financial_status,
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
      FROM raw_import WHERE ${textSql('name')} IS NULL;`);
    // The order-level columns sit on each order's first row: reading those rows directly avoids aggregating a dozen
    // text columns over every line row (the costliest step on big exports). Orders whose first row lost its
    // order columns are recovered from their line rows below, with no amount, so the checks reject them visibly.
    const orderColumns = (from: string) => `
        ${from}name AS order_id, lower(${textSql(`${from}email`)}) AS customer_id, lower(${textSql(`${from}email`)}) AS email,
        ${timestampSql(`${from}created_at`, dates)} AS order_ts, ${from}created_at AS raw_date,
        ${offsetMinutesSql(`${from}created_at`, dates)} AS utc_offset_minutes,
        ${amount(textSql(`${from}total`))} AS gross_amount, ${textSql(`${from}total`)} AS raw_amount,
        coalesce(${amount(textSql(`${from}refunded_amount`))}, 0) AS refunded_amount,
        coalesce(${amount(textSql(`${from}discount_amount`))}, 0) AS discount_amount,
        ${textSql(`${from}discount_code`)} AS discount_code, ${textSql(`${from}currency`)} AS currency,
        ${booleanSql(`${from}accepts_marketing`)} AS accepts_marketing, ${from}country AS country, ${from}city AS city,
        ${textSql(`${from}tags`)} AS tags, ${textSql(`${from}cancelled_at`)} IS NOT NULL AS cancelled`;
    await db.run(`
      CREATE OR REPLACE TEMP VIEW shopify_rows AS
      SELECT rowid + 1 AS source_row, * FROM raw_import WHERE ${textSql('name')} IS NOT NULL AND name <> 'Name';
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT ${orderColumns('')}, source_row FROM shopify_rows
      WHERE ${textSql('total')} IS NOT NULL OR ${textSql('financial_status')} IS NOT NULL;`);
    const [{ duplicates, orphans }] = await db.all<{ duplicates: number; orphans: number }>(`
      SELECT (SELECT count(*) - count(DISTINCT order_id) FROM parsed_orders) AS duplicates,
        (SELECT count(DISTINCT name) FROM shopify_rows) - (SELECT count(DISTINCT order_id) FROM parsed_orders) AS orphans`);
    if (duplicates > 0) {
      // The same order exported twice (files concatenated): keep its first occurrence, report the later ones.
      await db.run(`INSERT INTO ${STAGING}import_issues
        SELECT source_row, 'duplicate_order', order_id FROM parsed_orders
        QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY source_row) > 1;
        CREATE OR REPLACE TEMP TABLE parsed_orders AS
        SELECT * FROM parsed_orders QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY source_row) = 1`);
    }
    if (orphans > 0) {
      await db.run(`INSERT INTO parsed_orders
        SELECT name, lower(${textSql('max(email)')}), lower(${textSql('max(email)')}),
          ${timestampSql('max(created_at)', dates)}, max(created_at), ${offsetMinutesSql('max(created_at)', dates)},
          NULL, NULL, 0, 0, NULL, NULL, NULL, max(country), max(city), NULL, false, min(source_row)
        FROM shopify_rows WHERE name NOT IN (SELECT order_id FROM parsed_orders) GROUP BY name`);
    }
    // Each line row belongs to the copy of its order whose first row it follows; only the first copy's lines count.
    const firstCopyOnly =
      duplicates > 0
        ? `QUALIFY count(*) FILTER (WHERE ${textSql('total')} IS NOT NULL OR ${textSql('financial_status')} IS NOT NULL)
            OVER (PARTITION BY name ORDER BY source_row) <= 1`
        : '';
    await db.run(`
      INSERT INTO ${STAGING}order_lines
      SELECT name, product, NULLIF(sku, ''), category, ${quantitySql('quantity')},
        ${amount('price')} * coalesce(${quantitySql('quantity')}, 1)
      FROM shopify_rows WHERE product <> '' ${firstCopyOnly};
      DROP VIEW shopify_rows;`);
  },
};
