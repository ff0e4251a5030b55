import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../cli/nodeExecutor';
import { importFile } from '../src/core/ingest/importFile';
import type { ImportOutcome, ImportSource } from '../src/core/ingest/types';
import type { SqlExecutor } from '../src/core/sql/executor';
import { jsonLinesToArrowIpc } from '../workers/hostReaders';
import type { WasmExecutor } from '../workers/wasmExecutor';
import { SHOPIFY_ORDERS, WOOCOMMERCE_ORDERS } from './fixtures/apiOrders';
import {
  accessDenied,
  bulkOperationLines,
  GRAPHQL_ORDER_EDGES,
  graphqlNodesPage,
  graphqlPage,
  THROTTLED_RESPONSE,
} from './fixtures/graphqlOrders';
import { scratchDirectory, writeScratch } from './fixtures/files';
import { importOnNative } from './nodeImport';
import { openWasmInNode } from './wasmInNode';

/**
 * Orders as the shops' REST APIs return them (nested customer, addresses, line items, refunds), read by the CLI's
 * native DuckDB and by DuckDB-WASM through the worker's JSON reader (workers/hostReaders.ts), which must agree. Every
 * expected figure is counted by hand from tests/fixtures/apiOrders.ts.
 */
const NOW = new Date('2026-12-01T00:00:00Z');

/** The browser's ImportSource for JSON, minus the File: the worker reads the bytes into Arrow, DuckDB-WASM loads it. */
function wasmSource(fileName: string, bytes: Uint8Array, wasm: WasmExecutor): ImportSource {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const content = () => (gzip ? new Uint8Array(gunzipSync(bytes)) : bytes);
  return {
    fileName,
    size: bytes.length,
    path: fileName,
    readRawHead: async (max) => bytes.subarray(0, max),
    readSample: async (max) => content().subarray(0, max),
    transcodeToUtf8: async () => {
      throw new Error('not needed: the worker decodes the JSON it reads');
    },
    checkGzipIntact: async () => undefined,
    scanContent: async (visit) => {
      visit(content());
    },
    spreadsheetToCsv: async () => {
      throw new Error('not a workbook');
    },
    async loadIntoTable(container, table, _onProgress, encoding) {
      if (container !== 'jsonl') throw new Error('JSON only here');
      const text = new TextDecoder(encoding).decode(content());
      // Chunks of 7 characters: records, strings and escapes cut everywhere, as a file stream cuts them.
      const stream = new ReadableStream<string>({
        start(controller) {
          for (let i = 0; i < text.length; i += 7) controller.enqueue(text.slice(i, i + 7));
          controller.close();
        },
      });
      await wasm.loadArrowIpc(table, await jsonLinesToArrowIpc(stream));
    },
  };
}

let wasm: WasmExecutor;
let native: NodeExecutor;
const directory = scratchDirectory();

beforeAll(async () => {
  wasm = await openWasmInNode();
  native = await NodeExecutor.open();
});
afterAll(() => native.close());

/** Imports the same bytes on both engines; returns both outcomes and a query runner for each. */
async function importBoth(name: string, content: string | Uint8Array) {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const path = writeScratch(directory, name, bytes);
  const nodeOutcome = await importOnNative(native, path, { now: NOW });
  const wasmOutcome = await importFile(wasm, wasmSource(name, bytes, wasm), { now: NOW });
  return { node: nodeOutcome, wasm: wasmOutcome };
}

const figures = (outcome: ImportOutcome) => {
  if (!outcome.ok) throw new Error(outcome.message);
  const { orders, customers, guestOrders, revenue, orderLines, refunds, issues, currency } = outcome.summary;
  return { orders, customers, guestOrders, revenue, orderLines, refunds, issues, currency };
};

/** Both engines' figures equal `expected`. */
function expectBothFigures(outcomes: { node: ImportOutcome; wasm: ImportOutcome }, expected: object) {
  expect(figures(outcomes.node)).toEqual(expected);
  expect(figures(outcomes.wasm)).toEqual(expected);
}

async function customer(db: SqlExecutor, id: string) {
  const [row] = await db.all<{ orders: number; spend: number; country: string; city: string }>(
    `SELECT count(*)::INTEGER AS orders, sum(amount) AS spend, max(country) AS country, max(city) AS city
     FROM orders WHERE customer_id = '${id}' AND NOT cancelled`,
  );
  return row;
}

