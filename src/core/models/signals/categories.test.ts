import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { buildCategories, categorySets, customerCategoriesSql, topCategories } from './categories';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

type Line = [category: string | null, amount: number, product?: string];
interface Order {
  customer: string | null;
  date: string;
  lines: Line[];
}

async function loadOrders(orders: Order[]): Promise<void> {
  await db.run(CANONICAL_SCHEMA_SQL);
  await db.all(
    `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount)
     VALUES ${orders.map(() => '(?, ?, CAST(? AS TIMESTAMP), 1, 1, 0, 0)').join(', ')}`,
    orders.flatMap((o, i) => [`o${i}`, o.customer, o.date]),
  );
  const lines = orders.flatMap((o, i) => o.lines.map((l) => [`o${i}`, l[0], l[2] ?? `${l[0]} item`, l[1]]));
  await db.all(
    `INSERT INTO order_lines (order_id, category, product, quantity, line_amount)
     VALUES ${lines.map(() => '(?, ?, ?, 1, ?)').join(', ')}`,
    lines.flat(),
  );
}

const month = (m: number, d = 15): string => `2023-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

// The shop, 2023 (as of 2024-01-01):
// A buys Coffee (20) every month — so the history covers all 12 calendar months.
// B1–B3 buy Decorations (30) in November and in December, B1 adding Coffee (5) in December; B4 Decorations (20) in June.
// M1–M6 buy one Mattress (500) each in March. F buys Coffee 10 + Tea 15 in April and in May; G Coffee 10 + Apron 10.
// H buys a line with no category whose product is "Gift card". A guest buys Decorations (1000); M1 a Mattress in 2024.
const ORDERS: Order[] = [
  ...Array.from({ length: 12 }, (_, i) => ({ customer: 'A', date: month(i + 1), lines: [['Coffee', 20]] as Line[] })),
  { customer: 'B1', date: month(11, 10), lines: [['Decorations', 30]] },
  {
    customer: 'B1',
    date: month(12, 10),
    lines: [
      ['Decorations', 30],
      ['Coffee', 5],
    ],
  },
  { customer: 'B2', date: month(11, 10), lines: [['Decorations', 30]] },
  { customer: 'B2', date: month(12, 10), lines: [['Decorations', 30]] },
  { customer: 'B3', date: month(11, 10), lines: [['Decorations', 30]] },
  { customer: 'B3', date: month(12, 10), lines: [['Decorations', 30]] },
  { customer: 'B4', date: month(6, 10), lines: [['Decorations', 20]] },
  ...['M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((c) => ({
    customer: c,
    date: month(3, 5),
    lines: [['Mattress', 500]] as Line[],
  })),
  {
    customer: 'F',
    date: month(4, 1),
    lines: [
      ['Coffee', 10],
      ['Tea', 15],
    ],
  },
  {
    customer: 'F',
    date: month(5, 1),
    lines: [
      ['Coffee', 10],
      ['Tea', 15],
    ],
  },
  {
    customer: 'G',
    date: month(4, 2),
    lines: [
      ['Coffee', 10],
      ['Apron', 10],
    ],
  },
  {
    customer: 'G',
    date: month(5, 2),
    lines: [
      ['Coffee', 10],
      ['Apron', 10],
    ],
  },
  { customer: 'H', date: month(7, 1), lines: [[null, 25, 'Gift card']] },
  { customer: null, date: month(11, 20), lines: [['Decorations', 1000]] },
  { customer: 'M1', date: '2024-02-01', lines: [['Mattress', 500]] },
];
const AS_OF = '2024-01-01';
// Small thresholds so a hand-sized shop can be judged: Mattress has 6 buyers (≥ 5), Decorations 7 orders (≥ 7),
// Tea 2 orders and Mattress 6 orders (< 7, so not judged for seasonality although all in one or two months).
const SMALL = { minBuyers: 5, minSeasonalOrders: 7 };

beforeAll(() => loadOrders(ORDERS));

interface CustomerRow {
  customer_id: string;
  favourite_category: string;
  categories_bought: string[];
  recommendation_category: string | null;
  one_off_only: boolean;
  favourite_share_of_spend: number;
}

async function customers(): Promise<Record<string, CustomerRow>> {
  const rows = await db.all<CustomerRow & Record<string, unknown>>(`SELECT * FROM customer_signals_categories`);
  return Object.fromEntries(rows.map((r) => [r.customer_id, r]));
}

describe('favourite categories', () => {
  it('finds one-off and seasonal categories with their reasons', async () => {
    const summary = await buildCategories(db, AS_OF, SMALL);
    // Mattress: 0 of 6 buyers bought twice → 0 % < 5 %. Decorations: Jun 20, Nov 90, Dec 90 of 200 →
    // November–December hold 180/200 = 90 % ≥ 60 %; its repeat rate is 3/4.
    expect(summary.oneOffCategories).toEqual(['Mattress']);
    expect(summary.seasonalCategories).toEqual(['Decorations']);
    expect(summary.exclusionReasons).toEqual({
      Mattress: 'one-off: only 0.0% of its 6 buyers bought it on two or more orders (below 5.0%)',
      Decorations: 'seasonal: 90% of its revenue falls in November–December',
    });
    expect(summary.seasonalityJudged).toBe(true);
    const [decorations] = await db.all<{ buyers: number; repeat_rate: number; peak_share: number }>(
      `SELECT buyers, repeat_rate, peak_share FROM signals_category_stats WHERE category = 'Decorations'`,
    );
    expect(decorations).toEqual({ buyers: 4, repeat_rate: 0.75, peak_share: 0.9 });
    // Coffee: Apr and May 40 each of 285 in the year = 28 %; not seasonal.
    const [coffee] = await db.all<{ peak_share: number; seasonal: boolean }>(
      `SELECT peak_share, seasonal FROM signals_category_stats WHERE category = 'Coffee'`,
    );
    expect(coffee!.peak_share).toBeCloseTo(80 / 285, 12);
    expect(coffee!.seasonal).toBe(false);
  });

  it('picks favourites by orders, then spend, then name, and recommends outside excluded categories', async () => {
    await buildCategories(db, AS_OF, SMALL);
    const c = await customers();
    expect(Object.keys(c).sort()).toEqual([
      'A',
      'B1',
      'B2',
      'B3',
      'B4',
      'F',
      'G',
      'H',
      'M1',
      'M2',
      'M3',
      'M4',
      'M5',
      'M6',
    ]);
    expect(c.A).toMatchObject({ favourite_category: 'Coffee', recommendation_category: 'Coffee', one_off_only: false });
    // B1: Decorations on 2 orders, Coffee on 1; Decorations is seasonal, so the recommendation is Coffee.
    expect(c.B1).toMatchObject({
      favourite_category: 'Decorations',
      categories_bought: ['Coffee', 'Decorations'],
      recommendation_category: 'Coffee',
      favourite_share_of_spend: 60 / 65,
    });
    expect(c.B2).toMatchObject({
      favourite_category: 'Decorations',
      recommendation_category: null,
      one_off_only: false,
    });
    expect(c.M1).toMatchObject({ favourite_category: 'Mattress', recommendation_category: null, one_off_only: true });
    // F: Coffee and Tea both on 2 orders; Tea has the higher spend (30 vs 20): 30/50 of F's spend.
    expect(c.F).toMatchObject({
      favourite_category: 'Tea',
      favourite_share_of_spend: 0.6,
    });
    // G: Coffee and Apron tie on orders (2) and spend (20): the name decides.
    expect(c.G).toMatchObject({ favourite_category: 'Apron', categories_bought: ['Apron', 'Coffee'] });
    // H's line has no category: the product name stands in.
    expect(c.H).toMatchObject({ favourite_category: 'Gift card', recommendation_category: 'Gift card' });
  });

  it('gives each customer the share of orders and of spend per category', async () => {
    await buildCategories(db, AS_OF, SMALL);
    const shares = await db.all(
      `SELECT customer_id, category, orders, spend, share_of_orders, share_of_spend FROM customer_signals_category_shares
       WHERE customer_id IN ('B1', 'F', 'M1') ORDER BY customer_id, category`,
    );
    expect(shares).toEqual([
      // B1: 2 orders; Coffee on 1 (5), Decorations on 2 (60) of 65.
      { customer_id: 'B1', category: 'Coffee', orders: 1, spend: 5, share_of_orders: 0.5, share_of_spend: 5 / 65 },
      { customer_id: 'B1', category: 'Decorations', orders: 2, spend: 60, share_of_orders: 1, share_of_spend: 60 / 65 },
      // F: 2 orders, each with Coffee 10 and Tea 15.
      { customer_id: 'F', category: 'Coffee', orders: 2, spend: 20, share_of_orders: 1, share_of_spend: 0.4 },
      { customer_id: 'F', category: 'Tea', orders: 2, spend: 30, share_of_orders: 1, share_of_spend: 0.6 },
      // M1: its 2024 order is after the as-of date.
      { customer_id: 'M1', category: 'Mattress', orders: 1, spend: 500, share_of_orders: 1, share_of_spend: 1 },
    ]);
  });

  it("lists one customer's categories for the drawer, the favourite first, marking those not to recommend", async () => {
    await buildCategories(db, AS_OF, SMALL);
    const categoriesOf = async (customer: string, limit?: number) => {
      const query = customerCategoriesSql(customer, limit);
      return db.all(query.sql, query.params);
    };
    // B1: Decorations on 2 of 2 orders and 60 of 65 spent (seasonal: all its revenue in November–December), Coffee
    // on 1 order and 5 of 65.
    expect(await categoriesOf('B1')).toEqual([
      {
        category: 'Decorations',
        orders: 2,
        share_of_orders: 1,
        share_of_spend: 60 / 65,
        one_off: false,
        seasonal: true,
        categories: 2,
      },
      {
        category: 'Coffee',
        orders: 1,
        share_of_orders: 0.5,
        share_of_spend: 5 / 65,
        one_off: false,
        seasonal: false,
        categories: 2,
      },
    ]);
    // F: Coffee and Tea on both orders; Tea has the higher spend (30 against 20). One shown, two in all.
    expect(await categoriesOf('F', 1)).toEqual([
      {
        category: 'Tea',
        orders: 2,
        share_of_orders: 1,
        share_of_spend: 0.6,
        one_off: false,
        seasonal: false,
        categories: 2,
      },
    ]);
    // M2: one Mattress, which none of its 6 buyers bought again: one-off.
    expect(await categoriesOf('M2')).toEqual([
      {
        category: 'Mattress',
        orders: 1,
        share_of_orders: 1,
        share_of_spend: 1,
        one_off: true,
        seasonal: false,
        categories: 1,
      },
    ]);
    expect(await categoriesOf('nobody')).toEqual([]);
  });

  it('counts customers per favourite category, most first', async () => {
    const summary = await buildCategories(db, AS_OF, SMALL);
    expect(Object.entries(summary.favouriteCategories)).toEqual([
      ['Mattress', 6],
      ['Decorations', 4],
      ['Apron', 1],
      ['Coffee', 1],
      ['Gift card', 1],
      ['Tea', 1],
    ]);
    expect(summary.oneOffOnlyCustomers).toBe(6);
    expect(summary.customersWithLines).toBe(14);
    const top2 = await buildCategories(db, AS_OF, { ...SMALL, summaryTop: 2 });
    expect(Object.keys(top2.favouriteCategories)).toEqual(['Mattress', 'Decorations']);
  });

  it('judges nothing on too little data with the default thresholds', async () => {
    // 6 Mattress buyers < 20; 7 Decorations orders < 30.
    const summary = await buildCategories(db, AS_OF);
    expect(summary.oneOffCategories).toEqual([]);
    expect(summary.seasonalCategories).toEqual([]);
  });

  it('does not judge seasonality when the history misses a calendar month', async () => {
    // As of 2023-12-01 December is not in the history: every category would look seasonal on part of a year.
    const summary = await buildCategories(db, '2023-12-01', { ...SMALL, minSeasonalOrders: 1 });
    expect(summary.seasonalityJudged).toBe(false);
    expect(summary.seasonalCategories).toEqual([]);
  });
});

describe('category tallies per customer', () => {
  /** `check` on a database of its own holding `orders` (id, customer, time) and `lines`, as SQL VALUES rows. */
  async function withShop(orders: string, lines: string, check: (own: NodeExecutor) => Promise<void>): Promise<void> {
    const own = await NodeExecutor.open();
    try {
      await own.run(CANONICAL_SCHEMA_SQL);
      await own.run(`INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount,
          discount_amount)
        SELECT id, customer, CAST(ts AS TIMESTAMP), 1, 1, 0, 0 FROM (VALUES ${orders}) t(id, customer, ts)`);
      await own.run(`INSERT INTO order_lines (order_id, category, product, quantity, line_amount) VALUES ${lines}`);
      await check(own);
    } finally {
      own.close();
    }
  }

  it('counts a category once per order, adds nothing for a missing amount or quantity, whatever the line order', () =>
    withShop(
      `('o1', 'X', '2023-03-01 10:00:00'), ('o2', 'X', '2023-04-01 10:00:00')`,
      // o1's lines are split by o2's, as a file concatenated from two exports lists them.
      `('o1', 'Coffee', 'Beans', 2, 10), ('o2', 'Tea', 'Green', 1, 7), ('o1', 'Tea', 'Black', NULL, NULL),
        ('o1', 'Coffee', 'Ground', 1, 5)`,
      async (own) => {
        await buildCategories(own, '2024-01-01');
        const rows = await own.all(
          `SELECT category, orders, spend, units FROM signals_customer_categories WHERE customer_id = 'X' ORDER BY 1`,
        );
        expect(rows).toEqual([
          // Two Coffee lines in o1: one order, 10 + 5 spent, 2 + 1 units.
          { category: 'Coffee', orders: 1, spend: 15, units: 3 },
          // Tea in o1 (no amount, no quantity) and in o2 (7, 1 unit).
          { category: 'Tea', orders: 2, spend: 7, units: 1 },
        ]);
        const [x] = await own.all(`SELECT favourite_category FROM customer_signals_categories WHERE customer_id = 'X'`);
        expect(x).toEqual({ favourite_category: 'Tea' });
      },
    ));

  it('links lines to the right orders once orders were deleted from the table', () =>
    withShop(
      `('o1', 'X', '2023-03-01 10:00:00'), ('o2', 'Y', '2023-04-01 10:00:00'), ('o3', 'Z', '2023-05-01 10:00:00')`,
      `('o1', 'Coffee', NULL, 1, 10), ('o2', 'Tea', NULL, 2, 7), ('o3', 'Cups', NULL, 3, 4)`,
      async (own) => {
        // o2 and o3 keep their rowids 1 and 2, now at positions 0 and 1 of a scan.
        await own.run(`DELETE FROM orders WHERE order_id = 'o1'; DELETE FROM order_lines WHERE order_id = 'o1'`);
        await buildCategories(own, '2024-01-01');
        const rows = await own.all(
          `SELECT customer_id, category, orders, spend, units FROM signals_customer_categories ORDER BY 1`,
        );
        expect(rows).toEqual([
          { customer_id: 'Y', category: 'Tea', orders: 1, spend: 7, units: 2 },
          { customer_id: 'Z', category: 'Cups', orders: 1, spend: 4, units: 3 },
        ]);
      },
    ));
});

describe('categorySets', () => {
  it('numbers each distinct set of categories once, whatever order the customer bought them in', () => {
    // Rows: 0 bought codes 3 then 1; 1 nothing; 2 bought 1 then 3; 3 bought 2; 4 bought 1, 2 and 3.
    const codeOfPair = Int32Array.from([3, 1, 1, 3, 2, 1, 2, 3]);
    const pairStart = Int32Array.from([0, 2, 2, 4, 5, 8]);
    const expected = {
      setOf: [0, NaN, 0, 1, 2],
      members: { category_set: [0, 0, 1, 2, 2, 2], code: [1, 3, 2, 1, 2, 3] },
    };
    // Keyed by bit mask (few codes) and by text (more than 53 codes): the same sets.
    for (const codes of [4, 60]) {
      const { setOf, members } = categorySets(codeOfPair, pairStart, 5, codes);
      expect({ setOf: Array.from(setOf), members }).toEqual(expected);
    }
  });

  it('tells sets with the highest codes apart and orders codes as numbers, not as text', () => {
    const codeOfPair = Int32Array.from([52, 51, 52, 10, 9]);
    const pairStart = Int32Array.from([0, 1, 2, 3, 5]);
    for (const codes of [53, 60]) {
      const { setOf, members } = categorySets(codeOfPair, pairStart, 4, codes);
      expect(Array.from(setOf)).toEqual([0, 1, 0, 2]);
      expect(members).toEqual({ category_set: [0, 1, 2, 2], code: [52, 51, 9, 10] });
    }
  });
});

describe('topCategories', () => {
  const names = ['Bags', 'Coffee', 'Tea'];

  it('ranks categories by customers, most first, leaving out customers without one', () => {
    // Tea: rows 0, 3, 6; Bags: rows 2, 5; Coffee: row 4; row 1 has none.
    const favourites = Float64Array.from([2, NaN, 0, 2, 1, 0, 2]);
    expect(Object.entries(topCategories(favourites, names, 2))).toEqual([
      ['Tea', 3],
      ['Bags', 2],
    ]);
    expect(topCategories(favourites, names, 0)).toEqual({});
  });

  it('breaks ties by name and lists no category nobody has', () => {
    expect(Object.entries(topCategories(Float64Array.from([1, 0, NaN]), names, 20))).toEqual([
      ['Bags', 1],
      ['Coffee', 1],
    ]);
  });
});
