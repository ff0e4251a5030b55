import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { shared } from '../../../tests/fixtures/files';
import { importFile } from '../ingest/importFile';
import { buildAndScore } from './analyzeCustomers';
import type { CustomerMeasures } from './customerMeasures';
import { customerBaseOverview } from './overview';

/** Measures as readCustomerMeasures gives them: NaN for a NULL, the sorted copies without NaN. */
function measures(recency: number[], orders: number[], amount: number[]): CustomerMeasures {
  const sorted = (values: number[]) => Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const none = new Float64Array(recency.length);
  return {
    recency: Float64Array.from(recency),
    orders: Float64Array.from(orders),
    amount: Float64Array.from(amount),
    purchaseDays: none,
    ageDays: none,
    firstDayAmount: none,
    sorted: { recency: sorted(recency), orders: sorted(orders), amount: sorted(amount) },
  };
}

describe('the overview of the customer base', () => {
  it('sums, ranks and bins five customers with skewed spend', () => {
    const overview = customerBaseOverview(measures([10, 40, 70, 100, 5], [1, 3, 12, 1, 60], [10, 30, 60, 100, 800]));
    // Revenue 1,000; by spend 800, 100, 60, 30, 10 — each a fifth of the customers.
    expect(overview).toMatchObject({ customers: 5, repeatRate: 0.6, firstTimeCustomers: 2, revenue: 1000 });
    expect(overview.pareto).toEqual([
      { customerShare: 0, revenueShare: 0 },
      { customerShare: 0.2, revenueShare: 0.8 },
      { customerShare: 0.4, revenueShare: 0.9 },
      { customerShare: 0.6, revenueShare: 0.96 },
      { customerShare: 0.8, revenueShare: 0.99 },
      { customerShare: 1, revenueShare: 1 },
    ]);
    expect([overview.top10Share, overview.top20Share]).toEqual([0.8, 0.8]);
    // Recency 5…100: width ⌈96 / 30⌉ = 4 days from 5.
    expect(overview.recency).toEqual([
      { from: 5, to: 9, customers: 1 },
      { from: 9, to: 13, customers: 1 },
      { from: 37, to: 41, customers: 1 },
      { from: 69, to: 73, customers: 1 },
      { from: 97, to: 101, customers: 1 },
    ]);
    expect(overview.frequency).toEqual([
      { from: 1, to: 2, customers: 2 },
      { from: 3, to: 4, customers: 1 },
      { from: 11, to: 21, customers: 1 },
      { from: 51, to: Infinity, customers: 1 },
    ]);
    // Mean 200 > 2 × median 60: quarter-decade bins. log10 of 10, 30, 60, 100, 800 × 4 = 4, 5.9, 7.1, 8, 11.6.
    expect(overview.monetaryLog).toBe(true);
    expect(overview.monetary).toEqual([
      { from: 10, to: 10 ** 1.25, customers: 1 },
      { from: 10 ** 1.25, to: 10 ** 1.5, customers: 1 },
      { from: 10 ** 1.75, to: 100, customers: 1 },
      { from: 100, to: 10 ** 2.25, customers: 1 },
      { from: 10 ** 2.75, to: 1000, customers: 1 },
    ]);
  });

  it('counts spend under 1 (nothing, a refund) in the first log bin and says so', () => {
    // Median 10, mean 206 > 2 × 10: log bins. 0 and 0.5 count as 1 (bin 0); log10 of 10, 20, 1000 × 4 = 4, 5.2, 12.
    const overview = customerBaseOverview(measures([1, 2, 3, 4, 5], [1, 1, 1, 1, 1], [0, 0.5, 10, 20, 1000]));
    expect(overview.monetaryLog).toBe(true);
    expect(overview.monetary).toEqual([
      { from: 1, to: 10 ** 0.25, customers: 2, includesBelow: true },
      { from: 10, to: 10 ** 1.25, customers: 1 },
      { from: 10 ** 1.25, to: 10 ** 1.5, customers: 1 },
      { from: 1000, to: 10 ** 3.25, customers: 1 },
    ]);
  });

  it('ranks a customer without an amount last and leaves it out of the sums and bins', () => {
    const overview = customerBaseOverview(measures([1, 2, 3], [1, 1, 2], [10, NaN, 20]));
    expect(overview).toMatchObject({ customers: 3, firstTimeCustomers: 2, revenue: 30, monetaryLog: false });
    expect(overview.repeatRate).toBeCloseTo(1 / 3, 15);
    // Ranks 1, 2, 3 of 3 fall in slices ⌈100/3⌉ = 34, 67 and 100.
    expect(overview.pareto).toEqual([
      { customerShare: 0, revenueShare: 0 },
      { customerShare: 0.34, revenueShare: 20 / 30 },
      { customerShare: 0.67, revenueShare: 1 },
      { customerShare: 1, revenueShare: 1 },
    ]);
    // Spend 10…20, mean = median: linear bins of width max(1, ⌈11 / 30⌉) = 1.
    expect(overview.monetary).toEqual([
      { from: 10, to: 11, customers: 1 },
      { from: 20, to: 21, customers: 1 },
    ]);
  });

  it('has nothing to bin without customers', () => {
    const overview = customerBaseOverview(measures([], [], []));
    expect(overview).toMatchObject({
      customers: 0,
      repeatRate: 0,
      revenue: 0,
      recency: [],
      frequency: [],
      monetary: [],
    });
    expect(overview.pareto).toEqual([{ customerShare: 0, revenueShare: 0 }]);
  });
});

