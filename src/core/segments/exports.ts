import type { SqlExecutor, SqlValue } from '../sql/executor';
import { ATTRIBUTE_TABLE, type CompiledSegment } from './compile';

/**
 * A segment as files other tools import. Shapes:
 * - Mailchimp audience import: `Email Address` (required) and `Tags` (https://mailchimp.com/help/import-contacts-mailchimp/);
 * - Klaviyo list import: `Email` plus columns that become profile properties (https://help.klaviyo.com/hc/en-us/articles/115005237908);
 * - Shopify customer CSV: `First Name,Last Name,Email,Accepts Email Marketing,Tags`, headers case-sensitive, `yes`/`no`
 *   (Shopify Help Center, "Using CSV files to import and export customers"); importing with "overwrite existing
 *   customers" adds the tag to the customers already in the shop;
 * - a plain CSV of the customer rows, for spreadsheets (with a UTF-8 byte-order mark so Excel reads accents), in
 *   the reader's spreadsheet convention: where numbers take a decimal comma (French, Dutch, German…), Excel splits
 *   CSV at the system list separator `;`, so the file uses `;` and decimal commas there — comma-separated, it would
 *   open as one column;
 * - the same rows typed (customerRowsQuery), which the browser writes as Parquet for notebooks and warehouses.
 *
 * Consent: the marketing exports keep only customers who accept e-mail marketing unless the user turns the filter
 * off, and report how many were left out. Text cells that a spreadsheet would run as a formula (starting with `=`,
 * `+`, `-`, `@`, tab or carriage return) get a leading `'` (OWASP, "CSV Injection"). Quoting follows RFC 4180;
 * lines end with CRLF.
 */
export const EXPORT_KINDS = ['mailchimp', 'klaviyo', 'shopify', 'customers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRow {
  customer_id: string;
  email: string | null;
  subscribed: boolean;
  amount_spent: number;
  number_of_orders: number;
  last_order_date: string | null;
  rfm_group: string | null;
  country: string | null;
  city: string | null;
}

export interface ExportFile {
  fileName: string;
  text: string;
  rows: number;
  /** Left out because they do not accept marketing e-mail (marketing exports with the consent filter on). */
  withoutConsent: number;
  /** Left out because they have no e-mail address (the marketing tools key on it). */
  withoutEmail: number;
}

/** The matching customers with what the exports need, ordered by id so files are reproducible. */
export async function exportRows(db: SqlExecutor, segment: CompiledSegment): Promise<ExportRow[]> {
  return db.all<ExportRow & Record<string, unknown>>(
    `SELECT customer_id, email, email_subscription_status = 'SUBSCRIBED' AS subscribed, amount_spent,
       number_of_orders, strftime(last_order_date, '%Y-%m-%d') AS last_order_date, rfm_group, country, city
     FROM ${ATTRIBUTE_TABLE} WHERE ${segment.where} ORDER BY customer_id`,
    segment.params,
  );
}

/**
 * The matching customers' rows with their types kept (numbers, booleans, dates), for a typed file such as Parquet:
 * the host runs the query and writes its Arrow result.
 */
export function customerRowsQuery(segment: CompiledSegment): { sql: string; params: SqlValue[] } {
  return {
    sql: `SELECT customer_id, email, email_subscription_status = 'SUBSCRIBED' AS accepts_marketing, amount_spent,
       number_of_orders, last_order_date, rfm_group, country, city
     FROM ${ATTRIBUTE_TABLE} WHERE ${segment.where} ORDER BY customer_id`,
    params: segment.params,
  };
}

/** The file name a segment's exports get: its name made safe for any file system. */
export function exportFileName(segmentName: string, suffix: string): string {
  const slug =
    segmentName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'segment';
  return `${slug}-${suffix}`;
}

export function buildExport(
  kind: ExportKind,
  rows: readonly ExportRow[],
  options: { segmentName: string; consentOnly?: boolean; decimalComma?: boolean },
): ExportFile {
  const consentOnly = options.consentOnly ?? true;
  const tag = options.segmentName;
  if (kind === 'customers') {
    const header = [
      'customer_id',
      'email',
      'accepts_marketing',
      'amount_spent',
      'number_of_orders',
      'last_order_date',
      'rfm_group',
      'country',
      'city',
    ];
    const comma = options.decimalComma ?? false;
    const lines = rows.map((r) => [
      text(r.customer_id),
      text(r.email),
      r.subscribed ? 'true' : 'false',
      number(r.amount_spent, comma),
      number(r.number_of_orders, comma),
      text(r.last_order_date),
      text(r.rfm_group),
      text(r.country),
      text(r.city),
    ]);
    return {
      fileName: exportFileName(tag, 'customers.csv'),
      text: '\ufeff' + csv([header, ...lines], comma ? ';' : ','),
      rows: rows.length,
      withoutConsent: 0,
      withoutEmail: 0,
    };
  }
  const withEmail = rows.filter((r) => r.email);
  const kept = consentOnly ? withEmail.filter((r) => r.subscribed) : withEmail;
  const table: string[][] =
    kind === 'mailchimp'
      ? [['Email Address', 'Tags'], ...kept.map((r) => [text(r.email), text(tag)])]
      : kind === 'klaviyo'
        ? [
            ['Email', 'Segmentlab Segment', 'Amount Spent', 'Number Of Orders', 'Last Order Date', 'Country'],
            ...kept.map((r) => [
              text(r.email),
              text(tag),
              number(r.amount_spent),
              number(r.number_of_orders),
              text(r.last_order_date),
              text(r.country),
            ]),
          ]
        : [
            ['First Name', 'Last Name', 'Email', 'Accepts Email Marketing', 'Tags'],
            ...kept.map((r) => ['', '', text(r.email), r.subscribed ? 'yes' : 'no', text(tag)]),
          ];
  return {
    fileName: exportFileName(tag, `${kind}.csv`),
    text: csv(table),
    rows: kept.length,
    withoutConsent: withEmail.length - kept.length,
    withoutEmail: rows.length - withEmail.length,
  };
}

/** A user-provided text cell, defused against spreadsheet formulas. */
export function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Numbers we format ourselves: a dot (or a decimal comma) for decimals, no grouping, at most two decimals for money. */
function number(value: number | null | undefined, decimalComma = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const text = String((Math.sign(value) * Math.round(Math.abs(value) * 100)) / 100);
  return decimalComma ? text.replace('.', ',') : text;
}

/** RFC 4180: quote a field holding the delimiter, a quote or a line break; double the quotes; CRLF between records. */
export function csv(table: readonly (readonly string[])[], delimiter: ',' | ';' = ','): string {
  const needsQuotes = new RegExp(`["${delimiter}\\r\\n]`);
  return (
    table
      .map((row) =>
        row.map((cell) => (needsQuotes.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(delimiter),
      )
      .join('\r\n') + '\r\n'
  );
}
