import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { shared } from '../../../../tests/fixtures/files';
import {
  buildLastAction,
  EventsColumnsError,
  EXAMPLE_EVENTS_CSV,
  loadEventsCsv,
  openCartsOfValuableCustomers,
} from './lastAction';
import { readOrderHistory } from './orderHistory';

let db: NodeExecutor;
let dir: string;
beforeAll(async () => {
  db = await NodeExecutor.open();
  dir = mkdtempSync(join(tmpdir(), 'signals-events-'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// C1 (anna@example.com) spends 300, last order 2024-03-10; C2 (ben@example.com) 100, last order 2024-03-01;
// C3 (cleo@example.com) 50. A guest order (no customer id) uses zed@example.com.
async function loadOrders(target: NodeExecutor): Promise<void> {
  await target.run(CANONICAL_SCHEMA_SQL);
  await target.run(`INSERT INTO orders (order_id, customer_id, email, order_ts, amount, gross_amount, refunded_amount, discount_amount)
    VALUES ('1', 'C1', 'anna@example.com', TIMESTAMP '2024-02-01 10:00:00', 100, 100, 0, 0),
           ('2', 'C1', 'anna@example.com', TIMESTAMP '2024-03-10 10:00:00', 200, 200, 0, 0),
           ('3', 'C2', 'ben@example.com', TIMESTAMP '2024-03-01 10:00:00', 100, 100, 0, 0),
           ('4', 'C3', 'cleo@example.com', TIMESTAMP '2024-02-15 10:00:00', 50, 50, 0, 0),
           ('5', NULL, 'zed@example.com', TIMESTAMP '2024-02-16 10:00:00', 70, 70, 0, 0)`);
}

const EVENTS = `Customer_ID,Email,Timestamp,Type,Value,Product
C1,,2024-03-05 09:00:00,abandoned_cart,50,Shoes
,Anna@Example.COM,2024-03-12 21:00:00,Abandoned cart,80,"Socks, wool"
,anna@example.com,2024-03-15T08:00:00Z,review,5,Socks
X999, BEN@example.com ,2024-03-20 14:00:00 +0100,complaint,,
C2,,2024-03-02 10:00:00,abandoned_cart,30,Hat
C2,,2024-03-03 10:00:00,abandoned_cart,45,Hat
,zed@example.com,2024-03-04 10:00:00,return,20,Mug
C3,,yesterday,return,20,Mug
C3,,2024-05-01 10:00:00,return,20,Mug
`;
const AS_OF = '2024-04-01';
/** The summary where no event precedes the as-of date. */
const NO_EVENTS = {
  events: 0,
  matchedEvents: 0,
  customersWithEvents: 0,
  openAbandonedCarts: 0,
  openAbandonedCartValue: 0,
  lastActions: {},
};

interface Row {
  customer_id: string;
  last_action: string | null;
  last_action_date: string | null;
  events: number;
  open_abandoned_cart: boolean;
  abandoned_cart_value: number | null;
}

async function rows(target: NodeExecutor): Promise<Record<string, Row>> {
  const list = await target.all<Row & Record<string, unknown>>(
    `SELECT customer_id, last_action, strftime(last_action_date, '%Y-%m-%d') AS last_action_date, events,
       open_abandoned_cart, abandoned_cart_value FROM customer_signals_last_action`,
  );
  return Object.fromEntries(list.map((r) => [r.customer_id, r]));
}

describe('last action', () => {
  beforeAll(async () => {
    await loadOrders(db);
    writeFileSync(join(dir, 'events.csv'), EVENTS);
  });

  it('loads the events file, rejecting rows without a readable timestamp', async () => {
    expect(await loadEventsCsv(db, join(dir, 'events.csv'))).toEqual({ loaded: 8, rejected: 1 });
    const [row] = await db.all(
      `SELECT email, type, CAST(event_ts AS VARCHAR) AS ts, value, product FROM events WHERE source_row = 2`,
    );
    expect(row).toEqual({
      email: 'anna@example.com',
      type: 'abandoned_cart',
      ts: '2024-03-12 21:00:00',
      value: 80,
      product: 'Socks, wool',
    });
  });

  it('joins events by customer id and by e-mail, case-insensitively', async () => {
    await loadEventsCsv(db, join(dir, 'events.csv'));
    const summary = await buildLastAction(db, AS_OF);
    const r = await rows(db);
    // C1: the id-matched cart (03-05), the e-mail-matched cart (03-12) and review (03-15, "Z" dropped).
    expect(r.C1).toMatchObject({ last_action: 'review', last_action_date: '2024-03-15', events: 3 });
    // C2: two carts by id, and a complaint whose unknown id X999 falls back to the e-mail " BEN@example.com ".
    expect(r.C2).toMatchObject({ last_action: 'complaint', last_action_date: '2024-03-20', events: 3 });
    // C3: an unreadable row and a row after the as-of date only.
    expect(r.C3).toMatchObject({ last_action: null, last_action_date: null, events: 0, abandoned_cart_value: null });
    // 7 events before the as-of date; zed@example.com is a guest, so 6 matched.
    expect(summary).toMatchObject({ events: 7, matchedEvents: 6, customersWithEvents: 2 });
    expect(summary.lastActions).toEqual({ complaint: 1, review: 1 });
  });

  it('keeps only carts abandoned after the last order open, valued at the latest one', async () => {
    await loadEventsCsv(db, join(dir, 'events.csv'));
    const summary = await buildLastAction(db, AS_OF);
    const r = await rows(db);
    // C1's 03-05 cart was followed by the 03-10 order (closed); the 03-12 cart (80) is open.
    expect(r.C1).toMatchObject({ open_abandoned_cart: true, abandoned_cart_value: 80 });
    // C2 ordered 03-01, then abandoned carts of 30 (03-02) and 45 (03-03): open, the latest is 45.
    expect(r.C2).toMatchObject({ open_abandoned_cart: true, abandoned_cart_value: 45 });
    expect(summary).toMatchObject({ openAbandonedCarts: 2, openAbandonedCartValue: 125 });
  });

  it('gives every customer NULLs where no event precedes the as-of date, and the events again after it', async () => {
    await loadEventsCsv(db, join(dir, 'events.csv'));
    // The first event is on 2024-03-02; before 2024-02-10 only C1 has ordered (2024-02-01).
    const early = '2024-02-10';
    expect(await buildLastAction(db, early, await readOrderHistory(db, early))).toEqual(NO_EVENTS);
    const none = { last_action: null, last_action_date: null, events: 0, open_abandoned_cart: false };
    expect(await rows(db)).toEqual({ C1: { customer_id: 'C1', ...none, abandoned_cart_value: null } });
    expect(await buildLastAction(db, AS_OF, await readOrderHistory(db, AS_OF))).toMatchObject({ events: 7 });
    expect((await rows(db)).C1).toMatchObject({ last_action: 'review', events: 3 });
    await buildLastAction(db, early, await readOrderHistory(db, early));
    expect((await rows(db)).C1).toMatchObject(none);
  });

  it('lists open carts of the top spenders', async () => {
    await loadEventsCsv(db, join(dir, 'events.csv'));
    await buildLastAction(db, AS_OF);
    // Spend: C1 300, C2 100, C3 50. Top 20 % of 3 → ceil(0.6) = 1 customer: C1. Top 2/3 → C1 and C2.
    const top = await openCartsOfValuableCustomers(db, AS_OF);
    expect(top).toEqual([
      {
        customer_id: 'C1',
        email: 'anna@example.com',
        amount_spent: 300,
        abandoned_cart_value: 80,
        abandoned_cart_date: '2024-03-12',
      },
    ]);
    const wider = await openCartsOfValuableCustomers(db, AS_OF, { topShare: 2 / 3 });
    expect(wider.map((w) => [w.customer_id, w.abandoned_cart_value])).toEqual([
      ['C1', 80],
      ['C2', 45],
    ]);
  });

  it('refuses a file without the needed columns', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'who,when\nC1,2024-01-01\n');
    await expect(loadEventsCsv(db, join(dir, 'bad.csv'))).rejects.toThrow(/timestamp, type, customer_id or email/);
    await expect(loadEventsCsv(db, join(dir, 'bad.csv'))).rejects.toMatchObject({
      missing: [['timestamp'], ['type'], ['customer_id', 'email']],
      columns: ['who', 'when'],
    });
  });

  it('refuses a file with no usable event and keeps the events loaded before', async () => {
    const before = async () => (await db.all<{ n: number }>(`SELECT count(*) AS n FROM events`))[0].n;
    await loadEventsCsv(db, join(dir, 'events.csv'));
    expect(await before()).toBe(8);
    // Before: a header-only or all-rejected file replaced the 8 events with none and said it had loaded 0.
    writeFileSync(join(dir, 'header-only.csv'), 'customer_id,email,timestamp,type\n');
    await expect(loadEventsCsv(db, join(dir, 'header-only.csv'))).rejects.toMatchObject({
      rows: 0,
      message: 'The events file has no rows below its header.',
    });
    expect(await before()).toBe(8);
    writeFileSync(join(dir, 'unreadable.csv'), 'customer_id,timestamp,type\nC1,yesterday,review\nC2,soon,return\n');
    await expect(loadEventsCsv(db, join(dir, 'unreadable.csv'))).rejects.toMatchObject({
      rows: 2,
      message: 'None of the 2 rows of the events file has a readable timestamp, a type and a customer id or e-mail.',
    });
    expect(await before()).toBe(8);
    // A 0-byte file: before, "it has column0" (DuckDB's name for the missing header's one column).
    writeFileSync(join(dir, 'empty.csv'), '');
    await expect(loadEventsCsv(db, join(dir, 'empty.csv'))).rejects.toMatchObject({
      rows: 0,
      message: 'The events file is empty.',
    });
    expect(await before()).toBe(8);
  });

  it('says in one line that a file which is not CSV text cannot be read, keeping the events loaded before', async () => {
    await loadEventsCsv(db, join(dir, 'events.csv'));
    // A zip archive's first bytes: before, DuckDB's several-line "Invalid Input Error: CSV Error on Line: 1…".
    writeFileSync(join(dir, 'archive.csv'), Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0xff, 0xfe, 0, 1, 2, 3]));
    await expect(loadEventsCsv(db, join(dir, 'archive.csv'))).rejects.toThrow(
      /^The events file is not CSV text \(comma- or semicolon-separated, UTF-8\)\.$/,
    );
    expect((await db.all<{ n: number }>(`SELECT count(*) AS n FROM events`))[0].n).toBe(8);
  });

  it('reads timestamps with an hours-only offset, as the orders do, and dates without a time', async () => {
    // PostgreSQL prints timestamptz as "2024-03-02 11:30:00-05"; orders read it (importFile.test.ts), events
    // rejected every such row. A date alone is midnight, and its "-05" day is not an offset.
    writeFileSync(
      join(dir, 'offsets.csv'),
      'customer_id,timestamp,type\nC1,2024-03-02 11:30:00-05,review\nC1,2024-03-03T08:15+02,return\n' +
        'C2,2024-03-05,complaint\nC2,2024-03-06 07:00:00.250+05:30,review\n',
    );
    expect(await loadEventsCsv(db, join(dir, 'offsets.csv'))).toEqual({ loaded: 4, rejected: 0 });
    expect(
      (await db.all<{ ts: string }>(`SELECT CAST(event_ts AS VARCHAR) AS ts FROM events ORDER BY source_row`)).map(
        (r) => r.ts,
      ),
    ).toEqual(['2024-03-02 11:30:00', '2024-03-03 08:15:00', '2024-03-05 00:00:00', '2024-03-06 07:00:00.25']);
  });

  it('reads a semicolon-separated events file, as spreadsheets save CSV where the decimal mark is a comma', async () => {
    writeFileSync(
      join(dir, 'semicolons.csv'),
      'customer_id;email;timestamp;type;value;product\nC1;;2024-03-05 09:00:00;abandoned_cart;50;"Shoes; size 42"\n' +
        ';Ben@Example.com;2024-03-06 10:00:00;review;5;Hat\n',
    );
    expect(await loadEventsCsv(db, join(dir, 'semicolons.csv'))).toEqual({ loaded: 2, rejected: 0 });
    expect(await db.all(`SELECT customer_id, email, type, value FROM events ORDER BY source_row`)).toEqual([
      { customer_id: 'C1', email: null, type: 'abandoned_cart', value: 50 },
      { customer_id: null, email: 'ben@example.com', type: 'review', value: 5 },
    ]);
    writeFileSync(join(dir, 'tabs.tsv'), 'email\ttimestamp\ttype\nben@example.com\t2024-03-06 10:00:00\treturn\n');
    expect(await loadEventsCsv(db, join(dir, 'tabs.tsv'))).toEqual({ loaded: 1, rejected: 0 });
  });

  it('reads cart values written with a decimal comma, as those spreadsheets write them', async () => {
    // Before: "84,50" and "1.234,50" did not cast to a number, so the carts lost their value.
    writeFileSync(
      join(dir, 'decimal-commas.csv'),
      'customer_id;timestamp;type;value\nC1;2024-03-05 09:00:00;abandoned_cart;84,50\n' +
        'C2;2024-03-06 10:00:00;abandoned_cart;1.234,5\nC2;2024-03-07 10:00:00;abandoned_cart;12.75\n' +
        'C3;2024-03-07 10:00:00;abandoned_cart;-3,5\n',
    );
    expect(await loadEventsCsv(db, join(dir, 'decimal-commas.csv'))).toEqual({ loaded: 4, rejected: 0 });
    expect(
      (await db.all<{ value: number }>(`SELECT value FROM events ORDER BY source_row`)).map((row) => row.value),
    ).toEqual([84.5, 1234.5, 12.75, -3.5]);
  });

  it('reads the example shown in the UI', async () => {
    writeFileSync(join(dir, 'example.csv'), EXAMPLE_EVENTS_CSV);
    expect(await loadEventsCsv(db, join(dir, 'example.csv'))).toEqual({ loaded: 4, rejected: 0 });
  });
});

