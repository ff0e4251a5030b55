import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { buildCadence, cadenceChartPoints, valuableOverdueCustomers } from './cadence';
import { readOrderHistory } from './orderHistory';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/** `days` after 2024-06-01 (negative = before), as YYYY-MM-DD, computed with the JS calendar. */
function day(days: number): string {
  return new Date(Date.UTC(2024, 5, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

async function loadOrders(orders: { customer: string | null; ts: string }[]): Promise<void> {
  await db.run(CANONICAL_SCHEMA_SQL);
  await db.all(
    `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount)
     VALUES ${orders.map(() => '(?, ?, CAST(? AS TIMESTAMP), 10, 10, 0, 0)').join(', ')}`,
    orders.flatMap((o, i) => [String(i + 1), o.customer, o.ts]),
  );
}

// Last order of the weekly (W) and quarterly (Q) buyer: 2024-06-01 (day 0). As of day 56: both 8 weeks silent.
const AS_OF = day(56);

beforeAll(async () => {
  const orders: { customer: string | null; ts: string }[] = [];
  for (let k = 8; k >= 0; k--) orders.push({ customer: 'W', ts: `${day(-7 * k)} 10:00:00` }); // 9 days, 8 gaps of 7
  orders.push({ customer: 'W', ts: `${day(0)} 18:00:00` }); // second order the same day: no gap of 0
  for (let k = 4; k >= 0; k--) orders.push({ customer: 'Q', ts: `${day(-91 * k)} 09:00:00` }); // 4 gaps of 91
  orders.push({ customer: 'T', ts: `${day(-30)} 12:00:00` }, { customer: 'T', ts: `${day(-20)} 12:00:00` }); // 1 gap: 10
  orders.push(
    { customer: 'U', ts: `${day(-100)} 12:00:00` },
    { customer: 'U', ts: `${day(-60)} 12:00:00` },
    { customer: 'U', ts: `${day(-20)} 12:00:00` },
  ); // 2 gaps of 40
  orders.push({ customer: 'O', ts: `${day(-5)} 12:00:00` }); // one-time buyer
  orders.push({ customer: 'S', ts: `${day(-3)} 08:00:00` }, { customer: 'S', ts: `${day(-3)} 20:00:00` }); // one day
  orders.push({ customer: null, ts: `${day(-1)} 12:00:00` }, { customer: null, ts: `${day(-2)} 12:00:00` }); // guests
  orders.push({ customer: 'T', ts: `${day(60)} 12:00:00` }); // after the as-of date: ignored
  await loadOrders(orders);
});

interface CadenceRow {
  customer_id: string;
  purchase_gaps: number;
  own_median_gap_days: number | null;
  typical_gap_days: number | null;
  days_since_last_order: number;
  days_overdue: number | null;
  overdue_ratio: number | null;
  expected_next_order_date: string | null;
  overdue: boolean | null;
}

async function rows(): Promise<Record<string, CadenceRow>> {
  const list = await db.all<CadenceRow & Record<string, unknown>>(
    `SELECT * EXCLUDE (expected_next_order_date, last_order_date),
       strftime(expected_next_order_date, '%Y-%m-%d') AS expected_next_order_date
     FROM customer_signals_cadence`,
  );
  return Object.fromEntries(list.map((r) => [r.customer_id, r]));
}

describe('personal cadence', () => {
  // Own medians: W 7, Q 91, T 10, U 40 → shop typical gap = median(7, 10, 40, 91) = 25.
  // Typical gap = (n·own + 2·25) / (n + 2): W (8·7+50)/10 = 10.6, Q (4·91+50)/6 = 69, T (10+50)/3 = 20, U (80+50)/4 = 32.5.
  it('flags the weekly buyer and not the quarterly one after the same 56 silent days', async () => {
    const summary = await buildCadence(db, AS_OF);
    expect(summary.shopTypicalGapDays).toBe(25);
    const r = await rows();
    expect(r.W!.days_since_last_order).toBe(56);
    expect(r.Q!.days_since_last_order).toBe(56);
    expect(r.W!.purchase_gaps).toBe(8);
    expect(r.W!.typical_gap_days).toBeCloseTo(10.6, 10);
    expect(r.W!.overdue_ratio).toBeCloseTo(56 / 10.6, 10);
    expect(r.W!.days_overdue).toBeCloseTo(45.4, 10);
    expect(r.W!.overdue).toBe(true);
    expect(r.W!.expected_next_order_date).toBe(day(11)); // round(10.6) = 11 days after day 0
    expect(r.Q!.typical_gap_days).toBeCloseTo(69, 10);
    expect(r.Q!.overdue_ratio).toBeCloseTo(56 / 69, 10);
    expect(r.Q!.overdue).toBe(false);
    expect(r.Q!.expected_next_order_date).toBe(day(69));
    expect(r.U!.typical_gap_days).toBeCloseTo(32.5, 10);
  });

  it('shrinks a 2-order customer two thirds of the way to the shop', async () => {
    await buildCadence(db, AS_OF);
    const t = (await rows()).T!;
    expect(t.purchase_gaps).toBe(1);
    expect(t.own_median_gap_days).toBe(10);
    expect(t.typical_gap_days).toBeCloseTo(20, 10);
    expect(t.days_since_last_order).toBe(76); // day 56 − day −20; the order at day 60 is after the as-of date
    expect(t.overdue_ratio).toBeCloseTo(76 / 20, 10);
    await buildCadence(db, AS_OF, { shrinkageGaps: 0 });
    expect((await rows()).T!.typical_gap_days).toBe(10);
  });

  it('gives one-time buyers (and one-day buyers) NULLs, and guests no row', async () => {
    const summary = await buildCadence(db, AS_OF);
    const r = await rows();
    expect(Object.keys(r).sort()).toEqual(['O', 'Q', 'S', 'T', 'U', 'W']);
    for (const id of ['O', 'S']) {
      expect(r[id]).toMatchObject({
        purchase_gaps: 0,
        typical_gap_days: null,
        days_overdue: null,
        overdue_ratio: null,
        expected_next_order_date: null,
        overdue: null,
      });
    }
    expect(r.O!.days_since_last_order).toBe(61);
    // W 56/10.6 = 5.3, T 76/20 = 3.8, U 76/32.5 = 2.3 are ≥ 2; Q 0.81 is not.
    expect(summary).toMatchObject({ repeatCustomers: 4, oneTimeCustomers: 2, overdue: 3 });
  });

  it('uses the editable threshold', async () => {
    const summary = await buildCadence(db, AS_OF, { overdueRatio: 4 });
    expect(summary.overdue).toBe(1); // only W (5.3)
    await expect(buildCadence(db, AS_OF, { overdueRatio: -1 })).rejects.toThrow(/overdueRatio/);
  });

  it('samples chart points deterministically among repeat customers', async () => {
    await buildCadence(db, AS_OF);
    const all = await cadenceChartPoints(db);
    expect(all.map((p) => p.customer_id).sort()).toEqual(['Q', 'T', 'U', 'W']);
    const two = await cadenceChartPoints(db, { chartPoints: 2 });
    expect(two).toHaveLength(2);
    expect(await cadenceChartPoints(db, { chartPoints: 2 })).toEqual(two);
    expect(all.find((p) => p.customer_id === 'W')).toMatchObject({ days_since_last_order: 56, overdue: true });
  });

  it('lists the overdue customers who spent the most first', async () => {
    await buildCadence(db, AS_OF);
    // Spend as `customers` would hold it (10 per order before the as-of date): W 10 orders, U 3, T 2; Q is on track.
    await db.run(`CREATE OR REPLACE TABLE customers AS SELECT * FROM (VALUES
      ('W', 'w@example.com', 100.0), ('U', NULL, 30.0), ('T', 't@example.com', 20.0), ('Q', 'q@example.com', 500.0))
      AS c(customer_id, email, amount_spent)`);
    const top = await valuableOverdueCustomers(db, { limit: 2 });
    expect(top.map((r) => [r.customer_id, r.email, r.amount_spent])).toEqual([
      ['W', 'w@example.com', 100],
      ['U', null, 30],
    ]);
    expect(top[0]).toMatchObject({ days_since_last_order: 56, expected_next_order_date: day(11) });
    expect(top[0]!.typical_gap_days).toBeCloseTo(10.6, 10);
    expect(top[0]!.days_overdue).toBeCloseTo(45.4, 10);
    expect((await valuableOverdueCustomers(db)).map((r) => r.customer_id)).toEqual(['W', 'U', 'T']);
    await db.run('DROP TABLE customers');
  });

  it('drops its view when the order history is read again, rather than pairing rows of two histories', async () => {
    await buildCadence(db, AS_OF);
    expect(await db.all('SELECT count(*) AS n FROM customer_signals_cadence')).toEqual([{ n: 6 }]);
    await readOrderHistory(db, day(0)); // another as-of date: other customers, other rows
    await expect(db.all('SELECT count(*) AS n FROM customer_signals_cadence')).rejects.toThrow(
      /customer_signals_cadence/,
    );
    await buildCadence(db, AS_OF);
    expect(await db.all('SELECT count(*) AS n FROM customer_signals_cadence')).toEqual([{ n: 6 }]);
  });
});
