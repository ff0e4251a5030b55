import { literalList, quoteIdentifier, quoteLiteral } from '../../sql/quote';
import { STAGING } from '../finish';
import { amountSql } from '../sniff/numbers';
import { offsetMinutesSql, timestampSql } from '../sniff/dates';
import { zoneOffsetMinutesSql } from '../timeZones';
import type { CanonicalField } from '../types';
import { CANONICAL_FIELDS, normaliseHeader } from '../columnMapping';
import { booleanSql, textSql, type AdapterContext, type FormatAdapter } from './context';

/** Order statuses, in the four languages of column mapping, that mean the order did not happen (accents stripped). */
const CANCELLED_WORDS = literalList([
  'cancelled',
  'canceled',
  'failed',
  'denied',
  'declined',
  'voided',
  'void',
  'geannuleerd',
  'mislukt',
  'annulee',
  'annule',
  'echouee',
  'echoue',
  'storniert',
  'abgebrochen',
  'fehlgeschlagen',
]);
/** …and that it was paid back in full: it nets to zero but stays a purchase, as a refunded Shopify order does. */
const REFUNDED_WORDS = literalList([
  'refunded',
  'terugbetaald',
  'remboursee',
  'rembourse',
  'erstattet',
  'ruckerstattet',
]);

/**
 * Does the amount column hold the whole order's total (`Order Total`, `Totaal bestelling`, `Montant commande`), which
 * exports of line rows repeat on every row of the order, rather than the row's own amount?
 */
export function isOrderTotalHeader(header: string): boolean {
  const words = normaliseHeader(header).split(' ');
  return (
    words.length > 1 && words.some((w) => ['order', 'bestelling', 'commande', 'bestellung', 'auftrag'].includes(w))
  );
}

/** Headers of a column holding the time of day when the date column holds the day only (PayPal, Square). */
const TIME_HEADERS = [
  'time',
  'time of day',
  'transaction time',
  'order time',
  'purchase time',
  'heure',
  'tijd',
  'uhrzeit',
];
/** Headers of a column naming the time zone of the times beside it (PayPal's `TimeZone`, Square's `Time Zone`). */
const ZONE_HEADERS = ['timezone', 'time zone', 'fuseau horaire', 'tijdzone', 'zeitzone'];
/** Headers of a column saying what kind of movement a row is (PayPal's `Type`, Square's `Event Type`). */
const TYPE_HEADERS = [
  'type',
  'transaction type',
  'event type',
  'type de transaction',
  'transactietype',
  'transaktionstyp',
];
/** Headers of a column naming the transaction a refund returns (PayPal's `Reference Txn ID`). */
const REFERENCE_HEADERS = [
  'reference txn id',
  'reference transaction id',
  'original transaction id',
  'parent transaction id',
  'related transaction id',
];
/**
 * Row types that move money without selling anything: currency conversions, withdrawals and transfers to the bank,
 * payouts, deposits, fees, holds and authorisations (PayPal's types, in the languages of column mapping, accents
 * stripped and lower-cased). Short words must stand alone (`fee`, not `coffee`).
 */
const NOT_A_SALE_TYPE = String.raw`conversion|withdrawal|transfer|payout|authori[sz]ation|umrechnung|omrekening|uberweisung|overboeking|virement|retrait|abbuchung|auszahlung|opname|gebuhr|\b(fees?|hold|deposit|frais|kosten)\b`;

/**
 * A type column is a processor's transaction type only when some of its values name a payment or a sale and the file
 * has a fee column beside it (PayPal's `Fee`, Square's `Fees`, Stripe's `Fee`): a shop's own `Type` column holding
 * `Bank transfer` and `Card payment` as the ways orders were paid must not drop the bank transfers.
 */
const SALE_TYPE = /payment|sale|charge|betaling|verkoop|paiement|vente|zahlung|verkauf/;
const FEE_HEADERS = [
  'fee',
  'fees',
  'fee amount',
  'transaction fee',
  'frais',
  'kosten',
  'transactiekosten',
  'gebuhr',
  'gebuhren',
];

