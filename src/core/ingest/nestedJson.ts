import { quoteIdentifier, quoteLiteral } from '../sql/quote';
import type { SqlExecutor } from '../sql/executor';
import { STAGING } from './finish';
import { amountSql } from './sniff/numbers';
import type { ColumnMapping } from './types';

/**
 * Orders as a shop's REST API hands them out: one JSON object per order with the customer, the addresses, the line
 * items and the refunds nested inside. Layouts checked against the official references (read, not copied):
 * - Shopify Admin REST `GET /admin/api/…/orders.json` → `{"orders": [{…}]}` (shopify.dev, REST Admin API, Order and
 *   Refund resources): `customer.id`, `email`, `billing_address.country_code`, `line_items[]` (`title`, `sku`,
 *   `quantity`, `price` per unit, `product_type` when the app added it), `discount_codes[].code`, `cancelled_at`,
 *   `refunds[].transactions[]` (`amount`, `kind` refund, `status` success);
 * - WooCommerce REST `GET /wp-json/wc/v3/orders` → `[{…}]` (woocommerce.github.io/woocommerce-rest-api-docs, Orders):
 *   `customer_id` (0 for guests), `billing.email`, `billing.country`, `line_items[]` (`name`, `sku`, `quantity`,
 *   `price`, `total` after discounts), `coupon_lines[].code`, `refunds[]` (`total`, written negative).
 * Both hosts hand over the same relation (native DuckDB's read_json; the browser's worker/hostReaders.ts builds the
 * same structs and lists, leaves as text), and this module flattens it with core SQL only: DuckDB-WASM has no JSON
 * extension built in (json_extract and the JSON type would download it), but struct_extract, unnest and list
 * lambdas are core.
 */

/** A DuckDB type as DESCRIBE writes it, as far as flattening needs: a struct's fields, a list's element. */
export type ColumnType =
  { kind: 'scalar' } | { kind: 'struct'; fields: [string, ColumnType][] } | { kind: 'list'; element: ColumnType };

/** Parses DuckDB's type text (`STRUCT(id BIGINT, "name" VARCHAR, lines STRUCT(sku VARCHAR)[])`). */
export function parseColumnType(text: string): ColumnType {
  let i = 0;
  const skipSpaces = () => {
    while (text[i] === ' ') i++;
  };
  const name = (): string => {
    skipSpaces();
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          out += '"';
          i += 2;
        } else if (text[i] === '"' || i >= text.length) {
          i++;
          return out;
        } else out += text[i++];
      }
    }
    const start = i;
    while (i < text.length && text[i] !== ' ') i++;
    return text.slice(start, i);
  };
  const type = (): ColumnType => {
    skipSpaces();
    let result: ColumnType;
    if (text.startsWith('STRUCT(', i)) {
      i += 'STRUCT('.length;
      const fields: [string, ColumnType][] = [];
      for (;;) {
        skipSpaces();
        if (text[i] === ')') break;
        const field = name();
        fields.push([field, type()]);
        skipSpaces();
        if (text[i] === ',') i++;
        else break;
      }
      i++; // ')'
      result = { kind: 'struct', fields };
    } else {
      // A scalar's name may have spaces (TIMESTAMP WITH TIME ZONE) and parentheses (DECIMAL(18,3), MAP(…)).
      let depth = 0;
      while (i < text.length) {
        const c = text[i];
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0) break;
          depth--;
        } else if ((c === ',' || c === '[') && depth === 0) break;
        i++;
      }
      result = { kind: 'scalar' };
    }
    while (text[i] === '[') {
      while (i < text.length && text[i] !== ']') i++;
      i++;
      result = { kind: 'list', element: result };
    }
    return result;
  };
  return type();
}

/** Names of the list that holds an order's line items, in order of preference. */
const LINE_ITEM_LISTS = ['line_items', 'lineitems', 'items', 'lines', 'order_lines', 'products'];
const REFUND_LISTS = ['refunds'];
const DISCOUNT_CODE_LISTS = ['discount_codes', 'coupon_lines', 'coupons', 'discounts'];

