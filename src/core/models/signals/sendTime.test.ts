import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { buildSendTime, sendTimeHeatmap } from './sendTime';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/**
 * Orders as a Shopify export prints them (`2024-03-04 00:30:00 +0200`). The canonical table keeps the wall-clock part
 * and the offset separately (schema.ts), which is what the test does here by hand.
 */
const SHOPIFY_ORDERS: [customer: string | null, createdAt: string][] = [
  // Z: local Monday 00:30 and 00:45 (UTC: Sunday 22:30/22:45) and Wednesday 23:10 at −0500 (UTC: Thursday 04:10).
  ['Z', '2024-03-04 00:30:00 +0200'],
  ['Z', '2024-03-11 00:45:00 +0200'],
  ['Z', '2024-03-06 23:10:00 -0500'],
  // Y: two orders, Friday 10:00 — too few for an own pattern.
  ['Y', '2024-03-08 10:00:00 +0100'],
  ['Y', '2024-03-15 10:00:00 +0100'],
  // X: Tuesday 12:00, Wednesday 09:00, Thursday 09:00 — a three-way weekday tie.
  ['X', '2024-03-12 12:00:00 +0100'],
  ['X', '2024-03-13 09:00:00 +0100'],
  ['X', '2024-03-14 09:00:00 +0100'],
  // Guests: three orders on Tuesday 20:00.
  [null, '2024-03-05 20:00:00 +0100'],
  [null, '2024-03-05 20:10:00 +0100'],
  [null, '2024-03-19 20:30:00 +0100'],
];
const AS_OF = '2024-04-01';

beforeAll(async () => {
  await db.run(CANONICAL_SCHEMA_SQL);
  await db.all(
    `INSERT INTO orders (order_id, customer_id, order_ts, utc_offset_minutes, amount, gross_amount, refunded_amount, discount_amount)
     VALUES ${SHOPIFY_ORDERS.map(() => '(?, ?, CAST(? AS TIMESTAMP), ?, 1, 1, 0, 0)').join(', ')}`,
    SHOPIFY_ORDERS.flatMap(([customer, createdAt], i) => {
      const [, local, sign, hh, mm] = /^(.{19}) ([+-])(\d\d)(\d\d)$/.exec(createdAt)!;
      return [`o${i}`, customer, local!, (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm))];
    }),
  );
});

async function rows(): Promise<Record<string, Record<string, unknown>>> {
  const list = await db.all(`SELECT * FROM customer_signals_send_time`);
  return Object.fromEntries(list.map((r) => [r.customer_id as string, r]));
}

/** Builds the send times of a shop of its own: `orders` are (customer or NULL, local timestamp), amounts 1. */
async function ownShop(orders: [customer: string | null, timestamp: string][]) {
  const shop = await NodeExecutor.open();
  try {
    await shop.run(CANONICAL_SCHEMA_SQL);
    await shop.all(
      `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount)
       VALUES ${orders.map(() => '(?, ?, CAST(? AS TIMESTAMP), 1, 1, 0, 0)').join(', ')}`,
      orders.flatMap(([customer, timestamp], i) => [String(i), customer, timestamp]),
    );
    const summary = await buildSendTime(shop, AS_OF);
    const rows = await shop.all(
      `SELECT preferred_weekday, preferred_hour, send_time_source FROM customer_signals_send_time`,
    );
    return { summary, rows };
  } finally {
    shop.close();
  }
}

