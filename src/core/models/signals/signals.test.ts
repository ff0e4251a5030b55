import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import type { SqlExecutor } from '../../sql/executor';
import { KeptSignals } from './keptSignals';
import { EVENTS_TABLE_SQL } from './lastAction';
import { computeSignals, customerSignalsSql } from './signals';
import { SIGNAL_STEPS } from './steps';

/** A shop of three customers (W, Q, O) and their lines. */
async function openShop(): Promise<NodeExecutor> {
  const db = await NodeExecutor.open();
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
  return db;
}

/** Runs `work` on a shop of its own, closed afterwards. */
async function withShop(work: (shop: NodeExecutor) => Promise<void>): Promise<void> {
  const shop = await openShop();
  try {
    await work(shop);
  } finally {
    shop.close();
  }
}

let db: NodeExecutor;
beforeAll(async () => {
  db = await openShop();
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

describe('computeSignals with what earlier runs kept', () => {
  /** `db` recording every statement it is given. */
  function recording(db: SqlExecutor): { db: SqlExecutor; statements: string[] } {
    const statements: string[] = [];
    const spy = new Proxy(db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (typeof args[0] === 'string') statements.push(args[0]);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { db: spy, statements };
  }
  const signalsOf = (db: SqlExecutor) =>
    db.all(`SELECT customer_id, overdue, favourite_category, recommendation_category, discount_hunter, preferred_hour,
        last_action FROM customer_signals ORDER BY customer_id`);

  it('computes only the signal whose rule changed, and answers as a run from scratch does', () =>
    withShop(async (shop) => {
      const kept = new KeptSignals();
      const first = await computeSignals(shop, { asOf: '2024-06-01' }, undefined, kept);
      expect(first.overdue).toBe(1);

      const { db: spy, statements } = recording(shop);
      const rule = { asOf: '2024-06-01', cadence: { overdueRatio: 3 } };
      const second = await computeSignals(spy, rule, undefined, kept);
      // W: 64 days silent / 29-day rhythm = 2.2 < 3, so no one is overdue now; the rest is as before.
      expect(second.overdue).toBe(0);
      expect(second.discountHunters).toBe(1);
      // Neither the orders (the history) nor the lines (the categories) were read again.
      expect(statements.filter((sql) => /\b(FROM|JOIN) (orders|order_lines)\b/.test(sql))).toEqual([]);
      const reused = await signalsOf(shop);

      await withShop(async (fresh) => {
        expect(await computeSignals(fresh, rule)).toEqual(second);
        expect(await signalsOf(fresh)).toEqual(reused);
      });
      expect(reused).toEqual([
        expect.objectContaining({ customer_id: 'O', overdue: null, discount_hunter: false }),
        expect.objectContaining({ customer_id: 'Q', overdue: false, discount_hunter: false }),
        expect.objectContaining({ customer_id: 'W', overdue: false, discount_hunter: true }),
      ]);

      // A discount rule changes the discounts alone.
      const hunterRule = { hunterMinOrders: 6, allDiscountedMinOrders: 6 };
      statements.length = 0;
      const third = await computeSignals(spy, { ...rule, discounts: hunterRule }, undefined, kept);
      expect(third.discountHunters).toBe(0); // W has 5 orders, below 6 for either clause
      expect(third.overdue).toBe(0);
      expect(statements.some((sql) => sql.includes('signal_discount_values'))).toBe(true);
      expect(statements.some((sql) => sql.includes('signal_cadence_values'))).toBe(false);
    }));

  it('reads the history again for another as-of date, and the last action again after new events', () =>
    withShop(async (shop) => {
      const kept = new KeptSignals();
      await computeSignals(shop, { asOf: '2024-06-01' }, undefined, kept);
      // On 2024-05-01 Q's second order and O's only order have not happened: O is no customer yet.
      const earlier = await computeSignals(shop, { asOf: '2024-05-01' }, undefined, kept);
      expect(earlier.details.discounts.customers).toBe(2);

      await shop.run(EVENTS_TABLE_SQL);
      await shop.run(
        `INSERT INTO events (customer_id, event_ts, type) VALUES ('Q', TIMESTAMP '2024-04-02 09:00', 'review')`,
      );
      kept.eventsChanged();
      const withEvents = await computeSignals(shop, { asOf: '2024-05-01' }, undefined, kept);
      expect(withEvents.details.lastAction.events).toBe(1);
      expect(await shop.all(`SELECT customer_id, last_action FROM customer_signals ORDER BY 1`)).toEqual([
        { customer_id: 'Q', last_action: 'review' },
        { customer_id: 'W', last_action: null },
      ]);
    }));

  it('splits the discount revenue by the new RFM groups once the scores changed', () =>
    withShop(async (shop) => {
      const kept = new KeptSignals();
      const groups = (hunterGroup: string) =>
        shop.run(`CREATE OR REPLACE VIEW customer_rfm AS SELECT * FROM (VALUES ('W', '${hunterGroup}'),
          ('Q', 'Loyal'), ('O', 'Loyal')) t(customer_id, rfm_group)`);
      await groups('Champions');
      const before = await computeSignals(shop, { asOf: '2024-06-01' }, undefined, kept);
      expect(before.details.discounts.revenueByGroup.map((r) => [r.rfm_group, r.discount_hunters])).toEqual([
        ['Champions', 1],
        ['Loyal', 0],
      ]);
      await groups('At risk');
      kept.scoresChanged();
      const after = await computeSignals(shop, { asOf: '2024-06-01', cadence: { overdueRatio: 3 } }, undefined, kept);
      expect(after.details.discounts.revenueByGroup.map((r) => [r.rfm_group, r.discount_hunters])).toEqual([
        ['At risk', 1],
        ['Loyal', 0],
      ]);
    }));
});