async function lines(db: SqlExecutor, orderId: string) {
  return db.all<{ product: string; sku: string | null; category: string | null; quantity: number; amount: number }>(
    `SELECT product, sku, category, quantity, line_amount AS amount FROM order_lines
     WHERE order_id = '${orderId}' ORDER BY product`,
  );
}

const shopify = {
  // Orders 1001–1005; 1003 is cancelled (cancelled_at) and stays in, flagged.
  orders: 5,
  // Customer 7 (1001, 1002) and the guest checkout 1004 keyed by its e-mail; 8 only cancelled; 1005 has neither.
  customers: 2,
  guestOrders: 1,
  // 50 + (80 − 20 refunded; the failed 99 transaction is no refund) + 0 cancelled + 30 + 12.
  revenue: 152,
  // 2 + 1 + 1 + 1 + 1 line items.
  orderLines: 6,
  // 1002's refund and 1003 cancelled (nets in full).
  refunds: 2,
  issues: { cancelled_order: 1 },
  currency: 'EUR',
};

describe('orders from the shops’ REST APIs (JSON)', () => {
  it('reads a Shopify API response ({"orders": [...]}, pretty-printed) alike on both engines', async () => {
    const { node, wasm: browser } = await importBoth(
      'orders.json',
      JSON.stringify({ orders: SHOPIFY_ORDERS }, null, 2),
    );
    expectBothFigures({ node, wasm: browser }, shopify);
    for (const db of [native, wasm] as SqlExecutor[]) {
      // 50 + 60, billed in Gent, Belgium.
      expect(await customer(db, '7')).toEqual({ orders: 2, spend: 110, country: 'BE', city: 'Gent' });
      expect(await customer(db, 'guest@example.com')).toEqual({ orders: 1, spend: 30, country: 'NL', city: 'Utrecht' });
      expect(await lines(db, '1001')).toEqual([
        { product: 'Mug', sku: 'MUG-1', category: 'Kitchen', quantity: 2, amount: 30 },
        { product: 'Tea', sku: 'TEA-1', category: 'Food', quantity: 1, amount: 25 },
      ]);
      const [order] = await db.all<{ discount_code: string; discount_amount: number }>(
        `SELECT discount_code, discount_amount FROM orders WHERE order_id = '1001'`,
      );
      expect(order).toEqual({ discount_code: 'WELCOME', discount_amount: 5 });
    }
    if (!node.ok) return;
    expect(node.summary.detected).toMatchObject({
      container: 'json',
      mapping: {
        order_id: 'id',
        customer_id: 'customer.id',
        email: 'email',
        amount: 'total_price',
        country: 'billing_address.country_code',
        city: 'billing_address.city',
        refunded: 'refunds.amount',
      },
    });
  });

  it('reads the same Shopify orders one per line (JSON lines)', async () => {
    const text = SHOPIFY_ORDERS.map((order) => JSON.stringify(order)).join('\n') + '\n';
    const { node, wasm: browser } = await importBoth('orders.jsonl', text);
    expectBothFigures({ node, wasm: browser }, shopify);
    for (const db of [native, wasm] as SqlExecutor[]) {
      expect(await customer(db, '7')).toEqual({ orders: 2, spend: 110, country: 'BE', city: 'Gent' });
    }
  });

  it('reads the Shopify API response gzipped', async () => {
    const bytes = gzipSync(Buffer.from(JSON.stringify({ orders: SHOPIFY_ORDERS }, null, 2)));
    const { node, wasm: browser } = await importBoth('orders.json.gz', new Uint8Array(bytes));
    expectBothFigures({ node, wasm: browser }, shopify);
    expect(node.ok && node.summary.detected.compression).toBe('gzip');
  });

  it('reads a compact response on one line longer than the sniffer’s sample, an object or an array', async () => {
    // As an API writes it (curl's output, no line breaks): 400 copies of the five orders with their own ids, past the
    // 256 kB the sniffer reads. Before: "The file contains only blank lines".
    const orders = Array.from({ length: 2_000 }, (_, i) => ({ ...SHOPIFY_ORDERS[i % 5], id: 100_000 + i }));
    for (const [name, text] of [
      ['compact.json', JSON.stringify({ orders })],
      ['compact-array.json', JSON.stringify(orders)],
    ]) {
      expect(text.length).toBeGreaterThan(256 * 1024);
      expect(text).not.toContain('\n');
      const { node, wasm: browser } = await importBoth(name, text);
      // 400 copies of the five orders (1003 cancelled but kept, as above), each 152 of net revenue.
      for (const outcome of [node, browser]) {
        if (!outcome.ok) throw new Error(outcome.message);
        expect({ orders: outcome.summary.orders, revenue: outcome.summary.revenue }).toEqual({
          orders: 2_000,
          revenue: 152 * 400,
        });
      }
    }
  });

  it('reads a WooCommerce API array, guests keyed by their billing e-mail', async () => {
    const { node, wasm: browser } = await importBoth('woo.json', JSON.stringify(WOOCOMMERCE_ORDERS, null, 2));
    const expected = {
      // 501–506; 505 failed and 506 cancelled stay in, flagged.
      orders: 6,
      // Customer 12 (501, 502) and the guest dan@example.com (503, 504: customer_id 0, same e-mail in two cases).
      customers: 2,
      // 505: customer_id 0 and an empty billing e-mail.
      guestOrders: 1,
      // 45 + (60 − 15) + 20 + 10 + 0 + 0.
      revenue: 120,
      // 2 + 1 + 1 + 1 + 1 + 1.
      orderLines: 7,
      // 502's refund; 505 and 506 net in full.
      refunds: 3,
      issues: { cancelled_order: 2 },
      currency: 'EUR',
    };
    expectBothFigures({ node, wasm: browser }, expected);
    for (const db of [native, wasm] as SqlExecutor[]) {
      expect(await customer(db, '12')).toEqual({ orders: 2, spend: 90, country: 'FR', city: 'Lyon' });
      expect(await customer(db, 'dan@example.com')).toEqual({ orders: 2, spend: 30, country: 'BE', city: 'Liège' });
      // WooCommerce's line total (after discounts), not price × quantity; an empty SKU is none.
      expect(await lines(db, '501')).toEqual([
        { product: 'Hat', sku: null, category: null, quantity: 2, amount: 20 },
        { product: 'Scarf', sku: 'SC-1', category: null, quantity: 1, amount: 25 },
      ]);
      const [order] = await db.all<{ discount_code: string; discount_amount: number }>(
        `SELECT discount_code, discount_amount FROM orders WHERE order_id = '501'`,
      );
      expect(order).toEqual({ discount_code: 'spring', discount_amount: 5 });
    }
  });

  it('takes the customer id inside a nested customer object, never the object itself', async () => {
    // Before: `customer` (a struct) was the customer id, shown as {'id': 7, 'email': a@x.com}, and the country lost.
    const text = [
      '{"order_id":"A1","customer":{"id":7,"email":"a@x.com"},"date":"2024-01-05","total":10,' +
        '"address":{"country":"BE","city":"Gent"}}',
      '{"order_id":"A2","customer":{"id":7,"email":"a@x.com"},"date":"2024-02-05","total":5,' +
        '"address":{"country":"BE","city":"Gent"}}',
      '{"order_id":"A3","customer":{"id":0,"email":"B@x.com"},"date":"2024-03-05","total":2.5,' +
        '"address":{"country":"NL","city":"Delft"}}',
    ].join('\n');
    const { node, wasm: browser } = await importBoth('nested.jsonl', text);
    // Customer 7 (A1, A2) and the guest B@x.com (id 0) by e-mail: 10 + 5 + 2.5.
    const expected = {
      orders: 3,
      customers: 2,
      guestOrders: 0,
      revenue: 17.5,
      orderLines: 0,
      refunds: 0,
      issues: {},
      currency: null,
    };
    expectBothFigures({ node, wasm: browser }, expected);
    for (const db of [native, wasm] as SqlExecutor[]) {
      expect(await customer(db, '7')).toEqual({ orders: 2, spend: 15, country: 'BE', city: 'Gent' });
      expect(await customer(db, 'b@x.com')).toEqual({ orders: 1, spend: 2.5, country: 'NL', city: 'Delft' });
    }
  });

  it('leaves a discount code list to the discount code, not to the discount amount', async () => {
    const orders = SHOPIFY_ORDERS.map(({ total_discounts: _, ...order }) => order);
    const { node, wasm: browser } = await importBoth('no-discount-total.json', JSON.stringify({ orders }));
    for (const outcome of [node, browser]) {
      if (!outcome.ok) throw new Error(outcome.message);
      expect(outcome.summary.detected.mapping.discount).toBeUndefined();
      expect(outcome.summary.detected.mapping.discount_code).toBe('discount_codes.code');
    }
  });

  it('reads a plain JSON array of flat orders like JSON lines', async () => {
    const text = JSON.stringify([
      { order_id: 'A1', customer: 'c1', date: '2024-01-05', total: 10.5 },
      { order_id: 'A2', customer: 'c2', date: '2024-01-06', total: 4 },
      { order_id: 'A3', customer: 'c1', date: '2024-02-01', total: 7.25 },
    ]);
    const { node, wasm: browser } = await importBoth('flat.json', text);
    // Three orders of c1 and c2: 10.5 + 4 + 7.25.
    const expected = {
      orders: 3,
      customers: 2,
      guestOrders: 0,
      revenue: 21.75,
      orderLines: 0,
      refunds: 0,
      issues: {},
      currency: null,
    };
    expectBothFigures({ node, wasm: browser }, expected);
    expect(node.ok && node.summary.detected.container).toBe('json');
  });

  it('refuses JSON that is not lines, an array of orders or an object holding one, naming those three', async () => {
    for (const [name, text] of [
      ['numbers.json', '[1, 2, 3]\n'],
      ['nested-arrays.json', '[[1, 2], [3]]\n'],
      ['shop.json', '{\n  "shop": "Demo",\n  "count": 2\n}\n'],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      for (const outcome of [node, browser]) {
        expect(outcome).toMatchObject({ ok: false, code: 'unsupported_format', problem: { id: 'jsonShape' } });
        expect(!outcome.ok && outcome.message).toContain('{"orders": [{…}]}');
      }
    }
  });

  it('says that an empty array, or an empty list of orders, holds no orders', async () => {
    for (const [name, text] of [
      ['empty.json', '[]\n'],
      ['no-orders.json', '{\n  "orders": []\n}\n'],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      for (const outcome of [node, browser]) {
        expect(outcome, name).toMatchObject({ ok: false, code: 'empty_file', problem: { id: 'noOrders' } });
      }
    }
  });
});

const graphql = {
  // Orders #2001–#2005; #2003 is cancelled (cancelledAt) and stays in, flagged.
  orders: 5,
  // Customer 21 (#2001, #2002) and the guest checkout #2004 (customer null) keyed by its e-mail; 22 only cancelled;
  // #2005 has neither.
  customers: 2,
  guestOrders: 1,
  // 50 + (80 − 20 refunded) + 0 cancelled + 30 + 12.
  revenue: 152,
  // 2 + 1 + 1 + 1 + 1 line items.
  orderLines: 6,
  // #2002's refund and #2003 cancelled (nets in full).
  refunds: 2,
  issues: { cancelled_order: 1 },
  currency: 'EUR',
};

/** The checks every GraphQL layout must pass on both engines, counted by hand from tests/fixtures/graphqlOrders.ts. */
async function expectGraphqlOrders(
  node: ImportOutcome,
  browser: ImportOutcome,
  issues: Record<string, number> = graphql.issues,
) {
  expectBothFigures({ node, wasm: browser }, { ...graphql, issues });
  for (const outcome of [node, browser]) {
    if (!outcome.ok) throw new Error(outcome.message);
    // The shop's own dates: #2005 was placed on the evening of 30 June at UTC−4 (1 July in UTC).
    expect([outcome.summary.firstOrder, outcome.summary.lastOrder]).toEqual(['2024-04-02', '2024-06-30']);
  }
  for (const db of [native, wasm] as SqlExecutor[]) {
    // gid://shopify/Customer/21 is customer 21: 50 + 60, billed in Gent.
    expect(await customer(db, '21')).toEqual({ orders: 2, spend: 110, country: 'BE', city: 'Gent' });
    expect(await customer(db, 'guest@example.com')).toEqual({ orders: 1, spend: 30, country: 'NL', city: 'Utrecht' });
    // The order's name, as the merchant sees it; the line's total after its own discount (Tea: 25 − 5).
    expect(await lines(db, '#2001')).toEqual([
      { product: 'Mug', sku: 'MUG-1', category: 'Kitchen', quantity: 2, amount: 30 },
      { product: 'Tea', sku: 'TEA-1', category: 'Food', quantity: 1, amount: 20 },
    ]);
    const [order] = await db.all<{ discount_code: string; discount_amount: number; tags: string; currency: string }>(
      `SELECT discount_code, discount_amount, tags, currency FROM orders WHERE order_id = '#2001'`,
    );
    expect(order).toEqual({ discount_code: 'WELCOME', discount_amount: 5, tags: 'vip, newsletter', currency: 'EUR' });
    const [cancelled] = await db.all<{ cancelled: boolean; amount: number }>(
      `SELECT cancelled, amount FROM orders WHERE order_id = '#2003'`,
    );
    expect(cancelled).toEqual({ cancelled: true, amount: 0 });
  }
}

describe('orders from Shopify’s GraphQL Admin API (JSON)', () => {
  const pages = [graphqlPage(GRAPHQL_ORDER_EDGES.slice(0, 3), true), graphqlPage(GRAPHQL_ORDER_EDGES.slice(3), false)];

  it('reads a GraphQL response (data.orders.edges, pretty-printed) alike on both engines', async () => {
    // Before: refused as "not an array of orders" (the orders sit under data.orders.edges[].node).
    const { node, wasm: browser } = await importBoth(
      'graphql-orders.json',
      JSON.stringify(graphqlPage(GRAPHQL_ORDER_EDGES, false), null, 2),
    );
    await expectGraphqlOrders(node, browser);
    if (!node.ok) return;
    expect(node.summary.detected).toMatchObject({
      container: 'json',
      mapping: {
        order_id: 'name',
        customer_id: 'customer.id',
        email: 'email',
        order_date: 'createdAt',
        amount: 'totalPriceSet.shopMoney.amount',
        refunded: 'totalRefundedSet.shopMoney.amount',
        discount: 'totalDiscountsSet.shopMoney.amount',
        discount_code: 'discountCodes',
        currency: 'currencyCode',
        country: 'billingAddress.countryCodeV2',
        city: 'billingAddress.city',
        status: 'displayFinancialStatus',
      },
    });
  });

  it('reads several pages saved together: a JSON array of responses, or one response per line', async () => {
    for (const [name, text] of [
      ['graphql-pages.json', JSON.stringify(pages, null, 2)],
      ['graphql-pages.jsonl', pages.map((page) => JSON.stringify(page)).join('\n') + '\n'],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      await expectGraphqlOrders(node, browser);
    }
  });

  it('reads the nodes form (orders { nodes { … lineItems { nodes } } }) on one line', async () => {
    const { node, wasm: browser } = await importBoth(
      'graphql-nodes.json',
      JSON.stringify(graphqlNodesPage(GRAPHQL_ORDER_EDGES)),
    );
    await expectGraphqlOrders(node, browser);
  });

  it('nets refunds from the current total when the query left totalRefundedSet out', async () => {
    const edges = GRAPHQL_ORDER_EDGES.map(({ node: { totalRefundedSet: _, ...order }, cursor }) => ({
      node: order,
      cursor,
    }));
    const { node, wasm: browser } = await importBoth(
      'graphql-no-refunded.json',
      JSON.stringify(graphqlPage(edges as typeof GRAPHQL_ORDER_EDGES, false), null, 2),
    );
    // The same figures: #2002's 80 total and 60 current total say 20 came back.
    await expectGraphqlOrders(node, browser);
  });

  it('joins a bulk operation’s line items back to their orders by __parentId', async () => {
    // A line item whose order is not in the file (a partial download): left out, and counted.
    const orphan = JSON.stringify({
      id: 'gid://shopify/LineItem/99',
      title: 'Ghost',
      sku: 'GH-1',
      quantity: 1,
      __parentId: 'gid://shopify/Order/9999',
    });
    const text = [...bulkOperationLines(GRAPHQL_ORDER_EDGES), orphan].join('\n') + '\n';
    const { node, wasm: browser } = await importBoth('bulk-orders.jsonl', text);
    await expectGraphqlOrders(node, browser, { cancelled_order: 1, unmatched_line_item: 1 });
  });

  it('finds the orders under any single wrapping key path', async () => {
    const { node, wasm: browser } = await importBoth(
      'wrapped.json',
      JSON.stringify({ export: { orders: SHOPIFY_ORDERS } }, null, 2),
    );
    // The REST orders of the first test, one level deeper: the same figures.
    expectBothFigures({ node, wasm: browser }, shopify);
  });

  it('keeps the id as the order id of records whose name is not an order name', async () => {
    // Only Shopify's money (`…Set.shopMoney.amount`) makes `name` the order's: here it is the customer's.
    const text = [
      '{"id":"A1","name":"Ann","createdAt":"2024-01-05","total":10,"customer":{"id":7}}',
      '{"id":"A2","name":"Ann","createdAt":"2024-02-05","total":5,"customer":{"id":7}}',
    ].join('\n');
    const { node, wasm: browser } = await importBoth('named.jsonl', text);
    for (const outcome of [node, browser]) {
      if (!outcome.ok) throw new Error(outcome.message);
      // Two orders of customer 7: 10 + 5.
      expect(outcome.summary).toMatchObject({ orders: 2, customers: 1, revenue: 15 });
      expect(outcome.summary.detected.mapping).toMatchObject({ order_id: 'id', customer_id: 'customer.id' });
    }
  });

  it('reads a response saved in UTF-16, with its byte-order mark (as Windows PowerShell saves it) or without', async () => {
    // Before: refused, as "not text" without the mark, as unreadable JSON with it.
    const text = JSON.stringify(graphqlPage(GRAPHQL_ORDER_EDGES, false), null, 2);
    for (const [name, bytes] of [
      ['utf16le-bom.json', Buffer.from('\uFEFF' + text, 'utf16le')],
      ['utf16le.json', Buffer.from(text, 'utf16le')],
      ['utf16be-bom.json', Buffer.from('\uFEFF' + text, 'utf16le').swap16()],
      ['utf16be.json', Buffer.from(text, 'utf16le').swap16()],
    ] as const) {
      const { node, wasm: browser } = await importBoth(name, new Uint8Array(bytes));
      await expectGraphqlOrders(node, browser);
    }
  });

  it('says that a GraphQL response without orders holds no orders', async () => {
    const { node, wasm: browser } = await importBoth(
      'graphql-empty.json',
      JSON.stringify(graphqlPage([], false), null, 2),
    );
    for (const outcome of [node, browser]) {
      expect(outcome).toMatchObject({ ok: false, code: 'empty_file', problem: { id: 'noOrders' } });
    }
  });
});

describe('a shop API’s error answer', () => {
  it('is refused with its own message, quoting the first error as the API wrote it', async () => {
    // Before: "This JSON file is not laid out as orders", which left the merchant looking for a layout mistake.
    const badField = {
      errors: [
        {
          message: "Field 'totalPrice' doesn't exist on type 'Order' <b>{count}</b>",
          locations: [{ line: 4, column: 7 }],
          path: ['query', 'orders', 'edges', 'node', 'totalPrice'],
          extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'totalPrice' },
        },
        { message: 'Second error, not quoted' },
      ],
    };
    for (const [name, text, message] of [
      ['throttled.json', JSON.stringify(THROTTLED_RESPONSE, null, 2), 'Throttled'],
      ['throttled-compact.json', JSON.stringify(THROTTLED_RESPONSE), 'Throttled'],
      // The text as written: markup and braces are the API's words, not ours to interpret.
      ['bad-field.json', JSON.stringify(badField, null, 2), badField.errors[0].message],
      ['data-null.json', JSON.stringify({ data: null, ...THROTTLED_RESPONSE }, null, 2), 'Throttled'],
      // Orders asked for, none given back, and why.
      [
        'no-edges.json',
        JSON.stringify({ data: { orders: { edges: [] } }, errors: [accessDenied(['orders'])] }, null, 2),
        accessDenied([]).message,
      ],
      // Pages saved together, none of which holds orders.
      ['pages.json', JSON.stringify([THROTTLED_RESPONSE, THROTTLED_RESPONSE], null, 2), 'Throttled'],
      // Shopify's REST API answers an error with its text.
      [
        'rest.json',
        '{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}\n',
        '[API] Invalid API key or access token (unrecognized login or wrong password)',
      ],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      for (const outcome of [node, browser]) {
        expect(outcome, name).toMatchObject({
          ok: false,
          code: 'unsupported_format',
          problem: { id: 'apiError', message },
        });
        expect(!outcome.ok && outcome.message, name).toBe(
          `This file is the shop API’s answer to a request that failed, not orders. The API said: “${message}”. ` +
            'Run the query or export again (after a minute if it was throttled, or changed as the message asks) and ' +
            'save a response that holds the orders.',
        );
      }
    }
  });

  it('reads the orders of a response that reports errors beside them, and says so', async () => {
    const errors = [
      accessDenied(['orders', 'edges', 0, 'node', 'lineItems', 'edges', 0, 'node', 'product', 'productType']),
      accessDenied(['orders', 'edges', 2, 'node', 'lineItems', 'edges', 0, 'node', 'product', 'productType']),
    ];
    const page = graphqlPage(GRAPHQL_ORDER_EDGES, false);
    for (const [name, text] of [
      // After the data, as the GraphQL specification lays a response out; before it, as some clients save it.
      ['partial.json', JSON.stringify({ ...page, errors }, null, 2)],
      ['partial-first.json', JSON.stringify({ errors, ...page }, null, 2)],
      ['partial-compact.json', JSON.stringify({ ...page, errors })],
      // Two pages, the second reporting the errors.
      [
        'partial-pages.jsonl',
        [
          graphqlPage(GRAPHQL_ORDER_EDGES.slice(0, 3), true),
          { ...graphqlPage(GRAPHQL_ORDER_EDGES.slice(3), false), errors },
        ]
          .map((response) => JSON.stringify(response))
          .join('\n') + '\n',
      ],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      // The five orders, as the first GraphQL test counts them, and the two errors, one issue each.
      await expectGraphqlOrders(node, browser, { cancelled_order: 1, api_error: 2 });
      for (const outcome of [node, browser]) {
        if (!outcome.ok) throw new Error(outcome.message);
        // Flagged, not rejected: no row of the file was left out for them.
        expect(outcome.summary.rejectedRows, name).toBe(0);
        expect(outcome.summary.issueExamples.api_error[0], name).toEqual({
          sourceRow: null,
          raw: 'Access denied for productType field. Required access: `read_products` access scope.',
        });
      }
    }
  });
});

describe('pages saved together that repeat an order', () => {
  it('count a GraphQL order on two pages once, reporting the copy left out', async () => {
    // Pages that overlap by two orders (#2002 and #2003), as a script that pages by date while orders come in saves
    // them. Before: #2002 counted twice (its 80 − 20 added again), and the lines of both twice.
    const pages = [
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(0, 3), true),
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(1), false),
    ];
    for (const [name, text] of [
      ['overlap.json', JSON.stringify(pages, null, 2)],
      ['overlap.jsonl', pages.map((page) => JSON.stringify(page)).join('\n') + '\n'],
    ]) {
      const { node, wasm: browser } = await importBoth(name, text);
      // The five orders of the first GraphQL test (152 of revenue, 6 lines), and the later copies of #2002 and #2003.
      await expectGraphqlOrders(node, browser, { cancelled_order: 1, duplicate_order: 2 });
      for (const outcome of [node, browser]) {
        if (!outcome.ok) throw new Error(outcome.message);
        // Left out, so rejected: the 4th and 5th of the file's 7 orders.
        expect(outcome.summary.rejectedRows).toBe(2);
        expect(outcome.summary.issueExamples.duplicate_order).toEqual([
          { sourceRow: 4, raw: '#2002' },
          { sourceRow: 5, raw: '#2003' },
        ]);
      }
    }
  });

  it('count a REST order on two pages once', async () => {
    const pages = [{ orders: SHOPIFY_ORDERS.slice(0, 3) }, { orders: SHOPIFY_ORDERS.slice(2) }];
    const { node, wasm: browser } = await importBoth('rest-overlap.json', JSON.stringify(pages, null, 2));
    // The five orders of the first REST test (152 of revenue, 6 lines); 1003, on both pages, once.
    expectBothFigures({ node, wasm: browser }, { ...shopify, issues: { cancelled_order: 1, duplicate_order: 1 } });
  });

  it('keep the copy the shop updated last when two copies of an order differ', async () => {
    // #2002 refunded in full after the first page was saved: its later copy says so (current total 0, refunded 80).
    const withUpdate = (edge: (typeof GRAPHQL_ORDER_EDGES)[number], updatedAt: string) => ({
      ...edge,
      node: { ...edge.node, updatedAt },
    });
    const original = GRAPHQL_ORDER_EDGES[1];
    const refunded = {
      ...original,
      node: {
        ...original.node,
        currentTotalPriceSet: { shopMoney: { amount: '0.0', currencyCode: 'EUR' } },
        totalRefundedSet: { shopMoney: { amount: '80.0', currencyCode: 'EUR' } },
        displayFinancialStatus: 'REFUNDED',
      },
    };
    const before = [GRAPHQL_ORDER_EDGES[0], original, GRAPHQL_ORDER_EDGES[2]];
    const after = [refunded, ...GRAPHQL_ORDER_EDGES.slice(3)];
    const stamped = (edges: typeof before, updatedAt: string) => edges.map((edge) => withUpdate(edge, updatedAt));
    // 50 + (80 − 80) + 0 cancelled + 30 + 12; 80 − 20 in place of 0 when the first copy of #2002 counts.
    const refundedFigures = { ...graphql, revenue: 92, issues: { cancelled_order: 1, updated_order: 1 } };
    const firstCopyFigures = { ...graphql, issues: { cancelled_order: 1, updated_order: 1 } };
    for (const [name, pages, expected, kept] of [
      // By updatedAt, wherever the copies are in the file: here the newer page was saved first.
      [
        'updated-first.json',
        [
          graphqlPage(stamped(after, '2024-07-01T09:00:00Z'), false),
          graphqlPage(stamped(before, '2024-05-10T17:45:00+02:00'), true),
        ],
        refundedFigures,
        'refunded',
      ],
      // The same instant written with another offset is no later: the copy latest in the file is kept.
      [
        'same-instant.json',
        [
          graphqlPage(stamped(before, '2024-07-01T11:00:00+02:00'), true),
          graphqlPage(stamped(after, '2024-07-01T09:00:00Z'), false),
        ],
        refundedFigures,
        'refunded',
      ],
      // Without updatedAt, the copy latest in the file.
      ['in-order.json', [graphqlPage(before, true), graphqlPage(after, false)], refundedFigures, 'refunded'],
      ['reversed.json', [graphqlPage(after, false), graphqlPage(before, true)], firstCopyFigures, 'original'],
    ] as const) {
      const { node, wasm: browser } = await importBoth(name, JSON.stringify(pages, null, 2));
      expectBothFigures({ node, wasm: browser }, expected);
      for (const db of [native, wasm] as SqlExecutor[]) {
        const [order] = await db.all<{ amount: number }>(`SELECT amount FROM orders WHERE order_id = '#2002'`);
        expect(order, name).toEqual({ amount: kept === 'refunded' ? 0 : 60 });
      }
    }
  });

  it('leave alone rows that share an order id in nested JSON lines that are not orders', async () => {
    // An order's lines, one per record, each with the order's nested customer: not copies of an order.
    const text = [
      '{"order_id":"A1","customer":{"id":7},"date":"2024-01-05","product":"Mug","amount":10}',
      '{"order_id":"A1","customer":{"id":7},"date":"2024-01-05","product":"Tea","amount":5}',
      '{"order_id":"A2","customer":{"id":8},"date":"2024-02-05","product":"Mug","amount":10}',
    ].join('\n');
    const { node, wasm: browser } = await importBoth('order-lines.jsonl', text);
    for (const outcome of [node, browser]) {
      if (!outcome.ok) throw new Error(outcome.message);
      // A1's two lines (10 + 5) and A2: two orders, 25 of revenue, nothing left out.
      expect(outcome.summary).toMatchObject({ orders: 2, customers: 2, revenue: 25, issues: {} });
    }
  });
});