/**
 * Statuses a payment processor gives an attempt that took no money: Stripe's Payments page (and its export's `Status`)
 * shows Failed for a payment the card's bank declined, Blocked for one Radar stopped, Incomplete for one the customer
 * never finished ("Payment statuses and PaymentIntent statuses",
 * https://docs.stripe.com/payments/payment-intents/verifying-status). The customer's next try is the order; the
 * attempt is no cancelled order of theirs. "Failed" in the languages of column mapping too (accents stripped,
 * lower-cased). Read so only beside a fee column (FEE_HEADERS): in a shop's own export a failed order stays a
 * cancelled order (CANCELLED_WORDS).
 */
const FAILED_ATTEMPT_WORDS = literalList([
  'failed',
  'declined',
  'blocked',
  'incomplete',
  'mislukt',
  'echouee',
  'echoue',
  'fehlgeschlagen',
]);

/** Headers of a column saying when the shop cancelled the order (Shopify's `Cancelled at`, its API's `cancelled_at`). */
const CANCELLED_AT_HEADERS = ['cancelled at', 'canceled at', 'cancelled date', 'cancellation date'];

const findHeader = (columns: string[], names: string[]) => columns.find((c) => names.includes(normaliseHeader(c)));

/**
 * Any table with mapped columns (CSV/TSV/JSON-lines/Parquet, an Excel sheet as CSV). Rules, documented for the merchant:
 * - no order id column → every row is one order;
 * - rows sharing an order id are that order's lines: their amounts add up (amount, else quantity × unit price),
 *   unless the amount column is the order's total repeated on each row (isOrderTotalHeader, repeatsOrderTotal),
 *   taken once, or the total sits on the order's first row only;
 *   one unreadable amount makes the whole order's amount unreadable (rejected, not silently partial); the customer is
 *   the first row's that names one, and rows naming different customers are flagged (`shared_order_id`): ids
 *   restarting in concatenated exports, or a mistake — the merchant should see either;
 * - a customer column that holds emails is lower-cased, so `Ann@x.com` and `ann@x.com` are one customer; customer
 *   id 0 is a guest, as BigCommerce and WooCommerce write one, not one customer gathering every guest's orders;
 * - a row of its own with a negative amount is a credit note, netted against the customer's order (netCreditNotes);
 * - a cancelled, failed or denied status (English, Dutch, French or German) nets the order to zero and marks it
 *   cancelled; a refunded status refunds it in full;
 * - exports of payment processors (a type column beside a fee column): a row whose type (`Type`, `Event Type`) is a
 *   currency conversion, a withdrawal or transfer, a fee, a hold or an authorisation sold nothing: it is left out
 *   and counted as `not_a_sale`; a payment whose status says it failed, was declined or blocked, or was never
 *   completed (Stripe's Failed, Blocked, Incomplete) was an attempt, not an order: left out and counted as
 *   `failed_payment`; a refund
 *   naming the transaction it returns (`Reference Txn ID`) nets against that one; a date column holding the day only
 *   takes the time of day from a `Time` column beside it; an `Adjusted Order Total` below the order total (Etsy, after
 *   a partial refund) refunds the difference; a date column whose header says UTC is read with offset 0; a time
 *   zone column beside it (PayPal's `TimeZone`: `PST`, `CET`; Square's `Time Zone`: `Pacific Time (US & Canada)`)
 *   gives the offset where the name means one (timeZones.ts), else the time stays local with no offset;
 * - a `Cancelled at` column holding a date cancels the order, as Shopify's export and API write a cancellation;
 * - orders read from a shop's API JSON (nestedJson.ts, `guestsByEmail`): an order without a customer id, or with id 0,
 *   is keyed by its e-mail, so a guest who buys twice is one customer (as the WooCommerce export adapter does).
 */
