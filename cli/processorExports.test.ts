import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/core/ingest/importFile';
import { scratchDirectory, writeScratch } from '../tests/fixtures/files';
import { cli } from '../tests/runCli';
import {
  AMAZON_EXPECTED,
  amazonShipments,
  ETSY_EXPECTED,
  ETSY_ITEMS_EXPECTED,
  etsySoldOrderItems,
  etsySoldOrders,
  PAYPAL_EXPECTED,
  paypalActivity,
  SQUARE_EXPECTED,
  squareTransactions,
  STRIPE_EXPECTED,
  stripePayments,
} from '../tests/fixtures/processorExports';
import { NodeExecutor } from './nodeExecutor';
import { NodeFileSource } from './nodeSource';

const dir = scratchDirectory();

/** `npm run --silent cli -- analyze FILE --json`, as a merchant runs it. */
async function analyze(path: string): Promise<Record<string, unknown>> {
  const { code, stdout, stderr } = await cli('analyze', path, '--json');
  if (code !== 0) throw new Error(`analyze exited ${code}: ${stderr}`);
  return JSON.parse(stdout);
}

const EXPORTS = [
  { name: 'PayPal activity download', file: 'Download.CSV', content: paypalActivity, expected: PAYPAL_EXPECTED },
  { name: 'Stripe unified payments', file: 'unified_payments.csv', content: stripePayments, expected: STRIPE_EXPECTED },
  { name: 'Etsy sold orders', file: 'EtsySoldOrders2024.csv', content: etsySoldOrders, expected: ETSY_EXPECTED },
  {
    name: 'Etsy sold order items',
    file: 'EtsySoldOrderItems2024.csv',
    content: etsySoldOrderItems,
    expected: ETSY_ITEMS_EXPECTED,
  },
  { name: 'Square transactions', file: 'transactions.csv', content: squareTransactions, expected: SQUARE_EXPECTED },
  { name: 'Amazon fulfilled shipments', file: 'shipments.txt', content: amazonShipments, expected: AMAZON_EXPECTED },
];

describe('exports of payment processors and marketplaces, through the CLI', () => {
  for (const { name, file, content, expected } of EXPORTS) {
    it(`${name}: orders, customers, guests, net revenue and issues counted by hand`, async () => {
      const result = await analyze(writeScratch(dir, file, content()));
      expect(result).toMatchObject({ format: 'generic', rejectedRows: 0, ...expected });
      expect(result.issues).toEqual(expected.issues);
    });
  }
});