/** The flattened orders (one row per order object) and their line items, while an import runs. */
export const JSON_ORDERS_TABLE = 'json_orders';
const JSON_RECORDS_TABLE = 'json_records';
const JSON_LINES_TABLE = 'json_order_lines';

export interface NestedJsonOrders {
  /** The table the importer reads instead of the file: scalar fields as columns, nested ones as dotted paths. */
  table: string;
  /** What the API layouts say the fields are, ahead of the synonyms (see jsonOrderMapping). */
  mapping: ColumnMapping;
  /** The records had a list of line items: order_lines come from it (loadJsonOrderLines). */
  hasLineItems: boolean;
}

export class JsonShapeError extends Error {}
/** The file is laid out as orders (`{"orders": []}`) but holds none. */
export class JsonNoOrdersError extends Error {}

const field = (type: ColumnType, name: string) =>
  type.kind === 'struct' ? type.fields.find(([f]) => f.toLowerCase() === name) : undefined;
const structFields = (type: ColumnType) => (type.kind === 'struct' ? type.fields : []);
const listOfStructs = (type: ColumnType) => type.kind === 'list' && type.element.kind === 'struct';
const get = (expression: string, name: string) => `struct_extract(${expression}, ${quoteLiteral(name)})`;

/**
 * Reads the JSON relation `readSql` (records as DuckDB or the host reads them) into the flat JSON_ORDERS_TABLE when
 * it has nested values, and returns null when it is flat already (JSON lines of plain fields keep their fast path).
 * A relation holding one list of objects — `{"orders": [{…}]}`, one object or one per line — or one object per
 * record (`{"order": {…}}`) is unwrapped first. `wrapped`: the file is one object (not lines, not an array), which
 * must hold such a list: anything else is refused with JsonShapeError.
 */