export const genericAdapter: FormatAdapter = {
  format: 'generic',
  async load({ db, readSql, mapping, columns, samples, decimalComma, dates, guestsByEmail }: AdapterContext) {
    const mapped = new Set(Object.values(mapping));
    const extra = (names: string[]) => {
      const found = findHeader(columns, names);
      return found !== undefined && !mapped.has(found) ? found : undefined;
    };
    const timeColumn = ['iso', 'ymd', 'dmy', 'mdy', 'monthName'].includes(dates.kind) ? extra(TIME_HEADERS) : undefined;
    const typeCandidate = extra(TYPE_HEADERS);
    const feeColumn = findHeader(columns, FEE_HEADERS);
    const typeColumn =
      feeColumn !== undefined && (samples[typeCandidate ?? ''] ?? []).some((v) => SALE_TYPE.test(normaliseHeader(v)))
        ? typeCandidate
        : undefined;
    const referenceColumn = extra(REFERENCE_HEADERS);
    const adjustedColumn = mapping.amount ? extra([`adjusted ${normaliseHeader(mapping.amount)}`]) : undefined;
    const cancelledAtColumn = extra(CANCELLED_AT_HEADERS);
    const zoneColumn = extra(ZONE_HEADERS);
    const text = (column: string) => `CAST(${quoteIdentifier(column)} AS VARCHAR)`;
    const selected = CANONICAL_FIELDS.filter((f) => mapping[f]).map((f) =>
      f === 'order_date' && timeColumn
        ? `${withTimeOfDay(text(mapping[f]!), text(timeColumn), dates)} AS f_${f}`
        : `${text(mapping[f]!)} AS f_${f}`,
    );
    if (typeColumn) selected.push(`${text(typeColumn)} AS x_type`);
    if (referenceColumn) selected.push(`${text(referenceColumn)} AS x_reference`);
    if (adjustedColumn) selected.push(`${text(adjustedColumn)} AS x_adjusted`);
    if (cancelledAtColumn) selected.push(`${text(cancelledAtColumn)} AS x_cancelled_at`);
    if (zoneColumn) selected.push(`${text(zoneColumn)} AS x_zone`);
    await db.run(`CREATE OR REPLACE TABLE raw_import AS SELECT ${selected.join(', ')} FROM ${readSql}`);
    // Rows with every mapped cell blank (`;;;;` under an Excel table that once was longer) hold no order: skipped.
    const blank = CANONICAL_FIELDS.filter((f) => mapping[f])
      .map((f) => `coalesce(trim(f_${f}), '') = ''`)
      .join(' AND ');
    const has = (field: CanonicalField) => mapping[field] !== undefined;
    const f = (field: CanonicalField) => (has(field) ? `f_${field}` : 'NULL');
    const amount = (expression: string) => amountSql(expression, decimalComma);
    const priceTimesQuantity = `${amount(f('quantity'))} * ${amount(f('unit_price'))}`;
    const notASale = typeColumn
      ? `coalesce(regexp_matches(strip_accents(lower(x_type)), '${NOT_A_SALE_TYPE}'), false)`
      : 'false';
    const failedAttempt =
      feeColumn !== undefined && has('status')
        ? `coalesce(strip_accents(lower(trim(f_status))) IN (${FAILED_ATTEMPT_WORDS}), false)`
        : 'false';
    await db.run(`CREATE OR REPLACE TEMP VIEW generic_rows AS
      SELECT rowid + 1 AS source_row, * FROM raw_import
      WHERE NOT (${blank}) AND NOT ${notASale} AND NOT ${failedAttempt}`);
    // Counted, not silently dropped: the merchant sees how many conversions, withdrawals and fees, and how many failed
    // payments, were left out.
    if (typeColumn) {
      await db.run(`INSERT INTO ${STAGING}import_issues
        SELECT rowid + 1, 'not_a_sale', left(trim(x_type) || coalesce(': ' || ${textSql(f('order_id'))}, ''), 200)
        FROM raw_import WHERE NOT (${blank}) AND ${notASale}`);
    }
    if (failedAttempt !== 'false') {
      await db.run(`INSERT INTO ${STAGING}import_issues
        SELECT rowid + 1, 'failed_payment', left(trim(f_status) || coalesce(': ' || ${textSql(f('order_id'))}, ''), 200)
        FROM raw_import WHERE NOT (${blank}) AND NOT ${notASale} AND ${failedAttempt}`);
    }
    const orderLevel =
      has('amount') &&
      (isOrderTotalHeader(mapping.amount!) ||
        (has('order_id') &&
          has('quantity') &&
          has('unit_price') &&
          (await repeatsOrderTotal(db, textSql(f('order_id')), amount(f('amount')), priceTimesQuantity))));
    // An order total repeated on each line row is the order's amount once (and so are its refund and discount); the
    // lines' own amounts, if any, come from quantity × unit price.
    const orderSum = orderLevel ? 'max' : 'sum';
    const lineAmount = has('amount') && !orderLevel ? amount(f('amount')) : priceTimesQuantity;
    // Exports laid out as Shopify's (Squarespace's, or a Shopify export whose headers were edited) fill the order's
    // total on its first row only and leave it blank on the rows of its other items: the first row's amount is then
    // the order's. A blank amount anywhere else, or an unreadable one, still makes the order's amount unreadable.
    const filled = `coalesce(trim(${f('amount')}), '') <> ''`;
    const firstRowTotal =
      has('amount') && !orderLevel
        ? `count(*) > 1 AND count(*) FILTER (WHERE ${filled}) = 1 AND arg_min(${filled}, source_row)`
        : 'false';
    const grossAmount = orderLevel
      ? `max(${amount(f('amount'))})`
      : `CASE WHEN ${firstRowTotal} THEN arg_min(${lineAmount}, source_row)
          WHEN count(*) FILTER (WHERE ${lineAmount} IS NULL) > 0 THEN NULL ELSE sum(${lineAmount}) END`;
    const status = `max(strip_accents(lower(trim(${f('status')}))))`;
    // An adjusted total below the order's (Etsy's `Adjusted Order Total` after a partial refund) refunds the
    // difference; an empty or zero one says nothing (some exports write 0.00 for "not adjusted").
    const adjusted = `${orderSum}(${amount('x_adjusted')})`;
    const adjustment = adjustedColumn
      ? ` + CASE WHEN ${adjusted} > 0 AND ${adjusted} < ${grossAmount} THEN ${grossAmount} - ${adjusted} ELSE 0 END`
      : '';
    const offset = offsetMinutesSql(`min(${f('order_date')})`, dates);
    // A header saying the dates are in UTC (Stripe's `Created date (UTC)`) gives the offset the values leave out.
    const utcOffset = /\b(utc|gmt)\b/i.test(mapping.order_date ?? '') ? `coalesce(${offset}, 0)` : offset;
    const cancelledAt = cancelledAtColumn ? ` OR max(${textSql('x_cancelled_at')}) IS NOT NULL` : '';
    const customerText = `NULLIF(${textSql(f('customer_id'))}, '0')`;
    const customerKey = `CASE WHEN ${customerText} LIKE '%@%' THEN lower(${customerText}) ELSE ${customerText} END`;
    const customer =
      guestsByEmail && has('email') && mapping.email !== mapping.customer_id
        ? `coalesce(${customerKey}, lower(${textSql(f('email'))}))`
        : customerKey;
    const orderKey = has('order_id') ? textSql(f('order_id')) : 'CAST(source_row AS VARCHAR)';
    // Rows without an order id are each rejected on their own (grouped together they would count as one).
    const groupKey = has('order_id') ? `${orderKey}, CASE WHEN ${orderKey} IS NULL THEN source_row END` : 'source_row';
    // A data row whose key column holds the column's own name is the header repeated mid-file (concatenated exports).
    const keyColumn = has('customer_id') ? 'f_customer_id' : 'f_order_date';
    const headerText = quoteLiteral(mapping.customer_id ?? mapping.order_date ?? '');
    await db.run(`
      INSERT INTO ${STAGING}import_issues
      SELECT source_row, 'repeated_header', left(${f('customer_id')}, 200) FROM generic_rows
      WHERE ${keyColumn} = ${headerText};
      CREATE OR REPLACE TEMP TABLE parsed_orders AS
      SELECT max(${orderKey}) AS order_id, arg_min(${customer}, source_row) FILTER (WHERE ${customer} IS NOT NULL) AS customer_id,
        min(${customer}) <> max(${customer}) AS customers_differ,
        max(lower(${textSql(f('email'))})) AS email,
        ${timestampSql(`min(${f('order_date')})`, dates)} AS order_ts, min(${f('order_date')}) AS raw_date,
        ${utcOffset} AS utc_offset_minutes,
        ${grossAmount} AS gross_amount,
        max(${has('amount') ? f('amount') : f('unit_price')}) AS raw_amount,
        CASE WHEN ${status} IN (${REFUNDED_WORDS}) THEN ${grossAmount}
          ELSE coalesce(${orderSum}(${amount(f('refunded'))}), 0)${adjustment} END AS refunded_amount,
        coalesce(${orderSum}(abs(${amount(f('discount'))})), 0) AS discount_amount,
        max(${textSql(f('discount_code'))}) AS discount_code, max(${textSql(f('currency'))}) AS currency,
        ${booleanSql(`max(${f('accepts_marketing')})`)} AS accepts_marketing, max(${textSql(f('country'))}) AS country,
        max(${textSql(f('city'))}) AS city, max(${textSql(f('tags'))}) AS tags,
        coalesce(${status} IN (${CANCELLED_WORDS}), false)${cancelledAt} AS cancelled,
        ${firstRowTotal} AS first_row_total,
        min(source_row) AS source_row,
        ${referenceColumn ? `max(${textSql('x_reference')})` : 'CAST(NULL AS VARCHAR)'} AS reference_id,
        ${zoneColumn ? `arg_min(${textSql('x_zone')}, source_row)` : 'CAST(NULL AS VARCHAR)'} AS time_zone
      FROM generic_rows WHERE ${keyColumn} IS DISTINCT FROM ${headerText}
      GROUP BY ${groupKey};
      INSERT INTO ${STAGING}import_issues
      SELECT source_row, 'shared_order_id', left(order_id || ': ' || customer_id || ', …', 200)
      FROM parsed_orders WHERE customers_differ;`);
    if (zoneColumn) {
      // An offset printed in the value, or a header saying UTC, comes first; else the time-zone column's name, when
      // it names one offset (timeZones.ts); an unknown name leaves the time local, NULL offset, as before.
      await db.run(`UPDATE parsed_orders SET utc_offset_minutes = ${zoneOffsetMinutesSql('time_zone', 'order_ts')}
        WHERE utc_offset_minutes IS NULL AND time_zone IS NOT NULL AND order_ts IS NOT NULL`);
    }
    if (has('product') || has('category')) {
      const [{ firstRowTotals }] = await db.all<{ firstRowTotals: boolean }>(
        `SELECT coalesce(bool_or(first_row_total), false) AS firstRowTotals FROM parsed_orders`,
      );
      // In a file whose orders carry their total on the first row, the amount column holds orders' totals (single-row
      // orders' too, shipping included): an item is worth quantity × unit price when the file says.
      const itemAmount = firstRowTotals ? `coalesce(${priceTimesQuantity}, ${lineAmount})` : lineAmount;
      await db.run(`INSERT INTO ${STAGING}order_lines
        SELECT ${orderKey}, ${textSql(f('product'))}, ${textSql(f('sku'))}, ${textSql(f('category'))},
          ${amount(f('quantity'))}, ${itemAmount}
        FROM generic_rows WHERE ${keyColumn} IS DISTINCT FROM ${headerText} AND ${orderKey} IS NOT NULL`);
    }
    await db.run('DROP VIEW generic_rows');
    await netCreditNotes(db);
  },
};