describe('best send time', () => {
  // Shop weekdays (all 11 orders): Mon 2, Tue 3 guests + 1 X = 4, Wed 2, Thu 1, Fri 2 → Tuesday.
  // Shop hours: 0 ×2, 23 ×1, 10 ×2, 12 ×1, 9 ×2, 20 ×3 → 20.
  it('uses the local hour of the order, not UTC', async () => {
    await buildSendTime(db, AS_OF);
    expect((await rows()).Z).toMatchObject({
      orders: 3,
      preferred_weekday: 1,
      preferred_weekday_name: 'Monday',
      preferred_hour: 0,
      send_time_source: 'customer',
    });
  });

  it("falls back to the shop's pattern below the minimum number of orders", async () => {
    const summary = await buildSendTime(db, AS_OF);
    expect(summary).toMatchObject({ shopWeekday: 2, shopWeekdayName: 'Tuesday', shopHour: 20, timeOfDayKnown: true });
    expect(summary).toMatchObject({ customersWithOwnPattern: 2, customersOnShopPattern: 1 });
    expect((await rows()).Y).toMatchObject({ preferred_weekday: 2, preferred_hour: 20, send_time_source: 'shop' });
    await buildSendTime(db, AS_OF, { minOrders: 2 });
    expect((await rows()).Y).toMatchObject({
      preferred_weekday: 5,
      preferred_weekday_name: 'Friday',
      preferred_hour: 10,
    });
  });

  it("breaks a customer's tie by the shop's busier weekday", async () => {
    await buildSendTime(db, AS_OF);
    // X: Tue, Wed, Thu once each; the shop has Tue 4, Wed 2, Thu 1 → Tuesday. Hours: 9 twice → 9.
    expect((await rows()).X).toMatchObject({ preferred_weekday: 2, preferred_hour: 9, send_time_source: 'customer' });
  });

  it('builds the weekday × hour heatmap for the shop and for a set of customers', async () => {
    const shop = await sendTimeHeatmap(db, AS_OF);
    expect(shop).toHaveLength(168);
    expect(shop.reduce((s, c) => s + c.orders, 0)).toBe(11);
    expect(shop.find((c) => c.weekday === 2 && c.hour === 20)).toEqual({
      weekday: 2,
      weekday_name: 'Tuesday',
      hour: 20,
      orders: 3,
      share: 3 / 11,
    });
    await db.run(`CREATE OR REPLACE TABLE "vip list" AS SELECT 'Z' AS customer_id`);
    const vip = await sendTimeHeatmap(db, AS_OF, { relation: 'vip list' });
    expect(vip.filter((c) => c.orders > 0).map((c) => [c.weekday, c.hour, c.orders])).toEqual([
      [1, 0, 2],
      [3, 23, 1],
    ]);
    const y = await sendTimeHeatmap(db, AS_OF, { sql: 'SELECT ? AS customer_id', params: ['Y'] });
    expect(y.filter((c) => c.orders > 0).map((c) => [c.weekday, c.hour, c.orders, c.share])).toEqual([[5, 10, 2, 1]]);
    const nobody = await sendTimeHeatmap(db, AS_OF, { sql: 'SELECT ? AS customer_id', params: ['nobody'] });
    expect(nobody.every((c) => c.orders === 0 && c.share === 0)).toBe(true);
  });

  it("gives the shop's busiest slot of the week, not its busiest weekday and busiest hour taken apart", async () => {
    // Sundays at 20:00 three times; Monday and Tuesday lunch twice each. Apart: Sunday (3 orders) and 12:00 (4) —
    // a slot with no order at all. Together: Sunday 20:00. V, with one order, falls back to it.
    const { summary, rows } = await ownShop([
      [null, '2024-03-03 20:05:00'],
      [null, '2024-03-10 20:15:00'],
      ['V', '2024-03-17 20:40:00'],
      [null, '2024-03-04 12:10:00'],
      [null, '2024-03-11 12:20:00'],
      [null, '2024-03-05 12:30:00'],
      [null, '2024-03-12 12:50:00'],
    ]);
    expect(summary).toMatchObject({ shopWeekday: 7, shopWeekdayName: 'Sunday', shopHour: 20 });
    expect(rows).toEqual([{ preferred_weekday: 7, preferred_hour: 20, send_time_source: 'shop' }]);
  });

  it('gives no hour when the file has dates only', async () => {
    // Wednesday, Wednesday, Friday — all at midnight, as a date-only export is stored.
    const { summary, rows } = await ownShop([
      ['D', '2024-03-06 00:00:00'],
      ['D', '2024-03-13 00:00:00'],
      ['D', '2024-03-15 00:00:00'],
    ]);
    expect(summary).toMatchObject({ timeOfDayKnown: false, shopHour: null, shopWeekday: 3 });
    expect(rows).toEqual([{ preferred_weekday: 3, preferred_hour: null, send_time_source: 'customer' }]);
  });
});