export async function flattenNestedJson(
  db: SqlExecutor,
  readSql: string,
  columns: { column_name: string; column_type: string }[],
  wrapped: boolean,
): Promise<NestedJsonOrders | null> {
  let records = readSql;
  let typed: [string, ColumnType][] = columns.map((c) => [c.column_name, parseColumnType(c.column_type)]);
  const lists = typed.filter(([, type]) => listOfStructs(type));
  const orders =
    lists.find(([name]) => name.toLowerCase() === 'orders') ??
    (typed.length === 1 && lists.length === 1 ? lists[0] : undefined);
  if (orders) {
    records = `(SELECT unnest(${quoteIdentifier(orders[0])}, max_depth := 2) FROM ${readSql})`;
    typed = structFields((orders[1] as { element: ColumnType }).element);
  } else if (typed.length === 1 && typed[0][1].kind === 'struct') {
    records = `(SELECT unnest(${quoteIdentifier(typed[0][0])}) FROM ${readSql})`;
    typed = structFields(typed[0][1]);
  } else if (wrapped) {
    const empty = typed.find(([name, type]) => name.toLowerCase() === 'orders' && type.kind === 'list');
    if (empty) {
      const [{ n }] = await db.all<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT unnest(${quoteIdentifier(empty[0])}) FROM ${readSql})`,
      );
      if (n === 0) throw new JsonNoOrdersError('no orders');
    }
    throw new JsonShapeError('no array of orders');
  }
  if (!orders && typed.every(([, type]) => type.kind === 'scalar')) return null;

  const selected: string[] = [];
  const flatColumns: string[] = [];
  const add = (expression: string, name: string) => {
    if (flatColumns.some((taken) => taken.toLowerCase() === name.toLowerCase())) return;
    flatColumns.push(name);
    selected.push(`${expression} AS ${quoteIdentifier(name)}`);
  };
  // Scalars first, each under its path: the mapping step shows them and the synonyms read `customer.id` as
  // "customer id". A struct never becomes a column of its own, so it can never be taken for a customer id.
  const leaves = (expression: string, path: string, type: ColumnType) => {
    if (type.kind === 'scalar') add(expression, path);
    else if (type.kind === 'struct')
      for (const [name, t] of type.fields) leaves(get(expression, name), `${path}.${name}`, t);
  };
  for (const [name, type] of typed) {
    if (type.kind === 'list' && type.element.kind === 'scalar')
      add(`array_to_string(${quoteIdentifier(name)}, ', ')`, name);
    else if (type.kind === 'scalar') add(quoteIdentifier(name), name);
  }
  for (const [name, type] of typed) {
    if (type.kind === 'struct')
      for (const [f, t] of type.fields) leaves(get(quoteIdentifier(name), f), `${name}.${f}`, t);
  }
  const mapping: ColumnMapping = {};
  const listNamed = (candidates: string[]) =>
    candidates
      .map((candidate) => typed.find(([name, type]) => name.toLowerCase() === candidate && listOfStructs(type)))
      .find((found) => found !== undefined) as [string, { kind: 'list'; element: ColumnType }] | undefined;

  const refunds = listNamed(REFUND_LISTS);
  if (refunds) {
    const refund = refunds[1].element;
    const transactions = field(refund, 'transactions');
    let perRefund: string | undefined;
    if (transactions && listOfStructs(transactions[1])) {
      // Shopify: the money returned is in the refund's transactions of kind `refund` that succeeded.
      const transaction = (transactions[1] as { element: ColumnType }).element;
      const amount = field(transaction, 'amount');
      const kind = field(transaction, 'kind');
      const status = field(transaction, 'status');
      const conditions = [
        kind && `coalesce(lower(CAST(${get('t', kind[0])} AS VARCHAR)), 'refund') = 'refund'`,
        status && `coalesce(lower(CAST(${get('t', status[0])} AS VARCHAR)), 'success') = 'success'`,
      ].filter(Boolean);
      const kept = conditions.length
        ? `list_filter(${get('r', transactions[0])}, t -> ${conditions.join(' AND ')})`
        : get('r', transactions[0]);
      if (amount) perRefund = `list_sum(list_transform(${kept}, t -> abs(TRY_CAST(${get('t', amount[0])} AS DOUBLE))))`;
    } else {
      // WooCommerce: each refund's `total`, written as a negative amount; other layouts: `amount`.
      const total = field(refund, 'total') ?? field(refund, 'amount');
      if (total) perRefund = `abs(TRY_CAST(${get('r', total[0])} AS DOUBLE))`;
    }
    if (perRefund) {
      const name = `${refunds[0]}.amount`;
      add(`CAST(list_sum(list_transform(${quoteIdentifier(refunds[0])}, r -> ${perRefund})) AS VARCHAR)`, name);
      mapping.refunded = name;
    }
  }
  const codes = listNamed(DISCOUNT_CODE_LISTS);
  const code = codes && field(codes[1].element, 'code');
  if (codes && code) {
    const name = `${codes[0]}.code`;
    const each = `list_transform(${quoteIdentifier(codes[0])}, d -> CAST(${get('d', code[0])} AS VARCHAR))`;
    add(`NULLIF(array_to_string(${each}, ', '), '')`, name);
    mapping.discount_code = name;
  }

  await db.run(`DROP TABLE IF EXISTS ${JSON_RECORDS_TABLE};
    CREATE TEMP TABLE ${JSON_RECORDS_TABLE} AS SELECT * FROM ${records};
    DROP TABLE IF EXISTS ${JSON_ORDERS_TABLE};
    CREATE TEMP TABLE ${JSON_ORDERS_TABLE} AS
    SELECT ${selected.join(', ')} FROM ${JSON_RECORDS_TABLE} ORDER BY rowid;`);
  const lineItems = listNamed(LINE_ITEM_LISTS);
  if (lineItems) await extractLineItems(db, lineItems[0], lineItems[1].element);
  await db.run(`DROP TABLE ${JSON_RECORDS_TABLE}`);
  return {
    table: JSON_ORDERS_TABLE,
    mapping: { ...jsonOrderMapping(flatColumns), ...mapping },
    hasLineItems: lineItems !== undefined,
  };
}

/** One row per line item, keyed by its order's row in JSON_ORDERS_TABLE (both keep the records' order). */
async function extractLineItems(db: SqlExecutor, list: string, item: ColumnType): Promise<void> {
  const pick = (...names: string[]) => {
    for (const name of names) {
      const found = field(item, name);
      if (found && found[1].kind === 'scalar') return `CAST(${get('li', found[0])} AS VARCHAR)`;
    }
    return 'CAST(NULL AS VARCHAR)';
  };
  await db.run(`DROP TABLE IF EXISTS ${JSON_LINES_TABLE};
    CREATE TEMP TABLE ${JSON_LINES_TABLE} AS
    SELECT json_row, ${pick('title', 'name', 'product_name', 'description')} AS product, ${pick('sku')} AS sku,
      ${pick('product_type', 'category', 'category_name')} AS category, ${pick('quantity', 'qty')} AS quantity,
      ${pick('price', 'unit_price')} AS unit_price, ${pick('total', 'line_total', 'line_price')} AS line_total
    FROM (SELECT rowid AS json_row, unnest(${quoteIdentifier(list)}) AS li FROM ${JSON_RECORDS_TABLE})`);
}

/**
 * The line items become order_lines of the order whose id the mapping chose: product from the title or name, the
 * line total when the API gives one (WooCommerce's, after discounts), else unit price × quantity (Shopify's price
 * is per unit).
 */
export async function loadJsonOrderLines(db: SqlExecutor, orderIdColumn: string): Promise<void> {
  const amount = (expression: string) => amountSql(expression, false);
  await db.run(`INSERT INTO ${STAGING}order_lines
    SELECT o.order_id, NULLIF(trim(l.product), ''), NULLIF(trim(l.sku), ''), NULLIF(trim(l.category), ''),
      TRY_CAST(l.quantity AS DOUBLE),
      coalesce(${amount('l.line_total')}, ${amount('l.unit_price')} * coalesce(TRY_CAST(l.quantity AS DOUBLE), 1))
    FROM ${JSON_LINES_TABLE} l
    JOIN (SELECT rowid AS json_row, NULLIF(trim(CAST(${quoteIdentifier(orderIdColumn)} AS VARCHAR)), '') AS order_id
          FROM ${JSON_ORDERS_TABLE}) o USING (json_row)
    WHERE o.order_id IS NOT NULL`);
}

export async function dropJsonTables(db: SqlExecutor): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${JSON_RECORDS_TABLE}; DROP TABLE IF EXISTS ${JSON_ORDERS_TABLE};
    DROP TABLE IF EXISTS ${JSON_LINES_TABLE};`);
}