/**
 * Does the amount column repeat each order's total on every row of its items, as Wix's export does? Told from the
 * orders of several rows among the file's first 100,000 rows: each repeats one amount on all its rows, and that
 * amount is nearer the sum of its items' quantity × unit price than the amounts' own sum is. One order whose rows
 * differ, or whose one amount the sum explains better (line amounts after a discount), says they are the rows' own.
 */
async function repeatsOrderTotal(
  db: AdapterContext['db'],
  orderKey: string,
  rowAmount: string,
  itemAmount: string,
): Promise<boolean> {
  const [{ total, lines }] = await db.all<{ total: number; lines: number }>(`
    SELECT count(*) FILTER (WHERE evidence = 'total') AS total, count(*) FILTER (WHERE evidence = 'lines') AS lines
    FROM (
      SELECT CASE WHEN count(*) < 2 OR count(a) < count(*) OR count(i) < count(*) THEN NULL
        WHEN min(a) <> max(a) THEN 'lines'
        WHEN abs(max(a) - sum(i)) < abs(sum(a) - sum(i)) THEN 'total' ELSE 'lines' END AS evidence
      FROM (SELECT ${orderKey} AS k, ${rowAmount} AS a, ${itemAmount} AS i FROM generic_rows LIMIT 100000)
      WHERE k IS NOT NULL GROUP BY k)`);
  return total > 0 && lines === 0;
}