describe('the rules behind processor exports: time of day, offset, row types', () => {
  let db: NodeExecutor;
  beforeAll(async () => {
    db = await NodeExecutor.open();
  });
  afterAll(() => db.close());

  /** Imports `content` as the file `name`, as of a fixed day. */
  async function load(name: string, content: string) {
    const source = new NodeFileSource(writeScratch(dir, name, content));
    try {
      return await importFile(db, source, { now: new Date('2026-11-24T12:00:00Z') });
    } finally {
      source.cleanup();
    }
  }

  /** Each order's local hour and UTC offset after importing the file, by order id. */
  async function hours(name: string, content: string) {
    expect((await load(name, content)).ok).toBe(true);
    const rows = await db.all<{ order_id: string; hour: number; offset: number | null }>(
      'SELECT order_id, hour(order_ts) AS hour, utc_offset_minutes AS offset FROM orders',
    );
    return Object.fromEntries(rows.map((r) => [r.order_id, { hour: r.hour, offset: r.offset }]));
  }

  it('takes the hour from the Time column beside a day-only Date (PayPal, Square)', async () => {
    const paypal = await hours('paypal.csv', paypalActivity());
    expect(paypal['2BC34567DE8901234'].hour).toBe(18);
    expect(paypal['9IJ01234KL5678901'].hour).toBe(7);
    const square = await hours('square.csv', squareTransactions());
    expect(square['Fq3kT9pX2bN7vW1'].hour).toBe(8);
    expect(square['Hs5mV1rZ4dP9xY3'].hour).toBe(17);
  });

  it('keeps the rows of a shop’s own Type column (a payment method): only a processor’s types leave rows out', async () => {
    // Even when another way to pay says "payment": a processor's statement also has a fee column.
    const csv =
      'Order,Customer,Date,Amount,Type\n1,a,2024-01-02,10.00,Bank transfer\n2,b,2024-01-03,20.00,Card payment\n';
    const outcome = await load('own-type.csv', csv);
    expect(outcome.ok && outcome.summary).toMatchObject({ orders: 2, revenue: 30, issues: {} });
  });

  /** The first and last orders (by local time): local time, UTC offset, and the UTC time they make. */
  async function firstAndLast(name: string, content: string) {
    expect((await load(name, content)).ok).toBe(true);
    return db.all<{ local: string; offset: number | null; utc: string | null }>(
      `SELECT strftime(order_ts, '%Y-%m-%d %H:%M:%S') AS local, utc_offset_minutes AS offset,
         strftime(order_ts - to_minutes(CAST(utc_offset_minutes AS BIGINT)), '%Y-%m-%d %H:%M:%S') AS utc
       FROM orders WHERE order_ts IN ((SELECT min(order_ts) FROM orders), (SELECT max(order_ts) FROM orders))
       ORDER BY order_ts`,
    );
  }

  it('reads PayPal’s TimeZone and Square’s Time Zone into the orders’ UTC offsets', async () => {
    // Before: the offset was NULL, the time zone column ignored.
    // PayPal: Ann's first payment 01/05/2024 09:15:02 PST (UTC−8) is 17:15:02 UTC; Bob's last, 03/12/2024 07:05:09
    // PDT (UTC−7), is 14:05:09 UTC.
    expect(await firstAndLast('paypal-zones.csv', paypalActivity())).toEqual([
      { local: '2024-01-05 09:15:02', offset: -480, utc: '2024-01-05 17:15:02' },
      { local: '2024-03-12 07:05:09', offset: -420, utc: '2024-03-12 14:05:09' },
    ]);
    // Square, Pacific Time in August (summer time, UTC−7): Rosa's first payment 2024-08-02 08:12:45 is 15:12:45 UTC;
    // the last order, Omar's of 2024-08-16 09:05:00 (the refund row of the 17th nets against it), is 16:05:00 UTC.
    expect(await firstAndLast('square-zones.csv', squareTransactions())).toEqual([
      { local: '2024-08-02 08:12:45', offset: -420, utc: '2024-08-02 15:12:45' },
      { local: '2024-08-16 09:05:00', offset: -420, utc: '2024-08-16 16:05:00' },
    ]);
  });

  it('leaves the time local when the time zone is a name it cannot read as one offset', async () => {
    // CST is US Central, China or Cuba time: no offset guessed, the local time kept as exported.
    const csv = paypalActivity().replace(/"PST"/g, '"CST"').replace(/"PDT"/g, '"Mars Time"');
    expect(await firstAndLast('paypal-unknown-zones.csv', csv)).toEqual([
      { local: '2024-01-05 09:15:02', offset: null, utc: null },
      { local: '2024-03-12 07:05:09', offset: null, utc: null },
    ]);
  });

  it('keeps a failed order of a shop’s own export as a cancelled order: only beside a fee column is it an attempt', async () => {
    // Two orders, one failed: still two orders, the failed one cancelled and worth nothing (revenue 10.00).
    const csv = 'Order,Customer,Date,Amount,Status\n1,a,2024-01-02,10.00,completed\n2,b,2024-01-03,20.00,Failed\n';
    const outcome = await load('own-failed.csv', csv);
    expect(outcome.ok && outcome.summary).toMatchObject({
      orders: 2,
      revenue: 10,
      rejectedRows: 0,
      issues: { cancelled_order: 1 },
    });
  });

  it('reads Stripe’s dates as UTC (the header says so) and Amazon’s offset from the value', async () => {
    const stripe = await hours('stripe.csv', stripePayments());
    expect(stripe['ch_3PaA01']).toEqual({ hour: 8, offset: 0 });
    const amazon = await hours('amazon.txt', amazonShipments());
    expect(amazon['113-4829103-2291847']).toEqual({ hour: 14, offset: -420 });
  });
});
