import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { buildDiscounts } from './discounts';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

interface Order {
  customer: string | null;
  discount?: number;
  code?: string;
  date?: string;
}

// Every order is worth 100. Each order gets its own day unless given one, so only PROMO_DAY has 5 orders.
const PROMO_DAY = '2024-03-01';
// C1: 3 orders, all with code SALE10 (one a free-shipping code with no amount) → hunter, buys only with codes.
// C2: 5 orders, 4 with a discount amount → 80 % → hunter. C3: 5 orders, 3 discounted → 60 % → not.
// C4: 2 orders, both discounted → hunter. C5: 1 discounted order → not. C6: 2 orders, 1 discounted → not.
// C7: 2 full-price orders on PROMO_DAY, where 3 guest orders used a code: 3 of 5 = 60 % ≥ 50 % → a promotion day.
const ORDERS: Order[] = [
  { customer: 'C1', code: 'SALE10', discount: 10 },
  { customer: 'C1', code: 'SALE10', discount: 10 },
  { customer: 'C1', code: 'FREESHIP', discount: 0 },
  ...[5, 5, 5, 5, 0].map((discount) => ({ customer: 'C2', discount })),
  ...[5, 5, 5, 0, 0].map((discount) => ({ customer: 'C3', discount })),
  ...[5, 5].map((discount) => ({ customer: 'C4', discount })),
  { customer: 'C5', discount: 5 },
  ...[5, 0].map((discount) => ({ customer: 'C6', discount })),
  { customer: 'C7', date: PROMO_DAY },
  { customer: 'C7', date: PROMO_DAY },
  ...[1, 2, 3].map(() => ({ customer: null, code: 'SPRING', date: PROMO_DAY })),
  { customer: 'C5', discount: 5, date: '2024-12-31' }, // after the as-of date: ignored
];
const AS_OF = '2024-06-01';

beforeAll(async () => {
  await db.run(CANONICAL_SCHEMA_SQL);
  await db.all(
    `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, discount_code)
     VALUES ${ORDERS.map(() => '(?, ?, CAST(? AS TIMESTAMP), 100, 100, 0, ?, ?)').join(', ')}`,
    ORDERS.flatMap((o, i) => {
      const date = o.date ?? new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      return [`o${i}`, o.customer, `${date} 12:00:00`, o.discount ?? 0, o.code ?? null];
    }),
  );
});

interface Row {
  customer_id: string;
  orders: number;
  discounted_orders: number;
  discount_share: number;
  discounted_spend_share: number;
  buys_only_during_promotions: boolean;
  discount_hunter: boolean;
}

async function rows(): Promise<Record<string, Row>> {
  const list = await db.all<Row & Record<string, unknown>>(`SELECT * FROM customer_signals_discounts`);
  return Object.fromEntries(list.map((r) => [r.customer_id, r]));
}

describe('discount hunters', () => {
  it('flags customers by the default rule', async () => {
    const summary = await buildDiscounts(db, AS_OF);
    const r = await rows();
    expect(Object.keys(r).sort()).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7']);
    const hunters = Object.values(r)
      .filter((x) => x.discount_hunter)
      .map((x) => x.customer_id);
    expect(hunters.sort()).toEqual(['C1', 'C2', 'C4']);
    expect(summary.discountHunters).toBe(3);
    expect(r.C2).toMatchObject({ orders: 5, discounted_orders: 4, discount_share: 0.8, discounted_spend_share: 0.8 });
    expect(r.C3!.discount_share).toBe(0.6);
    expect(r.C5).toMatchObject({
      orders: 1,
      discount_share: 1,
      discount_hunter: false,
      buys_only_during_promotions: false,
    });
  });

  it('counts a code with no amount as a discount: the customer who only buys with codes', async () => {
    await buildDiscounts(db, AS_OF);
    expect((await rows()).C1).toMatchObject({
      orders: 3,
      discounted_orders: 3,
      discount_share: 1,
      discounted_spend_share: 1,
      discount_hunter: true,
      buys_only_during_promotions: true,
    });
  });

  it('sees a customer who buys full price but only on promotion days', async () => {
    const summary = await buildDiscounts(db, AS_OF);
    const r = await rows();
    expect(r.C7).toMatchObject({ discount_share: 0, discount_hunter: false, buys_only_during_promotions: true });
    // C1 (all coded), C4 (all discounted), C7 (promotion day); C2, C3, C6 have full-price orders on ordinary days.
    expect(summary.onlyDuringPromotions).toBe(3);
    const strict = await buildDiscounts(db, AS_OF, { promotionDayShare: 0.7 }); // 60 % no longer a promotion day
    expect(strict.onlyDuringPromotions).toBe(2);
  });

  it('makes the rule editable', async () => {
    expect((await buildDiscounts(db, AS_OF, { hunterMinShare: 0.6 })).discountHunters).toBe(4); // + C3
    expect((await buildDiscounts(db, AS_OF, { allDiscountedMinOrders: 1 })).discountHunters).toBe(4); // + C5
    await expect(buildDiscounts(db, AS_OF, { hunterMinShare: 1.5 })).rejects.toThrow(/hunterMinShare/);
  });

  it('splits discount-dependent revenue by RFM group when customer_rfm exists', async () => {
    await db.run(`DROP TABLE IF EXISTS customer_rfm`);
    const plain = await buildDiscounts(db, AS_OF);
    // 20 customer orders × 100; discounted: C1 3, C2 4, C3 3, C4 2, C5 1, C6 1 = 14.
    expect(plain.discountedOrders).toBe(14);
    expect(plain.revenueByGroup).toEqual([
      {
        rfm_group: 'All customers',
        customers: 7,
        discount_hunters: 3,
        revenue: 2000,
        discounted_revenue: 1400,
        discount_hunter_revenue: 1000,
        discounted_revenue_share: 0.7,
      },
    ]);
    await db.run(`CREATE TABLE customer_rfm (customer_id VARCHAR, rfm_group VARCHAR);
      INSERT INTO customer_rfm VALUES ('C1', 'Champions'), ('C2', 'Champions'), ('C3', 'At risk'), ('C4', 'At risk')`);
    const grouped = await buildDiscounts(db, AS_OF);
    await db.run(`DROP TABLE customer_rfm`);
    expect(grouped.revenueByGroup).toEqual([
      // C1 300 (300 discounted) + C2 500 (400); both hunters.
      {
        rfm_group: 'Champions',
        customers: 2,
        discount_hunters: 2,
        revenue: 800,
        discounted_revenue: 700,
        discount_hunter_revenue: 800,
        discounted_revenue_share: 700 / 800,
      },
      // C3 500 (300) + C4 200 (200); C4 is a hunter.
      {
        rfm_group: 'At risk',
        customers: 2,
        discount_hunters: 1,
        revenue: 700,
        discounted_revenue: 500,
        discount_hunter_revenue: 200,
        discounted_revenue_share: 500 / 700,
      },
      // C5 100 (100), C6 200 (100), C7 200 (0).
      {
        rfm_group: '(no RFM group)',
        customers: 3,
        discount_hunters: 0,
        revenue: 500,
        discounted_revenue: 200,
        discount_hunter_revenue: 0,
        discounted_revenue_share: 0.4,
      },
    ]);
  });
});