/**
 * The date column's text with the time of day from the column beside it, when the date holds the day only: PayPal and
 * Square write `01/05/2024` and `09:15:02` apart, and the send-time signals need the hour. A 24-hour time is zero-padded
 * (`8:05` → `08:05`); a 12-hour one (`2:30 PM`) only joins formats that read it (not ISO).
 */
function withTimeOfDay(date: string, time: string, dates: AdapterContext['dates']): string {
  const clock =
    dates.kind === 'iso' || dates.kind === 'ymd'
      ? String.raw`^\d{1,2}:\d{2}(:\d{2})?$`
      : String.raw`^\d{1,2}:\d{2}(:\d{2})?(\s?[AaPp][Mm])?$`;
  const padded = `CASE WHEN regexp_matches(trim(${time}), '^\\d:') THEN '0' || trim(${time}) ELSE trim(${time}) END`;
  return `CASE WHEN NOT contains(${date}, ':') AND regexp_matches(trim(${time}), '${clock}')
    THEN trim(${date}) || ' ' || ${padded} ELSE ${date} END`;
}

/**
 * Rows of their own with a negative amount are credit notes or refunds, not purchases: each is netted against the
 * order it names (a reference column, PayPal's `Reference Txn ID`), else against the same customer's latest order at
 * or before it (an ASOF join, as invoice-line cancellations are; invoiceLines.ts), so
 * revenue stays net without making a second order, a later last purchase or a negative customer. One with no earlier
 * order of that customer (or a guest's) cannot be netted and is rejected as `unmatched_cancellation`.
 */
