import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../../cli/nodeSource';
import { shared } from '../../../../tests/fixtures/files';
import { importFile } from '../../ingest/importFile';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { analyzeCustomers } from '../analyzeCustomers';
import { calibrationFromCustomers, calibrationFromOrders, type CalibrationColumns } from './calibrationColumns';
import { calibrationSummarySql } from './calibrationSummary';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/** The columns keyed by customer id, for customers read in the row order of `customers`. */
async function byCustomer(columns: CalibrationColumns): Promise<Map<string, number[]>> {
  const ids = await db.all<{ customer_id: string }>('SELECT customer_id FROM customers');
  return new Map(
    ids.map(({ customer_id }, i) => [customer_id, [columns.x[i], columns.tx[i], columns.T[i], columns.monetary[i]]]),
  );
}

describe('every customer’s calibration summary read from customers', () => {
  it('merges same-day orders into one purchase day, the first day too, and leaves out later orders', async () => {
    await db.run(CANONICAL_SCHEMA_SQL);
    // [customer, timestamp, amount]; as of 2024-03-01 the calibration ends 2024-02-29.
    const orders: [string, string, number][] = [
      // Two orders on the first day (10 + 5), two on a later day (20 + 7): x 1, t_x 2, T 59, mean repeat day 27.
      ['a', '2024-01-01 09:00', 10],
      ['a', '2024-01-01 18:00', 5],
      ['a', '2024-01-03 10:00', 20],
      ['a', '2024-01-03 11:00', 7],
      // One order per day: x 2, t_x 30, T 49, mean (8 + 4) / 2 = 6.
      ['b', '2024-01-11 12:00', 30],
      ['b', '2024-01-20 12:00', 8],
      ['b', '2024-02-10 12:00', 4],
      // Three orders on her only day: x 0, t_x 0, T 9, no repeat mean.
      ['c', '2024-02-20 08:00', 1],
      ['c', '2024-02-20 09:00', 2],
      ['c', '2024-02-20 10:00', 3],
      // After the as-of date: not in the calibration.
      ['c', '2024-03-05 10:00', 50],
    ];
    for (const [i, [customer, ts, amount]] of orders.entries()) {
      await db.all(
        `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, source_row)
         VALUES (?, ?, CAST(? AS TIMESTAMP), ?, ?, 0, 0, ?)`,
        [String(i), customer, ts, amount, amount, i],
      );
    }
    await analyzeCustomers(db, { asOf: '2024-03-01' });
    const got = await byCustomer(await calibrationFromCustomers(db, '2024-03-01'));
    expect(Object.fromEntries(got)).toEqual({
      a: [1, 2, 59, 27],
      b: [2, 30, 49, 6],
      c: [0, 0, 9, NaN],
    });
  });

  it('matches the summary aggregated from every order, customer for customer, on CDNOW', async () => {
    const outcome = await importFile(db, new NodeFileSource(shared('CDNOW_sample.txt')));
    expect(outcome.ok).toBe(true);
    await analyzeCustomers(db, { asOf: '1997-10-01' });
    const fromCustomers = await byCustomer(await calibrationFromCustomers(db, '1997-10-01'));
    const rows = await db.all<{ customer_id: string; x: number; t_x: number; T: number; monetary: number | null }>(
      `SELECT customer_id, x, t_x, "T", monetary FROM (${calibrationSummarySql('1997-09-30', 'day')})`,
    );
    expect(fromCustomers.size).toBe(2357);
    expect(rows.length).toBe(2357);
    for (const row of rows) {
      const [x, tx, T, monetary] = fromCustomers.get(row.customer_id)!;
      expect([x, tx, T]).toEqual([row.x, row.t_x, row.T]);
      if (row.monetary === null) expect(monetary).toBeNaN();
      else expect(monetary).toBeCloseTo(row.monetary, 9);
    }
    // The orders path gives the same customers (in its own order).
    const fromOrders = await calibrationFromOrders(db, '1997-09-30');
    expect(Array.from(fromOrders.x).reduce((s, x) => s + x, 0)).toBe(rows.reduce((s, r) => s + r.x, 0));
  });
});