/** The events table's times and types, in file order. */
async function loadedEvents(target: NodeExecutor) {
  return target.all<{ ts: string; type: string; email: string | null; value: number | null; product: string | null }>(
    `SELECT CAST(event_ts AS VARCHAR) AS ts, type, email, value, product FROM events ORDER BY source_row`,
  );
}

describe('events files from real tools', () => {
  beforeAll(async () => {
    await loadOrders(db);
  });

  it('reads day-first timestamps, as European exports write them', async () => {
    // Before: every row rejected ("05/03/2024 14:22" is no ISO timestamp) and the file refused as unusable.
    writeFileSync(
      join(dir, 'day-first.csv'),
      'email,timestamp,type\nanna@example.com,05/03/2024 14:22,review\nben@example.com,13/03/2024 09:00,complaint\n',
    );
    expect(await loadEventsCsv(db, join(dir, 'day-first.csv'))).toEqual({ loaded: 2, rejected: 0 });
    // 13 cannot be a month: day first, so 05/03 is the 5th of March.
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-03-05 14:22:00', '2024-03-13 09:00:00']);
  });

  it('settles an ambiguous day and month as the order import does', async () => {
    // Nothing above 12: with semicolons and dashes, day-first (the European convention, dates.ts conventionalOrder)…
    writeFileSync(join(dir, 'dashes.csv'), 'email;timestamp;type\nanna@example.com;05-03-2024;review\n');
    await loadEventsCsv(db, join(dir, 'dashes.csv'));
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-03-05 00:00:00']);
    // …with commas and slashes month-first (the US spreadsheet export)…
    writeFileSync(join(dir, 'slashes.csv'), 'email,timestamp,type\nanna@example.com,05/03/2024,review\n');
    await loadEventsCsv(db, join(dir, 'slashes.csv'));
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-05-03 00:00:00']);
    // …unless a day above 12 anywhere in the column, past the 1,000 rows sampled, shows the day comes first.
    const rows = Array.from({ length: 1000 }, () => 'anna@example.com,05/03/2024,review');
    writeFileSync(
      join(dir, 'late-evidence.csv'),
      ['email,timestamp,type', ...rows, 'ben@example.com,25/03/2024,review'].join('\n'),
    );
    expect(await loadEventsCsv(db, join(dir, 'late-evidence.csv'))).toEqual({ loaded: 1001, rejected: 0 });
    const times = (await loadedEvents(db)).map((e) => e.ts);
    expect([times[0], times[1000]]).toEqual(['2024-03-05 00:00:00', '2024-03-25 00:00:00']);
  });

  it('reads an ambiguous file the way the user chose for the orders, but not against its own evidence', async () => {
    // Commas and slashes, no day above 12: month-first by convention, day-first when the user chose DMY for the orders.
    writeFileSync(join(dir, 'chosen.csv'), 'email,timestamp,type\nanna@example.com,04/03/2024 09:00,review\n');
    await loadEventsCsv(db, join(dir, 'chosen.csv'), { dateOrder: 'DMY' });
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-03-04 09:00:00']);
    await loadEventsCsv(db, join(dir, 'chosen.csv'), { dateOrder: 'MDY' });
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-04-03 09:00:00']);
    // 25 can only be a day, second: this file is month-first whatever was chosen for another file. Before, the choice
    // overrode it and the 25th's row, read as month 25, was rejected.
    writeFileSync(
      join(dir, 'own-evidence.csv'),
      'email,timestamp,type\nanna@example.com,04/03/2024,review\nben@example.com,03/25/2024,review\n',
    );
    expect(await loadEventsCsv(db, join(dir, 'own-evidence.csv'), { dateOrder: 'DMY' })).toEqual({
      loaded: 2,
      rejected: 0,
    });
    expect((await loadedEvents(db)).map((e) => e.ts)).toEqual(['2024-04-03 00:00:00', '2024-03-25 00:00:00']);
  });

  it('loads a Shopify "Abandoned checkouts" export as abandoned carts, one per checkout, valued at its total', async () => {
    // The orders export's layout (../shared/data/shopify_orders_export_forezia_devstore.csv) with the checkout's Id
    // first: its own columns (Email, Total…) on its first line only, Created at and the line item on every line.
    const header = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8');
    const columns = header.slice(0, header.indexOf('\n')).split(',');
    columns[0] = 'Id';
    const line = (cells: Record<string, string>) =>
      columns.map((c, i) => (i === 0 ? cells.Id : (cells[c] ?? ''))).join(',');
    const checkout = (id: string, email: string, created: string, total: string, items: [string, string][]) =>
      items.map(([name, price], i) =>
        line({
          Id: id,
          ...(i === 0 ? { Email: email, Currency: 'EUR', Shipping: '9.95', Total: total } : {}),
          'Created at': created,
          'Lineitem quantity': '1',
          'Lineitem name': name,
          'Lineitem price': price,
        }),
      );
    const file = [
      columns.join(','),
      // Anna (C1, last order 2024-03-10): two lines, 100 + 80, plus 9.95 shipping: a total of 189.95, after her last
      // order — an open cart of 189.95 (not the lines' 180, nor the total once per line).
      ...checkout('35001', 'anna@example.com', '2024-03-12 21:00:00 +0100', '189.95', [
        ['Shoes', '100.00'],
        ['Socks', '80.00'],
      ]),
      // Ben (C2, last order 2024-03-01): abandoned before it, so closed.
      ...checkout('35002', 'BEN@example.com', '2024-02-20 10:00:00 +0100', '55.45', [['Hat', '45.50']]),
      // No e-mail: nobody to give it to.
      ...checkout('35003', '', '2024-03-13 10:00:00 +0100', '20.00', [['Mug', '20.00']]),
    ].join('\n');
    writeFileSync(join(dir, 'abandoned_checkouts_export.csv'), file);
    // Before: refused, "needs the column(s) timestamp, type" — the merchant had to edit Shopify's file.
    expect(await loadEventsCsv(db, join(dir, 'abandoned_checkouts_export.csv'))).toEqual({ loaded: 2, rejected: 1 });
    expect(await loadedEvents(db)).toEqual([
      { ts: '2024-03-12 21:00:00', type: 'abandoned_cart', email: 'anna@example.com', value: 189.95, product: 'Shoes' },
      { ts: '2024-02-20 10:00:00', type: 'abandoned_cart', email: 'ben@example.com', value: 55.45, product: 'Hat' },
    ]);
    const summary = await buildLastAction(db, AS_OF);
    expect(summary).toMatchObject({ openAbandonedCarts: 1, openAbandonedCartValue: 189.95 });
  });

  it('still refuses the Shopify orders export, which shares the layout, as an events file', async () => {
    await expect(loadEventsCsv(db, shared('shopify_orders_export_forezia_devstore.csv'))).rejects.toBeInstanceOf(
      EventsColumnsError,
    );
  });

  it('reads a Klaviyo-style event export: Started Checkout is an abandoned cart, other metrics keep their names', async () => {
    writeFileSync(
      join(dir, 'klaviyo.csv'),
      'Email,Datetime,Metric,$value\n' +
        'anna@example.com,2024-03-14 10:00:00,Started Checkout,99.00\n' +
        'ben@example.com,2024-03-02 10:00:00,Placed Order,30.00\n' +
        'cleo@example.com,2024-03-03 10:00:00,Added to Cart,12.00\n',
    );
    // Before: refused, "needs the column(s) timestamp, type".
    expect(await loadEventsCsv(db, join(dir, 'klaviyo.csv'))).toEqual({ loaded: 3, rejected: 0 });
    expect((await loadedEvents(db)).map((e) => [e.type, e.value])).toEqual([
      ['abandoned_cart', 99],
      ['placed_order', 30],
      ['added_to_cart', 12],
    ]);
    // Anna's checkout came after her last order (2024-03-10): open, 99.
    expect(await buildLastAction(db, AS_OF)).toMatchObject({ openAbandonedCarts: 1, openAbandonedCartValue: 99 });
  });
});

describe('last action without an events file', () => {
  it('is empty but valid', async () => {
    const fresh = await NodeExecutor.open();
    try {
      await loadOrders(fresh);
      const summary = await buildLastAction(fresh, AS_OF);
      expect(summary).toEqual(NO_EVENTS);
      const r = await rows(fresh);
      expect(Object.keys(r).sort()).toEqual(['C1', 'C2', 'C3']);
      expect(r.C1).toEqual({
        customer_id: 'C1',
        last_action: null,
        last_action_date: null,
        events: 0,
        open_abandoned_cart: false,
        abandoned_cart_value: null,
      });
      expect(await openCartsOfValuableCustomers(fresh, AS_OF)).toEqual([]);
    } finally {
      fresh.close();
    }
  });
});
