import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { computeSignals, customerSignalsSql } from './signals';
import { SIGNAL_STEPS } from './steps';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
  await db.run(CANONICAL_SCHEMA_SQL);
  // W: 5 weekly orders from Friday 2024-03-01 10:00 to 2024-03-29, each with code WELCOME, Coffee 10.
  // Q: 2024-01-02 and 2024-05-20 (gap 139 days), Tea 20, no discount. O: one order 2024-05-25, Mug 15.
  const orders: [string, string, string, string | null, string][] = [
    ...[1, 8, 15, 22, 29].map((d, i): [string, string, string, string | null, string] => [
      `w${i}`,
      'W',
      `2024-03-${String(d).padStart(2, '0')} 10:00:00`,
      'WELCOME',
      'Coffee',
    ]),
    ['q1', 'Q', '2024-01-02 18:00:00', null, 'Tea'],
    ['q2', 'Q', '2024-05-20 18:00:00', null, 'Tea'],
    ['o1', 'O', '2024-05-25 12:00:00', null, 'Mug'],
  ];
  await db.all(
    `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, discount_code)
     VALUES ${orders.map(() => '(?, ?, CAST(? AS TIMESTAMP), 10, 10, 0, 0, ?)').join(', ')}`,
    orders.flatMap(([id, customer, ts, code]) => [id, customer, ts, code]),
  );
  await db.all(
    `INSERT INTO order_lines (order_id, category, quantity, line_amount) VALUES ${orders.map(() => '(?, ?, 1, 10)').join(', ')}`,
    orders.flatMap(([id, , , , category]) => [id, category]),
  );
});
afterAll(() => db.close());

describe('computeSignals', () => {
  it('announces each step as it starts, in the order the progress line counts them', async () => {
    const heard: string[] = [];
    await computeSignals(db, { asOf: '2024-06-01' }, (step) => heard.push(step));
    // Every step but the behaviour view's own (`views`, behaviour.ts), once each.
    expect(heard).toEqual(['history', 'cadence', 'categories', 'discounts', 'sendTime', 'lastAction']);
    expect(SIGNAL_STEPS.slice(0, -1)).toEqual(heard);
  });

  it('returns the public summary fields', async () => {
    const summary = await computeSignals(db, { asOf: '2024-06-01' });
    // Shop gap = median(7, 139) = 73. W: (4·7 + 2·73)/6 = 29 days, silent 64 days (03-29 → 06-01) → ratio 2.2, overdue.
    // Q: (139 + 146)/3 = 95 days, silent 12 → not overdue. O: one order, no cadence.
    expect(summary.overdue).toBe(1);
    expect(summary.discountHunters).toBe(1); // W: 5 of 5 orders with a code
    expect(Object.entries(summary.favouriteCategories)).toEqual([
      ['Coffee', 1],
      ['Mug', 1],
      ['Tea', 1],
    ]);
    expect(summary.oneOffCategories).toEqual([]);
    expect(summary.seasonalCategories).toEqual([]);
    expect(summary.details.cadence.shopTypicalGapDays).toBe(73);
    expect(summary.details.lastAction.events).toBe(0);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('joins every signal in the customer_signals view, one row per customer', async () => {
    await computeSignals(db, { asOf: '2024-06-01', cadence: { overdueRatio: 3 } });
    const rows = await db.all(
      `SELECT customer_id, typical_gap_days, overdue, favourite_category, discount_hunter, preferred_weekday_name,
         preferred_hour, last_action FROM customer_signals ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      {
        customer_id: 'O',
        typical_gap_days: null,
        overdue: null,
        favourite_category: 'Mug',
        discount_hunter: false,
        // Shop pattern (O has 1 order): its busiest slot, Friday 10:00 (5 of 8 orders).
        preferred_weekday_name: 'Friday',
        preferred_hour: 10,
        last_action: null,
      },
      {
        customer_id: 'Q',
        typical_gap_days: 95,
        overdue: false,
        favourite_category: 'Tea',
        discount_hunter: false,
        preferred_weekday_name: 'Friday',
        preferred_hour: 10,
        last_action: null,
      },
      {
        customer_id: 'W',
        typical_gap_days: 29,
        overdue: false, // 64/29 = 2.2 < 3
        favourite_category: 'Coffee',
        discount_hunter: true,
        preferred_weekday_name: 'Friday',
        preferred_hour: 10,
        last_action: null,
      },
    ]);
  });

  it("reads one customer's signals for the customer drawer", async () => {
    await computeSignals(db, { asOf: '2024-06-01' });
    const query = customerSignalsSql('W');
    expect(await db.all(query.sql, query.params)).toEqual([
      {
        // 29-day rhythm, last order 2024-03-29: due 2024-04-27, 64 − 29 = 35 days overdue (ratio 2.2 ≥ 2).
        typical_gap_days: 29,
        days_overdue: 35,
        overdue: true,
        expected_next_order_date: '2024-04-27',
        favourite_category: 'Coffee',
        recommendation_category: 'Coffee',
        discount_share: 1,
        discount_hunter: true,
        preferred_weekday: 5,
        preferred_hour: 10,
        send_time_source: 'customer',
        last_action: null,
        last_action_date: null,
        open_abandoned_cart: false,
        abandoned_cart_value: null,
      },
    ]);
  });

  it('rejects an invalid as-of date', async () => {
    await expect(computeSignals(db, { asOf: '2024-02-30' })).rejects.toThrow(/not a date/);
  });
});
