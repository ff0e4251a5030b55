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
 * - Shopify GraphQL Admin API `orders` query (shopify.dev, GraphQL Admin API, the Order object,
 *   https://shopify.dev/docs/api/admin-graphql/latest/objects/Order, and LineItem, MoneyBag, MailingAddress) →
 *   `{"data": {"orders": {"edges": [{"node": {…}}], "pageInfo": …}}, "extensions": …}` or `{"nodes": [{…}]}`, pages
 *   saved as an array or one per line: `id` a global id (`gid://shopify/Order/123`), `name` (`#1001`), `createdAt`,
 *   `processedAt`, `cancelledAt`, `email`, `customer.id`, money as `totalPriceSet.shopMoney.amount` (text) beside its
 *   `currencyCode`, `currentTotalPriceSet` (after refunds and edits), `totalRefundedSet`, `totalDiscountsSet`,
 *   `discountCodes` and `tags` (lists of text), `billingAddress.countryCodeV2`, `displayFinancialStatus`, and
 *   `lineItems` as a connection of `title`, `sku`, `quantity`, `originalUnitPriceSet` (per unit, before discounts),
 *   `discountedTotalSet` (the line after its own discounts), `product.productType`;
 * - the JSON lines of a Shopify bulk operation over orders (shopify.dev, "Perform bulk operations with the GraphQL
 *   Admin API", https://shopify.dev/docs/api/usage/bulk-operations/queries): each order on a line of its own, each
 *   node of its connections (the line items) on a later line naming its parent's `id` in `__parentId`.
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
/** How deep the orders may sit under wrapping objects (`{"data": {"orders": …}}` is two). */
const MAX_WRAPPING_DEPTH = 4;
/** Shopify's global ids (`gid://shopify/Customer/7`; shopify.dev/docs/api/usage/gids): the number is the REST id. */
const GLOBAL_ID_PREFIX = '^gid://shopify/[A-Za-z]+/';
/** The column of a bulk operation's output naming the parent of a connection's node (shopify.dev, bulk operations). */
const BULK_PARENT = '__parentId';

/**
 * The keys a GraphQL response may have at its top: `data`, `errors` and `extensions`, and no other (GraphQL
 * specification, "Response Format", https://spec.graphql.org/October2021/#sec-Response-Format). A REST API's error
 * answers the same way (Shopify's `{"errors": "Not Found"}`).
 */
const RESPONSE_KEYS = ['data', 'errors', 'extensions'];
/** Fields saying when the shop last changed an order: GraphQL's `updatedAt`, REST's `updated_at`, WooCommerce's. */
const UPDATED_FIELDS = ['updatedAt', 'updated_at', 'date_modified_gmt', 'date_modified'];

/** The flattened orders (one row per order object) and their line items, while an import runs. */
export const JSON_ORDERS_TABLE = 'json_orders';
const JSON_RECORDS_TABLE = 'json_records';
const JSON_LINES_TABLE = 'json_order_lines';
/** The copies of an order left out (duplicate_order, updated_order), reported once the import's tables exist. */
const JSON_LEFT_OUT_TABLE = 'json_left_out';

export interface NestedJsonOrders {
  /** The table the importer reads instead of the file: scalar fields as columns, nested ones as dotted paths. */
  table: string;
  /** What the API layouts say the fields are, ahead of the synonyms (see jsonOrderMapping). */
  mapping: ColumnMapping;
  /** The records had a list of line items: order_lines come from it (loadJsonOrderLines). */
  hasLineItems: boolean;
  /**
   * The messages of the errors the API reported beside the orders (a GraphQL response's `errors`: throttled part-way,
   * a field the app may not read), in the file's order: the orders may be incomplete (loadJsonIssues).
   */
  apiErrors: string[];
}

export class JsonShapeError extends Error {}
/** The file is laid out as orders (`{"orders": []}`) but holds none. */
export class JsonNoOrdersError extends Error {}
/**
 * The file is an API's error answer (`{"errors": [{"message": "Throttled"}]}`) holding no orders; the message is the
 * first error's, as the API wrote it.
 */
export class JsonErrorResponse extends Error {}

const field = (type: ColumnType, name: string) =>
  type.kind === 'struct' ? type.fields.find(([f]) => f.toLowerCase() === name) : undefined;
const structFields = (type: ColumnType) => (type.kind === 'struct' ? type.fields : []);
const listOfStructs = (type: ColumnType): type is { kind: 'list'; element: ColumnType } =>
  type.kind === 'list' && type.element.kind === 'struct';
const get = (expression: string, name: string) => `struct_extract(${expression}, ${quoteLiteral(name)})`;

/** A list of objects as SQL (a list expression) and the type of one. */
interface Items {
  list: string;
  element: ColumnType;
}

/**
 * The objects of a list of objects, or of a GraphQL connection holding them (the Relay convention Shopify's GraphQL
 * Admin API follows: `{"edges": [{"node": {…}, "cursor": …}]}` or `{"nodes": [{…}]}`). `anyList`: also a list whose
 * elements are not objects (an empty one has no element type), to tell "no orders" from "not orders".
 */
function itemsOf(type: ColumnType, expression: string, anyList = false): Items | undefined {
  const listed = (list: ColumnType) =>
    list.kind === 'list' && (anyList || list.element.kind === 'struct') ? list.element : undefined;
  const element = listed(type);
  if (element) return { list: expression, element };
  const nodes = field(type, 'nodes');
  const nodeElement = nodes && listed(nodes[1]);
  if (nodes && nodeElement) return { list: get(expression, nodes[0]), element: nodeElement };
  const edges = field(type, 'edges');
  const edge = edges && listed(edges[1]);
  if (!edges || !edge) return undefined;
  const node = field(edge, 'node');
  if (node && node[1].kind === 'struct') {
    const nodesOfEdges = `list_transform(${get(expression, edges[0])}, e -> ${get('e', node[0])})`;
    return { list: `list_filter(${nodesOfEdges}, n -> n IS NOT NULL)`, element: node[1] };
  }
  // An empty page: no element type to read the nodes from.
  return anyList && edge.kind !== 'struct' ? { list: get(expression, edges[0]), element: edge } : undefined;
}

/**
 * Where the orders are in a record: a list (or connection) named `orders`, or the only field of a record holding
 * nothing else, either at the top or under wrapping objects: `{"data": {"orders": …}}` (GraphQL), `{"export":
 * {"orders": […]}}`. Only objects that hold no values of their own are looked into (a wrapper, not an order: an
 * order's `customer` is never searched for orders), except GraphQL's `data`; the orders must be found in one place.
 */
function findOrders(typed: [string, ColumnType][], anyList = false): Items | undefined {
  const found: Items[] = [];
  const search = (fields: [string, ColumnType][], at: (name: string) => string, depth: number) => {
    const named = fields.find(([name]) => name.toLowerCase() === 'orders');
    const here =
      (named && itemsOf(named[1], at(named[0]), anyList)) ??
      (fields.length === 1 ? itemsOf(fields[0][1], at(fields[0][0]), anyList) : undefined);
    if (here) {
      found.push(here);
      return;
    }
    if (depth >= MAX_WRAPPING_DEPTH) return;
    const wrapper = fields.every(([, type]) => type.kind !== 'scalar');
    for (const [name, type] of fields) {
      if (type.kind === 'struct' && (wrapper || name.toLowerCase() === 'data'))
        search(type.fields, (inner) => get(at(name), inner), depth + 1);
    }
  };
  search(typed, quoteIdentifier, 0);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * Reads the JSON relation `readSql` (records as DuckDB or the host reads them) into the flat JSON_ORDERS_TABLE when
 * it has nested values, and returns null when it is flat already (JSON lines of plain fields keep their fast path).
 * The orders are found where the layouts put them (findOrders): a list of objects — `{"orders": [{…}]}`, one object
 * or one per line, or a GraphQL response's `data.orders` connection, one page or several — or one object per record
 * (`{"order": {…}}`); a Shopify bulk operation's lines are split into orders and their line items. `wrapped`: the
 * file is one object (not lines, not an array), which must hold such a list: anything else is refused with
 * JsonShapeError.
 */
export async function flattenNestedJson(
  db: SqlExecutor,
  readSql: string,
  columns: { column_name: string; column_type: string }[],
  wrapped: boolean,
): Promise<NestedJsonOrders | null> {
  let records = readSql;
  let typed: [string, ColumnType][] = columns.map((c) => [c.column_name, parseColumnType(c.column_type)]);
  // A response's `errors` are no orders, even as the only list in it; they are read apart (readApiErrors).
  const errors = typed.find(([name]) => name === 'errors');
  let apiErrors: string[] = [];
  if (errors && typed.every(([name]) => RESPONSE_KEYS.includes(name))) {
    apiErrors = await readApiErrors(db, readSql, errors);
    typed = typed.filter(([name]) => name !== 'errors');
  }
  const orders = findOrders(typed);
  if (apiErrors.length > 0) {
    // An error response without orders (throttled, a field or scope refused, `data: null`) is refused, quoting the
    // API's message; one with orders (some fields refused) is read, and its errors are reported beside them.
    const n = orders
      ? (await db.all<{ n: number }>(`SELECT count(*) AS n FROM (SELECT unnest(${orders.list}) FROM ${readSql})`))[0].n
      : 0;
    if (n === 0) throw new JsonErrorResponse(apiErrors[0]);
  }
  let bulkItems: ColumnType | undefined;
  let oneOrderPerRecord = false;
  if (typed.some(([name, type]) => name === BULK_PARENT && type.kind === 'scalar')) {
    // One relation holds both kinds of line, every column of either: an order's columns are those its lines fill.
    const filled = await db.all<Record<string, number>>(
      `SELECT ${typed
        .map(
          ([name], i) =>
            `count(${quoteIdentifier(name)}) FILTER (WHERE ${quoteIdentifier(BULK_PARENT)} IS NULL) AS o${i}, ` +
            `count(${quoteIdentifier(name)}) FILTER (WHERE ${quoteIdentifier(BULK_PARENT)} IS NOT NULL) AS c${i}`,
        )
        .join(', ')} FROM ${readSql}`,
    );
    const orderFields = typed.filter(([name], i) => name === 'id' || (name !== BULK_PARENT && filled[0][`o${i}`] > 0));
    bulkItems = { kind: 'struct', fields: typed.filter((_, i) => filled[0][`c${i}`] > 0) };
    records = `(SELECT ${orderFields.map(([name]) => quoteIdentifier(name)).join(', ')} FROM ${readSql}
      WHERE ${quoteIdentifier(BULK_PARENT)} IS NULL)`;
    typed = orderFields;
  } else if (orders) {
    records = `(SELECT unnest(${orders.list}, max_depth := 2) FROM ${readSql})`;
    typed = structFields(orders.element);
  } else if (typed.length === 1 && typed[0][1].kind === 'struct') {
    records = `(SELECT unnest(${quoteIdentifier(typed[0][0])}) FROM ${readSql})`;
    typed = structFields(typed[0][1]);
    oneOrderPerRecord = true;
  } else if (wrapped) {
    const empty = findOrders(typed, true);
    if (empty) {
      const [{ n }] = await db.all<{ n: number }>(
        `SELECT count(*) AS n FROM (SELECT unnest(${empty.list}) FROM ${readSql})`,
      );
      if (n === 0) throw new JsonNoOrdersError('no orders');
    }
    throw new JsonShapeError('no array of orders');
  }
  if (!orders && !bulkItems && typed.every(([, type]) => type.kind === 'scalar')) return null;

  const selected: string[] = [];
  const flatColumns: string[] = [];
  const expressions = new Map<string, string>();
  const add = (expression: string, name: string) => {
    if (flatColumns.some((taken) => taken.toLowerCase() === name.toLowerCase())) return;
    flatColumns.push(name);
    expressions.set(name, expression);
    selected.push(`${expression} AS ${quoteIdentifier(name)}`);
  };
  // An id is shown and keyed by its number: `gid://shopify/Customer/7` is customer 7, as the REST API writes it.
  const scalar = (expression: string, path: string) =>
    /(^|\.)id$/i.test(path)
      ? add(`regexp_replace(CAST(${expression} AS VARCHAR), '${GLOBAL_ID_PREFIX}', '')`, path)
      : add(expression, path);
  // Scalars first, each under its path: the mapping step shows them and the synonyms read `customer.id` as
  // "customer id". A struct never becomes a column of its own, so it can never be taken for a customer id.
  const leaves = (expression: string, path: string, type: ColumnType) => {
    if (type.kind === 'scalar') scalar(expression, path);
    else if (type.kind === 'struct')
      for (const [name, t] of type.fields) leaves(get(expression, name), `${path}.${name}`, t);
  };
  for (const [name, type] of typed) {
    if (type.kind === 'list' && type.element.kind === 'scalar')
      add(`array_to_string(${quoteIdentifier(name)}, ', ')`, name);
    // The import cancels an order whose `Cancelled at` holds a date (adapters/generic.ts); GraphQL writes the name
    // in camel case, which header matching does not split, so the column is given under the REST API's name.
    else if (type.kind === 'scalar' && name === 'cancelledAt' && !typed.some(([other]) => other === 'cancelled_at'))
      add(quoteIdentifier(name), 'cancelled_at');
    else if (type.kind === 'scalar') scalar(quoteIdentifier(name), name);
  }
  for (const [name, type] of typed) {
    if (type.kind === 'struct')
      for (const [f, t] of type.fields) leaves(get(quoteIdentifier(name), f), `${name}.${f}`, t);
  }
  const mapping: ColumnMapping = {};
  // The line items: a list of objects (REST) or a connection (GraphQL's `lineItems { edges { node } }`).
  const itemsNamed = (candidates: string[]) =>
    candidates
      .map((candidate) => typed.find(([name]) => name.toLowerCase() === candidate))
      .map((found) => found && itemsOf(found[1], quoteIdentifier(found[0])))
      .find((found) => found !== undefined);

  const refunds = typed.find(([name, type]) => REFUND_LISTS.includes(name.toLowerCase()) && listOfStructs(type));
  if (refunds && !expressions.has(TOTAL_REFUNDED)) {
    const refund = (refunds[1] as { element: ColumnType }).element;
    const transactions = field(refund, 'transactions');
    let perRefund: string | undefined;
    if (transactions && listOfStructs(transactions[1])) {
      // Shopify: the money returned is in the refund's transactions of kind `refund` that succeeded.
      const transaction = transactions[1].element;
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
  const total = expressions.get(TOTAL_PRICE);
  const current = expressions.get(CURRENT_TOTAL);
  if (!expressions.has(TOTAL_REFUNDED) && !mapping.refunded && total && current) {
    // GraphQL without totalRefundedSet: the total after refunds (and after edits that removed items) says what the
    // customer got back.
    const name = 'refunded (total − current total)';
    add(`CAST(greatest(TRY_CAST(${total} AS DOUBLE) - TRY_CAST(${current} AS DOUBLE), 0) AS VARCHAR)`, name);
    mapping.refunded = name;
  }
  const codes = typed.find(([name, type]) => DISCOUNT_CODE_LISTS.includes(name.toLowerCase()) && listOfStructs(type));
  const code = codes && field((codes[1] as { element: ColumnType }).element, 'code');
  if (codes && code) {
    const name = `${codes[0]}.code`;
    const each = `list_transform(${quoteIdentifier(codes[0])}, d -> CAST(${get('d', code[0])} AS VARCHAR))`;
    add(`NULLIF(array_to_string(${each}, ', '), '')`, name);
    mapping.discount_code = name;
  }

  const lineItems = bulkItems ? undefined : itemsNamed(LINE_ITEM_LISTS);
  await db.run(`DROP TABLE IF EXISTS ${JSON_RECORDS_TABLE};
    CREATE TEMP TABLE ${JSON_RECORDS_TABLE} AS SELECT * FROM ${records};
    DROP TABLE IF EXISTS ${JSON_LEFT_OUT_TABLE};
    CREATE TEMP TABLE ${JSON_LEFT_OUT_TABLE} (json_row BIGINT, reason VARCHAR, order_id VARCHAR);`);
  // Records are orders when the layout says so: found where an API puts its orders, one per record, a bulk
  // operation's, or each with its line items. Elsewhere rows sharing an id may be one order's lines.
  if (orders || bulkItems || oneOrderPerRecord || lineItems) {
    const orderId = jsonOrderMapping(flatColumns).order_id;
    const updated = UPDATED_FIELDS.map((name) => expressions.get(name)).find((found) => found !== undefined);
    if (orderId) {
      const named = expressions.get(orderId)!;
      await leaveOutRepeatedOrders(db, expressions.get('id') ?? named, named, updated);
    }
  }
  await db.run(`DROP TABLE IF EXISTS ${JSON_ORDERS_TABLE};
    CREATE TEMP TABLE ${JSON_ORDERS_TABLE} AS
    SELECT ${selected.join(', ')} FROM ${JSON_RECORDS_TABLE} ORDER BY rowid;`);
  if (bulkItems) await extractLineItems(db, bulkLineSource(readSql, typed), bulkItems);
  else if (lineItems)
    await extractLineItems(
      db,
      `(SELECT rowid AS json_row, unnest(${lineItems.list}) AS li, CAST(NULL AS VARCHAR) AS parent FROM ${JSON_RECORDS_TABLE})`,
      lineItems.element,
    );
  await db.run(`DROP TABLE ${JSON_RECORDS_TABLE}`);
  return {
    table: JSON_ORDERS_TABLE,
    mapping: { ...jsonOrderMapping(flatColumns), ...mapping },
    hasLineItems: lineItems !== undefined || bulkItems !== undefined,
    apiErrors,
  };
}

/**
 * The messages of the errors an API response reports, in the file's order: a GraphQL response's `errors` list, each
 * error's `message` (GraphQL specification, "Errors": every error has one); a REST API's `errors` text. Errors of
 * other shapes, or of kinds mixed over the file (read as JSON text), are given as their JSON text, or its messages.
 */
async function readApiErrors(db: SqlExecutor, readSql: string, [name, type]: [string, ColumnType]): Promise<string[]> {
  const column = quoteIdentifier(name);
  const message = type.kind === 'list' ? field(type.element, 'message') : undefined;
  if (type.kind === 'list' && message) {
    const rows = await db.all<{ message: string }>(
      `SELECT coalesce(NULLIF(trim(CAST(${get('e', message[0])} AS VARCHAR)), ''), CAST(e AS VARCHAR)) AS message
       FROM (SELECT unnest(${column}) AS e FROM ${readSql})`,
    );
    return rows.map((row) => row.message);
  }
  const each = type.kind === 'list' ? `unnest(${column})` : column;
  const rows = await db.all<{ error: string | null }>(
    `SELECT CAST(error AS VARCHAR) AS error FROM (SELECT ${each} AS error FROM ${readSql}) WHERE error IS NOT NULL`,
  );
  return rows.flatMap((row) => messagesOf(row.error!)).filter((text) => text !== '');
}

/** The messages in an error's text: itself, or the `message` of each error when it is JSON of errors. */
function messagesOf(text: string): string[] {
  let value: unknown = text;
  if (/^\s*[[{"]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: a message that starts with a bracket or a quote.
    }
  }
  const each = (item: unknown): string[] => {
    if (Array.isArray(item)) return item.flatMap(each);
    if (item !== null && typeof item === 'object') {
      const { message } = item as { message?: unknown };
      return [typeof message === 'string' ? message.trim() : JSON.stringify(item)];
    }
    return item === null || item === undefined ? [] : [String(item).trim()];
  };
  return each(value);
}

/**
 * The same order more than once in the file (pages saved together that overlap, a query run twice), found by its id
 * (`key`: the API's `id`, a GraphQL global id by its number; else the order id the layout names), counts once. Which
 * copy counts, as a merchant would expect of a re-export:
 * - copies alike in every field: the first; the others are `duplicate_order`, as in the Shopify and WooCommerce
 *   exports (adapters/);
 * - copies that differ (the order refunded, cancelled or edited between two pages' saves): the order as it stands
 *   now, the copy the shop updated last (`updated`: its `updatedAt`, as an instant, offsets and all), else, with no
 *   such field or the same time, the copy latest in the file, saved last; the others are `updated_order`. Summing
 *   them would count the order twice, and the first copy would keep a refund or a cancellation out of the figures.
 * Every copy left out is reported (loadJsonIssues) with its place among the file's orders and its order id.
 */
async function leaveOutRepeatedOrders(
  db: SqlExecutor,
  key: string,
  orderId: string,
  updated: string | undefined,
): Promise<void> {
  const [{ repeats }] = await db.all<{ repeats: number }>(
    `SELECT count(k) - count(DISTINCT k) AS repeats FROM (SELECT ${key} AS k FROM ${JSON_RECORDS_TABLE})`,
  );
  if (repeats === 0) return;
  // A record compared whole, as its text (the table's alias stands for the record as a struct).
  await db.run(`INSERT INTO ${JSON_LEFT_OUT_TABLE}
    SELECT json_row, CASE WHEN content = first_value(content) OVER w THEN 'duplicate_order' ELSE 'updated_order' END,
      order_id
    FROM (SELECT *, min(content) OVER copies = max(content) OVER copies AS alike
      FROM (SELECT rowid AS json_row, ${key} AS k, CAST(json_record AS VARCHAR) AS content,
          ${updated ? `TRY_CAST(${updated} AS TIMESTAMPTZ)` : 'NULL'} AS updated, CAST(${orderId} AS VARCHAR) AS order_id
        FROM ${JSON_RECORDS_TABLE} json_record)
      WHERE k IN (SELECT ${key} FROM ${JSON_RECORDS_TABLE} GROUP BY 1 HAVING count(*) > 1)
      WINDOW copies AS (PARTITION BY k))
    WINDOW w AS (PARTITION BY k ORDER BY updated DESC NULLS LAST, CASE WHEN alike THEN json_row ELSE -json_row END)
    QUALIFY row_number() OVER w > 1;
    CREATE OR REPLACE TEMP TABLE ${JSON_RECORDS_TABLE} AS
    SELECT * FROM ${JSON_RECORDS_TABLE} WHERE rowid NOT IN (SELECT json_row FROM ${JSON_LEFT_OUT_TABLE}) ORDER BY rowid;`);
}

/**
 * The issues of the JSON read, once the import's tables exist: each error the API reported beside the orders
 * (`api_error`, its message) and each copy of an order left out (leaveOutRepeatedOrders).
 */
export async function loadJsonIssues(db: SqlExecutor, nested: NestedJsonOrders): Promise<void> {
  await db.run(`INSERT INTO ${STAGING}import_issues
    SELECT json_row + 1, reason, left(order_id, 200) FROM ${JSON_LEFT_OUT_TABLE} ORDER BY json_row`);
  // Bound, not quoted: the messages are the API's text. In groups, so that a page of many errors binds quickly.
  for (let i = 0; i < nested.apiErrors.length; i += 500) {
    const messages = nested.apiErrors.slice(i, i + 500);
    await db.all(
      `INSERT INTO ${STAGING}import_issues VALUES ${messages.map(() => `(NULL, 'api_error', left(?, 200))`).join(', ')}`,
      messages,
    );
  }
}

/** The GraphQL Order's money fields as flattened (the amount in the shop's currency, as text). */
const TOTAL_PRICE = 'totalPriceSet.shopMoney.amount';
const CURRENT_TOTAL = 'currentTotalPriceSet.shopMoney.amount';
const TOTAL_REFUNDED = 'totalRefundedSet.shopMoney.amount';

/**
 * A bulk operation's nodes with a parent, each with the row of its order in JSON_RECORDS_TABLE when it is one of its
 * line items (a node whose global id says LineItem, or that has none), else with none: left out and counted
 * (loadJsonOrderLines). Children of other connections, or of a line item, are not order lines.
 */
function bulkLineSource(readSql: string, orderFields: [string, ColumnType][]): string {
  const parent = `c.${quoteIdentifier(BULK_PARENT)}`;
  const hasId = orderFields.some(([name]) => name === 'id');
  const childId = hasId ? 'CAST(c.id AS VARCHAR)' : 'CAST(NULL AS VARCHAR)';
  const join = hasId ? `LEFT JOIN ${JSON_RECORDS_TABLE} r ON ${parent} = CAST(r.id AS VARCHAR)` : '';
  const row = hasId ? 'r.rowid' : 'NULL';
  return `(SELECT CASE WHEN ${childId} IS NULL OR ${childId} NOT LIKE 'gid://%' OR ${childId} LIKE 'gid://shopify/LineItem/%'
      THEN ${row} END AS json_row, c AS li, ${parent} AS parent
    FROM ${readSql} c ${join} WHERE ${parent} IS NOT NULL)`;
}

/**
 * One row per line item, keyed by its order's row in JSON_ORDERS_TABLE (both keep the records' order); `source` gives
 * `json_row`, the item `li` and, for a bulk operation's line, its `parent`'s id. A field is found by its name or path
 * (GraphQL's money is `originalUnitPriceSet.shopMoney.amount`).
 */
async function extractLineItems(db: SqlExecutor, source: string, item: ColumnType): Promise<void> {
  const pick = (...paths: string[]) => {
    for (const path of paths) {
      let type: ColumnType | undefined = item;
      let expression = 'li';
      for (const name of path.toLowerCase().split('.')) {
        const found: [string, ColumnType] | undefined = type && field(type, name);
        type = found?.[1];
        if (found) expression = get(expression, found[0]);
      }
      if (type?.kind === 'scalar') return `CAST(${expression} AS VARCHAR)`;
    }
    return 'CAST(NULL AS VARCHAR)';
  };
  await db.run(`DROP TABLE IF EXISTS ${JSON_LINES_TABLE};
    CREATE TEMP TABLE ${JSON_LINES_TABLE} AS
    SELECT json_row, parent, ${pick('title', 'name', 'product_name', 'description')} AS product, ${pick('sku')} AS sku,
      ${pick('product_type', 'category', 'category_name', 'product.productType')} AS category,
      ${pick('quantity', 'qty')} AS quantity,
      ${pick('price', 'unit_price', 'originalUnitPriceSet.shopMoney.amount')} AS unit_price,
      ${pick('total', 'line_total', 'line_price', 'discountedTotalSet.shopMoney.amount')} AS line_total
    FROM ${source}`);
}

/**
 * The line items become order_lines of the order whose id the mapping chose: product from the title or name, the
 * line total when the API gives one (WooCommerce's, after discounts; GraphQL's discountedTotalSet, after the line's
 * own discounts), else unit price × quantity (Shopify REST's price is per unit). A bulk operation's line whose order
 * is not in the file, or that is no line item, is left out and counted (`unmatched_line_item`).
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
    WHERE o.order_id IS NOT NULL;
    INSERT INTO ${STAGING}import_issues
    SELECT NULL, 'unmatched_line_item', left(coalesce(l.product, l.sku, '(no title)') || ' → ' || l.parent, 200)
    FROM ${JSON_LINES_TABLE} l WHERE l.json_row IS NULL`);
}

export async function dropJsonTables(db: SqlExecutor): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${JSON_RECORDS_TABLE}; DROP TABLE IF EXISTS ${JSON_ORDERS_TABLE};
    DROP TABLE IF EXISTS ${JSON_LINES_TABLE}; DROP TABLE IF EXISTS ${JSON_LEFT_OUT_TABLE};`);
}

/**
 * The fields of the API layouts, by path, ahead of the synonyms: the synonyms alone would take Shopify's
 * `current_total_price` (after refunds and edits) for the amount, or its staff `user_id` for the customer. The
 * customer is the shop's customer id (`customer.id`, WooCommerce's `customer_id`); an order without one (0 or
 * missing: a guest checkout) is keyed by its e-mail (adapters/generic.ts, `guestsByEmail`). A GraphQL order is named
 * by its `name` (`#1001`, what the merchant sees in the admin), its global id being a long number.
 */
export function jsonOrderMapping(columns: string[]): ColumnMapping {
  const pick = (...names: string[]) => names.find((name) => columns.includes(name));
  // Money as a MoneyBag (`…Set.shopMoney.amount`) says Shopify GraphQL: elsewhere a `name` may be the customer's.
  const graphql = columns.some((column) => column.endsWith('.shopMoney.amount'));
  const entries: [keyof ColumnMapping, string | undefined][] = [
    ['order_id', graphql ? pick('name', 'id') : pick('id', 'order_id', 'number')],
    ['customer_id', pick('customer.id', 'customer_id')],
    ['email', pick('email', 'billing.email', 'customer.email', 'contact_email', 'billing_address.email')],
    [
      'order_date',
      pick(
        'created_at',
        'date_created',
        'processed_at',
        'date_created_gmt',
        'order_date',
        'date',
        'createdAt',
        'processedAt',
      ),
    ],
    // GraphQL: the total before refunds, which are netted from totalRefundedSet; the current total alone is net.
    ['amount', pick('total_price', 'total', TOTAL_PRICE, CURRENT_TOTAL)],
    ['discount', pick('total_discounts', 'discount_total', 'totalDiscountsSet.shopMoney.amount')],
    ['currency', pick('currency', 'currencyCode', 'totalPriceSet.shopMoney.currencyCode')],
    [
      'country',
      pick(
        'billing_address.country_code',
        'billing.country',
        'shipping_address.country_code',
        'shipping.country',
        'billingAddress.countryCodeV2',
        'shippingAddress.countryCodeV2',
      ),
    ],
    [
      'city',
      pick(
        'billing_address.city',
        'billing.city',
        'shipping_address.city',
        'shipping.city',
        'billingAddress.city',
        'shippingAddress.city',
      ),
    ],
    ['status', pick('financial_status', 'status', 'displayFinancialStatus')],
    ['discount_code', pick('discountCodes')],
    ['refunded', pick(TOTAL_REFUNDED)],
  ];
  const mapping: ColumnMapping = {};
  for (const [key, column] of entries) if (column !== undefined) mapping[key] = column;
  if (mapping.amount === CURRENT_TOTAL) delete mapping.refunded;
  if (!mapping.customer_id && mapping.email) mapping.customer_id = mapping.email;
  return mapping;
}