/**
 * The fields of the two API layouts, by path, ahead of the synonyms: the synonyms alone would take Shopify's
 * `current_total_price` (after refunds and edits) for the amount, or its staff `user_id` for the customer. The
 * customer is the shop's customer id (`customer.id`, WooCommerce's `customer_id`); an order without one (0 or
 * missing: a guest checkout) is keyed by its e-mail (adapters/generic.ts, `guestsByEmail`).
 */
export function jsonOrderMapping(columns: string[]): ColumnMapping {
  const pick = (...names: string[]) => names.find((name) => columns.includes(name));
  const entries: [keyof ColumnMapping, string | undefined][] = [
    ['order_id', pick('id', 'order_id', 'number')],
    ['customer_id', pick('customer.id', 'customer_id')],
    ['email', pick('email', 'billing.email', 'customer.email', 'contact_email', 'billing_address.email')],
    ['order_date', pick('created_at', 'date_created', 'processed_at', 'date_created_gmt', 'order_date', 'date')],
    ['amount', pick('total_price', 'total')],
    ['discount', pick('total_discounts', 'discount_total')],
    ['currency', pick('currency')],
    [
      'country',
      pick('billing_address.country_code', 'billing.country', 'shipping_address.country_code', 'shipping.country'),
    ],
    ['city', pick('billing_address.city', 'billing.city', 'shipping_address.city', 'shipping.city')],
    ['status', pick('financial_status', 'status')],
  ];
  const mapping: ColumnMapping = {};
  for (const [key, column] of entries) if (column !== undefined) mapping[key] = column;
  if (!mapping.customer_id && mapping.email) mapping.customer_id = mapping.email;
  return mapping;
}
