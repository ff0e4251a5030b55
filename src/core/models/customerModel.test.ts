import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { scratchDirectory, shared, writeScratch } from '../../../tests/fixtures/files';
import { importFile } from '../ingest/importFile';
import { CANONICAL_SCHEMA_SQL } from '../schema';
import { analyzeCustomers, buildAndScore } from './analyzeCustomers';
import { fmScore, rfmGrid, RFM_GROUPS } from './rfmGroups';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

interface RawOrder {
  customer: string | null;
  date: string; // YYYY-MM-DD
  amount: number;
  discount?: number;
  tags?: string;
}

async function loadOrders(orders: RawOrder[]): Promise<void> {
  await db.run(CANONICAL_SCHEMA_SQL);
  for (let i = 0; i < orders.length; i += 500) {
    const chunk = orders.slice(i, i + 500);
    await db.all(
      `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, tags, source_row)
       VALUES ${chunk.map(() => '(?, ?, CAST(? AS TIMESTAMP), ?, ?, 0, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((o, j) => [
        String(i + j + 1),
        o.customer,
        o.date,
        o.amount,
        o.amount,
        o.discount ?? 0,
        o.tags ?? null,
        i + j + 1,
      ]),
    );
  }
}

/** CDNOW_sample parsed by hand: master id, yyyymmdd, dollars. */
function cdnowOrders(): RawOrder[] {
  return readFileSync(shared('CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const t = l.trim().split(/\s+/);
      return {
        customer: t[0],
        date: `${t[2].slice(0, 4)}-${t[2].slice(4, 6)}-${t[2].slice(6, 8)}`,
        amount: Number(t[4]),
      };
    });
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/** A second, plain implementation of the documented scoring rule, to check the SQL against. */
function scoresByHand(values: number[], levels: number, higherIsBetter: boolean): number[] {
  return values.map((v) => {
    const worse = values.filter((w) => (higherIsBetter ? w < v : w > v)).length;
    return Math.min(levels, 1 + Math.floor((worse / values.length) * levels + 1e-9));
  });
}

describe('customer model on CDNOW_sample', () => {
  const orders = cdnowOrders();
  const asOf = '1998-07-01';
  const byCustomer = new Map<string, RawOrder[]>();
  for (const o of orders) byCustomer.set(o.customer!, [...(byCustomer.get(o.customer!) ?? []), o]);
  const ids = [...byCustomer.keys()];
  const figures = ids.map((id) => {
    const list = byCustomer.get(id)!;
    const dates = list.map((o) => o.date).sort();
    return {
      id,
      orders: list.length,
      spent: Math.round(list.reduce((s, o) => s + o.amount * 100, 0)) / 100,
      recency: days(dates.at(-1)!, asOf),
      first: dates[0],
      last: dates.at(-1)!,
      days: new Set(dates).size,
    };
  });

  beforeAll(async () => {
    await loadOrders(orders);
  });

  it('builds one row per customer with the right figures', async () => {
    const result = await analyzeCustomers(db);
    expect(result.asOf).toBe(asOf);
    expect(result.customers).toBe(2357);
    expect(result.firstTimeCustomers).toBe(figures.filter((f) => f.orders === 1).length);
    for (const id of ['00004', '19339', '23556', '23569', ids[100]]) {
      const expected = figures.find((f) => f.id === id)!;
      const [row] = await db.all(
        `SELECT orders, purchase_days, round(amount_spent, 2) AS spent, days_since_last_order AS recency,
           strftime(first_order_date, '%Y-%m-%d') AS first, strftime(last_order_date, '%Y-%m-%d') AS last
         FROM customers WHERE customer_id = ?`,
        [id],
      );
      expect(row, id).toEqual({
        orders: expected.orders,
        purchase_days: expected.days,
        spent: expected.spent,
        recency: expected.recency,
        first: expected.first,
        last: expected.last,
      });
    }
  });

  it('puts every customer in exactly one RFM group, matching a plain re-implementation', async () => {
    const result = await analyzeCustomers(db);
    const r = scoresByHand(
      figures.map((f) => f.recency),
      5,
      false,
    );
    const f = scoresByHand(
      figures.map((x) => x.orders),
      5,
      true,
    );
    const m = scoresByHand(
      figures.map((x) => x.spent),
      5,
      true,
    );
    const grid = rfmGrid(5);
    const expected = Object.fromEntries(RFM_GROUPS.map((g) => [g, 0]));
    figures.forEach((_, i) => {
      const cell = grid.find((c) => c.r === r[i] && c.fm === fmScore(f[i], m[i]))!;
      expected[cell.group]++;
    });
    expect(result.rfm.groups).toEqual(expected);
    expect(Object.values(result.rfm.groups).reduce((a, b) => a + b, 0)).toBe(2357);
  });

  it('splits spend tiers at the 30th and 70th percentiles with equal spend in one tier', async () => {
    const result = await analyzeCustomers(db);
    const position = figures.map((x) => figures.filter((y) => y.spent < x.spent).length / figures.length);
    expect(result.spendTier).toMatchObject({
      eligible: true,
      LOW: position.filter((p) => p < 0.3).length,
      MEDIUM: position.filter((p) => p >= 0.3 && p < 0.7).length,
      HIGH: position.filter((p) => p >= 0.7).length,
    });
  });

  it('scores every customer in the customer_model view as the cells summed in memory count them', async () => {
    for (const options of [
      {},
      { rfm: { levels: 3 as const } },
      { rfm: { cutoffs: { recency: [30, 90, 180, 365] } } },
    ]) {
      const { cells } = await buildAndScore(db, options);
      const viewCells = await db.all<{ key: string; n: number }>(
        `SELECT concat_ws('|', recency_score, frequency_score, monetary_score, spend_tier, rfm_group) AS key,
           count(*) AS n FROM customer_model GROUP BY 1 ORDER BY 1`,
      );
      const fromMemory = cells
        .map((c) => ({ key: [c.r, c.f, c.m, c.tier, c.group].join('|'), n: c.customers }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(viewCells).toEqual(fromMemory);
    }
  });

  it('tells the model before the rest of each customer row is built, the same model it ends with', async () => {
    await analyzeCustomers(db); // as of 1998-07-01, the day after the last order
    const heard: { model: unknown; cells: unknown; figuresOnly: boolean }[] = [];
    const built = await buildAndScore(db, { asOf: '1998-01-01' }, async ({ model, cells }) => {
      // Heard while `customers` is still the previous build's.
      const [{ asOf }] = await db.all<{ asOf: string }>(
        `SELECT strftime(max(last_order_date) + 1, '%Y-%m-%d') AS "asOf" FROM customers`,
      );
      heard.push({ model, cells, figuresOnly: asOf !== '1998-01-01' });
    });
    expect(heard).toEqual([{ model: built.model, cells: built.cells, figuresOnly: true }]);
  });

  it('builds again by the customer id when two ids share the key the figures were grouped by', async () => {
    const everyRow = 'SELECT * FROM customers ORDER BY customer_id';
    const expected = await analyzeCustomers(db);
    const expectedRows = await db.all(everyRow);
    const heard: number[] = [];
    // Two keys for 2,357 customers: the figures first merge them into two "customers".
    const collided = await buildAndScore(
      db,
      {},
      ({ model }) => void heard.push(model.customers),
      'hash(customer_id) % 2',
    );
    expect(heard).toEqual([2, 2357]);
    expect(collided.model).toEqual(expected);
    expect(await db.all(everyRow)).toEqual(expectedRows);
    expect(collided.measures.orders).toHaveLength(2357);
  });

  it('keeps every customer’s measures in memory in the row order of `customers`', async () => {
    const { measures } = await buildAndScore(db);
    const rows = await db.all<Record<string, number>>(
      `SELECT days_since_last_order AS recency, orders, amount_spent AS amount, purchase_days AS "purchaseDays",
         customer_age_days AS "ageDays", first_day_amount AS "firstDayAmount" FROM customers ORDER BY rowid`,
    );
    for (const measure of ['recency', 'orders', 'amount', 'purchaseDays', 'ageDays', 'firstDayAmount'] as const) {
      expect(Array.from(measures[measure]), measure).toEqual(rows.map((row) => row[measure]));
    }
  });

  it('measures recency from a chosen as-of date and ignores later orders', async () => {
    const result = await analyzeCustomers(db, { asOf: '1997-10-01' });
    const calibration = new Set(orders.filter((o) => o.date < '1997-10-01').map((o) => o.customer));
    expect(result.customers).toBe(calibration.size);
    const [row] = await db.all(`SELECT days_since_last_order AS d FROM customers WHERE customer_id = '00004'`);
    // 00004's last purchase before 1997-10-01 is on 1997-08-02 (fixture README, worked check for ID 1).
    expect(row).toEqual({ d: days('1997-08-02', '1997-10-01') });
  });
});

describe('scoring rules on crafted data', () => {
  it('never scatters identical customers: 60% one-order customers all get F1, F2 and F3 stay empty', async () => {
    const counts = [...Array(60).fill(1), ...Array(20).fill(2), ...Array(10).fill(3), ...Array(10).fill(5)];
    const crafted: RawOrder[] = counts.flatMap((n, c) =>
      Array.from({ length: n }, (_, k) => ({
        customer: `c${c}`,
        date: `2024-01-${String(k + 1).padStart(2, '0')}`,
        amount: 10,
      })),
    );
    await loadOrders(crafted);
    const result = await analyzeCustomers(db, { asOf: '2024-02-01' });
    // Positions: 1 order → 0/100 → F1; 2 → 60/100 → F4; 3 → 80/100 → F5; 5 → 90/100 → F5.
    expect(result.rfm.cutoffs.frequency.map((b) => [b.score, b.customers, b.min, b.max])).toEqual([
      [1, 60, 1, 1],
      [2, 0, null, null],
      [3, 0, null, null],
      [4, 20, 2, 2],
      [5, 20, 3, 5],
    ]);
  });

  it('applies 3-level scores and user cut-offs (R5 = within 30 days)', async () => {
    const crafted: RawOrder[] = [5, 29, 30, 31, 90, 91, 200, 400].map((ago, i) => ({
      customer: `c${i}`,
      date: new Date(Date.parse('2024-12-31') - ago * DAY).toISOString().slice(0, 10),
      amount: 10 * (i + 1),
    }));
    await loadOrders(crafted);
    const custom = await analyzeCustomers(db, {
      asOf: '2024-12-31',
      rfm: { cutoffs: { recency: [30, 90, 180, 365], frequency: [2, 3, 5, 8], monetary: [20, 40, 60, 80] } },
    });
    // ≤30 days: 5, 29, 30 → R5; 31, 90 → R4; 91 → R3; 200 → R2; 400 → R1.
    expect(custom.rfm.cutoffs.recency.map((b) => b.customers)).toEqual([1, 1, 1, 2, 3]);
    expect(custom.rfm.cutoffs.monetary.map((b) => b.customers)).toEqual([1, 2, 2, 2, 1]);
    const three = await analyzeCustomers(db, { asOf: '2024-12-31', rfm: { levels: 3 } });
    expect(three.rfm.cutoffs.recency).toHaveLength(3);
    expect(Object.values(three.rfm.groups).reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('withholds spend tiers under 50 customers and never counts guests', async () => {
    await loadOrders([
      { customer: 'a', date: '2024-01-01', amount: 10 },
      { customer: null, date: '2024-01-02', amount: 99 },
    ]);
    const result = await analyzeCustomers(db);
    expect(result.customers).toBe(1);
    expect(result.spendTier).toMatchObject({ eligible: false, reason: expect.stringMatching(/Only 1 customer: .*50/) });
  });

  it('says why there are no customers: only guests, or no named purchase before the as-of date', async () => {
    await loadOrders([
      { customer: null, date: '2024-01-02', amount: 99 },
      { customer: 'a', date: '2024-03-01', amount: 10 },
    ]);
    const early = await analyzeCustomers(db, { asOf: '2024-02-01' });
    expect(early).toMatchObject({ customers: 0, noCustomers: 'beforeAsOf' });
    expect((await analyzeCustomers(db)).noCustomers).toBeUndefined();
    await loadOrders([{ customer: null, date: '2024-01-02', amount: 99 }]);
    expect(await analyzeCustomers(db)).toMatchObject({ customers: 0, noCustomers: 'guestsOnly' });
  });

  it('does not count a cancelled order as a purchase: no repeat buyer, no later last order, no customer of its own', async () => {
    const path = writeScratch(
      scratchDirectory(),
      'cancelled.csv',
      'order_id,customer,date,amount,status\n1,a,2024-01-10,30,completed\n2,a,2024-02-10,25,cancelled\n' +
        '3,b,2024-01-20,40,completed\n4,c,2024-02-01,15,cancelled\n',
    );
    const source = new NodeFileSource(path);
    const outcome = await importFile(db, source).finally(() => source.cleanup());
    // The summary still counts and flags the cancelled orders; c, who only cancelled, is no customer.
    expect(outcome).toMatchObject({ ok: true, summary: { orders: 4, customers: 2, revenue: 70 } });
    expect(outcome.ok && outcome.summary.issues).toEqual({ cancelled_order: 2 });
    const result = await analyzeCustomers(db);
    expect(result.asOf).toBe('2024-02-11');
    expect(
      await db.all(
        `SELECT customer_id, orders, first_time, strftime(last_order_date, '%Y-%m-%d') AS last_order,
           days_since_last_order, amount_spent FROM customers ORDER BY customer_id`,
      ),
    ).toEqual([
      {
        customer_id: 'a',
        orders: 1,
        first_time: true,
        last_order: '2024-01-10',
        days_since_last_order: 32,
        amount_spent: 30,
      },
      {
        customer_id: 'b',
        orders: 1,
        first_time: true,
        last_order: '2024-01-20',
        days_since_last_order: 22,
        amount_spent: 40,
      },
    ]);
  });

  it('collects distinct tags and the share of discounted orders', async () => {
    await loadOrders([
      { customer: 'a', date: '2024-01-01', amount: 10, tags: 'vip, newsletter', discount: 2 },
      { customer: 'a', date: '2024-02-01', amount: 10, tags: 'vip' },
    ]);
    await analyzeCustomers(db);
    const [row] = await db.all(`SELECT tags, discount_share, average_days_between_orders AS gap FROM customers`);
    expect(row).toEqual({ tags: ['newsletter', 'vip'], discount_share: 0.5, gap: 31 });
  });

  it('gives customers without tags, or with blank ones only, an empty list of text', async () => {
    await loadOrders([
      { customer: 'a', date: '2024-01-01', amount: 10 },
      { customer: 'b', date: '2024-01-01', amount: 10, tags: ' , ' },
      { customer: 'c', date: '2024-01-01', amount: 10, tags: 'b,a, b' },
    ]);
    await analyzeCustomers(db);
    expect(await db.all(`SELECT customer_id, tags FROM customers ORDER BY customer_id`)).toEqual([
      { customer_id: 'a', tags: [] },
      { customer_id: 'b', tags: [] },
      { customer_id: 'c', tags: ['a', 'b'] },
    ]);
    expect(
      await db.all(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'customers' AND column_name = 'tags'`,
      ),
    ).toEqual([{ data_type: 'VARCHAR[]' }]);
  });
});

describe('the named-group grid', () => {
  it.each([5, 3] as const)('maps each cell of the %i-level grid to exactly one group', (levels) => {
    const cells = rfmGrid(levels);
    expect(cells).toHaveLength(levels * levels);
    const keys = new Set(cells.map((c) => `${c.r},${c.fm}`));
    expect(keys.size).toBe(levels * levels);
    for (const c of cells) expect(RFM_GROUPS).toContain(c.group);
  });
  it('uses all eleven groups on the 5×5 grid', () => {
    expect(new Set(rfmGrid(5).map((c) => c.group)).size).toBe(11);
  });
  it('rounds FM half up', () => {
    expect([fmScore(4, 5), fmScore(1, 2), fmScore(3, 3)]).toEqual([5, 2, 3]);
  });
});