async function netCreditNotes(db: AdapterContext['db']): Promise<void> {
  const credit = 'gross_amount < 0 AND order_ts IS NOT NULL AND order_id IS NOT NULL';
  const [{ credits }] = await db.all<{ credits: number }>(
    `SELECT count(*) AS credits FROM parsed_orders WHERE ${credit}`,
  );
  if (credits === 0) return;
  await db.run(`
    CREATE OR REPLACE TEMP TABLE credit_matches AS
    SELECT c.order_id AS credit, c.source_row, -c.gross_amount AS amount, coalesce(r.order_id, o.order_id) AS order_id
    FROM (SELECT * FROM parsed_orders WHERE ${credit}) c
    LEFT JOIN (SELECT order_id FROM parsed_orders WHERE gross_amount >= 0) r ON r.order_id = c.reference_id
    ASOF LEFT JOIN (SELECT order_id, customer_id, order_ts FROM parsed_orders WHERE gross_amount >= 0) o
      ON c.customer_id = o.customer_id AND c.order_ts >= o.order_ts;
    INSERT INTO ${STAGING}import_issues
    SELECT source_row, 'unmatched_cancellation', credit FROM credit_matches WHERE order_id IS NULL;
    INSERT INTO ${STAGING}import_issues
    SELECT source_row, 'cancelled_order', credit || ' nets against ' || order_id FROM credit_matches
    WHERE order_id IS NOT NULL;
    UPDATE parsed_orders SET refunded_amount = refunded_amount + m.amount
    FROM (SELECT order_id, sum(amount) AS amount FROM credit_matches WHERE order_id IS NOT NULL GROUP BY 1) m
    WHERE parsed_orders.order_id = m.order_id;
    DELETE FROM parsed_orders WHERE ${credit};
    DELETE FROM ${STAGING}order_lines WHERE order_id IN (SELECT credit FROM credit_matches);
    DROP TABLE credit_matches;`);
}
