import { STAGING } from '../finish';
import { amountSql } from '../sniff/numbers';
import { timestampSql } from '../sniff/dates';
import { normaliseHeader } from '../columnMapping';
import { quoteIdentifier } from '../../sql/quote';
import type { AdapterContext, FormatAdapter } from './context';

const REQUIRED = ['invoiceno', 'stockcode', 'description', 'quantity', 'invoicedate', 'unitprice', 'customerid'];

/** UCI "Online Retail" style: one row per invoice line. */
export function isInvoiceLines(columns: string[]): boolean {
  const names = new Set(columns.map((c) => normaliseHeader(c).replace(/ /g, '')));
  return REQUIRED.every((c) => names.has(c));
}

/**
 * Invoice lines (Chen, Sain & Guo 2012, the UCI Online Retail data set): line amount = Quantity × UnitPrice.
 * Invoices whose number starts with `C` are cancellations with negative quantities. They are not orders: each of
 * their lines is netted as a refund against the same customer's latest invoice at or before the cancellation that
 * sold the same stock code, else against their latest invoice then (ASOF joins), so revenue is net and order counts
 * are not inflated. A cancellation with no earlier invoice of that customer (or a guest's) cannot be netted and is
 * reported as `unmatched_cancellation`.
 */
export const invoiceLinesAdapter: FormatAdapter = {
  format: 'invoice_lines',
  async load({ db, readSql, columns, decimalComma, dates }: AdapterContext) {
    const find = (name: string) => quoteIdentifier(columns.find((c) => normaliseHeader(c).replace(/ /g, '') === name)!);
    const country = columns.find((c) => normaliseHeader(c) === 'country');
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT
      ${find('invoiceno')} AS invoice, ${find('stockcode')} AS sku, ${find('description')} AS product,
      ${find('quantity')} AS quantity, ${find('invoicedate')} AS invoice_date, ${find('unitprice')} AS unit_price,
      ${find('customerid')} AS customer, ${country ? quoteIdentifier(country) : 'NULL'} AS country
      FROM ${readSql}`);
    await db.run(`
      INSERT INTO ${STAGING}import_issues
      SELECT rowid + 1, 'repeated_header', left(invoice, 200) FROM raw_import WHERE lower(invoice) = 'invoiceno';
      CREATE OR REPLACE TEMP TABLE invoice_rows AS
      SELECT rowid + 1 AS source_row, trim(invoice) AS invoice, starts_with(upper(trim(invoice)), 'C') AS cancellation,
        -- Customer ids come as 17850 or 17850.0 depending on the tool that wrote the file.
        NULLIF(regexp_replace(trim(customer), '\\.0+$', ''), '') AS customer_id,
        invoice_date, ${timestampSql('invoice_date', dates)} AS order_ts,
        TRY_CAST(${amountSql('quantity', decimalComma)} AS DOUBLE) AS quantity, ${amountSql('unit_price', decimalComma)} AS unit_price,
        unit_price AS raw_price, NULLIF(trim(product), '') AS product, NULLIF(trim(sku), '') AS sku,
        NULLIF(trim(country), '') AS country
      FROM raw_import WHERE lower(coalesce(invoice, '')) <> 'invoiceno';
      CREATE OR REPLACE TEMP TABLE invoices AS
      SELECT invoice, cancellation, max(customer_id) AS customer_id, min(invoice_date) AS raw_date, min(order_ts) AS order_ts,
        CASE WHEN count(*) FILTER (WHERE quantity IS NULL OR unit_price IS NULL) > 0 THEN NULL
             ELSE sum(quantity * unit_price) END AS amount,
        max(raw_price) AS raw_amount, max(country) AS country, min(source_row) AS source_row
      FROM invoice_rows GROUP BY invoice, cancellation;
      CREATE OR REPLACE TEMP TABLE line_matches AS
      WITH cancelled AS (
        SELECT source_row, invoice, customer_id, sku, order_ts, quantity * unit_price AS amount
        FROM invoice_rows WHERE cancellation
      ), sold AS (
        SELECT customer_id, sku, invoice, min(order_ts) AS order_ts FROM invoice_rows
        WHERE NOT cancellation AND order_ts IS NOT NULL GROUP BY ALL
      ), by_product AS (
        SELECT c.*, s.invoice AS product_invoice FROM cancelled c
        ASOF LEFT JOIN sold s ON c.customer_id = s.customer_id AND c.sku = s.sku AND c.order_ts >= s.order_ts
      )
      SELECT b.source_row, b.invoice AS cancellation, b.amount, coalesce(b.product_invoice, o.invoice) AS order_invoice
      FROM by_product b
      ASOF LEFT JOIN (SELECT invoice, customer_id, order_ts FROM invoices WHERE NOT cancellation AND order_ts IS NOT NULL) o
        ON b.customer_id = o.customer_id AND b.order_ts >= o.order_ts;
      CREATE OR REPLACE TEMP TABLE cancellation_matches AS
      SELECT cancellation, min(source_row) AS source_row,
        string_agg(DISTINCT order_invoice, ', ' ORDER BY order_invoice) AS order_invoices
      FROM line_matches GROUP BY cancellation;
      INSERT INTO ${STAGING}import_issues
      SELECT source_row, 'unmatched_cancellation', cancellation FROM cancellation_matches WHERE order_invoices IS NULL;
      INSERT INTO ${STAGING}import_issues
      SELECT source_row, 'cancelled_order', cancellation || ' nets against ' || order_invoices
      FROM cancellation_matches WHERE order_invoices IS NOT NULL;
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT i.invoice AS order_id, i.customer_id, CAST(NULL AS VARCHAR) AS email, i.order_ts, i.raw_date,
        CAST(NULL AS INTEGER) AS utc_offset_minutes, i.amount AS gross_amount, i.raw_amount,
        coalesce(-r.refunded, 0) AS refunded_amount, 0.0 AS discount_amount, CAST(NULL AS VARCHAR) AS discount_code,
        CAST(NULL AS VARCHAR) AS currency, CAST(NULL AS BOOLEAN) AS accepts_marketing, i.country,
        CAST(NULL AS VARCHAR) AS city, CAST(NULL AS VARCHAR) AS tags, false AS cancelled, i.source_row
      FROM invoices i
      LEFT JOIN (SELECT order_invoice, sum(amount) AS refunded FROM line_matches
                 WHERE order_invoice IS NOT NULL GROUP BY order_invoice) r ON r.order_invoice = i.invoice
      WHERE NOT i.cancellation;
      INSERT INTO ${STAGING}order_lines
      SELECT invoice, product, sku, NULL, quantity, quantity * unit_price FROM invoice_rows WHERE NOT cancellation;
      DROP TABLE invoice_rows; DROP TABLE invoices; DROP TABLE line_matches; DROP TABLE cancellation_matches;`);
  },
};