describe('the overview of a real shop (CDNOW sample, 2,357 customers)', () => {
  let db: NodeExecutor;
  beforeAll(async () => {
    db = await NodeExecutor.open();
    expect((await importFile(db, new NodeFileSource(shared('CDNOW_sample.txt')))).ok).toBe(true);
  });
  afterAll(() => db.close());

  it('agrees with the same figures written in SQL over `customers`', async () => {
    const { measures } = await buildAndScore(db);
    const overview = customerBaseOverview(measures);
    const [totals] = await db.all<{ n: number; repeat: number; revenue: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE orders > 1) AS repeat, sum(amount_spent) AS revenue FROM customers`,
    );
    expect(overview.customers).toBe(totals.n);
    expect(overview.repeatRate).toBe(totals.repeat / totals.n);
    expect(overview.revenue).toBeCloseTo(totals.revenue, 6);
    const slices = await db.all<{ slice: number; revenue: number }>(
      `SELECT CAST(ceil(rank * 100.0 / ${totals.n}) AS INTEGER) AS slice, sum(amount_spent) AS revenue
       FROM (SELECT amount_spent, row_number() OVER (ORDER BY amount_spent DESC) AS rank FROM customers)
       GROUP BY 1 ORDER BY 1`,
    );
    let cumulative = 0;
    const pareto = slices.map((s) => ({ customerShare: s.slice / 100, revenueShare: (cumulative += s.revenue) }));
    expect(overview.pareto.slice(1).map((p) => p.customerShare)).toEqual(pareto.map((p) => p.customerShare));
    overview.pareto
      .slice(1)
      .forEach((p, i) => expect(p.revenueShare).toBeCloseTo(pareto[i].revenueShare / totals.revenue, 12));
    const bins = (sql: string) => db.all<{ bin: number; customers: number }>(`${sql} GROUP BY 1 ORDER BY 1`);
    const spendBins = await bins(
      `SELECT CAST(floor(log10(greatest(amount_spent, 1)) * 4) AS INTEGER) AS bin, count(*) AS customers FROM customers`,
    );
    expect(overview.monetaryLog).toBe(true);
    expect(overview.monetary.map((b) => [Math.round(Math.log10(b.from) * 4), b.customers])).toEqual(
      spendBins.map((b) => [b.bin, b.customers]),
    );
    const [range] = await db.all<{ lo: number; hi: number }>(
      'SELECT min(days_since_last_order) AS lo, max(days_since_last_order) AS hi FROM customers',
    );
    const width = Math.ceil((range.hi - range.lo + 1) / 30);
    const recencyBins = await bins(
      `SELECT CAST(floor((days_since_last_order - ${range.lo}) / ${width}) AS INTEGER) AS bin, count(*) AS customers FROM customers`,
    );
    expect(overview.recency).toEqual(
      recencyBins.map((b) => ({
        from: range.lo + b.bin * width,
        to: range.lo + (b.bin + 1) * width,
        customers: b.customers,
      })),
    );
  });
});
