import type { SqlExecutor } from '../sql/executor';
import type { RfmGroup } from './rfmGroups';
import { scoreOverview, type ScoreCell } from './scoreCells';

export interface Bin {
  /** Lower bound (inclusive) and upper bound (exclusive) of the bin. */
  from: number;
  to: number;
  customers: number;
}

export interface GroupStat {
  group: RfmGroup;
  customers: number;
  revenueShare: number;
  averageOrderValue: number | null;
}

export interface CustomerOverview {
  customers: number;
  repeatRate: number;
  firstTimeCustomers: number;
  revenue: number;
  top10Share: number;
  top20Share: number;
  /** Cumulative share of revenue by share of customers (best first), at each whole percent. */
  pareto: { customerShare: number; revenueShare: number }[];
  groups: GroupStat[];
  cells: { r: number; fm: number; customers: number }[];
  tiers: { tier: string; customers: number; revenueShare: number }[];
  recency: Bin[];
  frequency: Bin[];
  monetary: Bin[];
  /** Monetary bins are logarithmic when spend is skewed (the mean far above the median). */
  monetaryLog: boolean;
}

/** The parts of the overview that depend only on `customers`, not on the scores: kept across cut-off changes. */
export type CustomerBaseOverview = Omit<CustomerOverview, 'groups' | 'cells' | 'tiers'>;

/** Everything the overview draws: the customer base's figures and those of the current scores (scoreCells.ts). */
export function customerOverview(base: CustomerBaseOverview, cells: ScoreCell[]): CustomerOverview {
  return { ...base, ...scoreOverview(cells, base.revenue) };
}

/** Totals, the Pareto curve and the histograms: one pass each over `customers`, whatever the scores. */
export async function customerBaseOverview(db: SqlExecutor): Promise<CustomerBaseOverview> {
  const [totals] = await db.all<{
    customers: number;
    repeat: number;
    first_time: number;
    revenue: number;
    mean: number;
    median: number;
  }>(
    `SELECT count(*) AS customers, count(*) FILTER (WHERE orders > 1) AS repeat,
       count(*) FILTER (WHERE first_time) AS first_time, coalesce(sum(amount_spent), 0) AS revenue,
       avg(amount_spent) AS mean, median(amount_spent) AS median FROM customers`,
  );
  const n = totals.customers;
  // Customers ranked by spend, best first, grouped into 100 equal slices: the Pareto curve at each percent. Customers
  // with equal spend add the same amount to whichever slice they fall in, so the order among them does not matter
  // and the sort needs no second key.
  const slices = await db.all<{ slice: number; revenue: number }>(
    `SELECT CAST(ceil(rank * 100.0 / ${Math.max(1, n)}) AS INTEGER) AS slice, sum(amount_spent) AS revenue
     FROM (SELECT amount_spent, row_number() OVER (ORDER BY amount_spent DESC) AS rank FROM customers)
     GROUP BY 1 ORDER BY 1`,
  );
  let cumulative = 0;
  const pareto = [{ customerShare: 0, revenueShare: 0 }];
  for (const s of slices) {
    cumulative += s.revenue;
    pareto.push({ customerShare: s.slice / 100, revenueShare: totals.revenue ? cumulative / totals.revenue : 0 });
  }
  const shareAt = (p: number) => pareto.find((point) => point.customerShare >= p - 1e-9)?.revenueShare ?? 0;
  const monetaryLog = totals.median > 0 && totals.mean > 2 * totals.median;
  return {
    customers: n,
    repeatRate: n ? totals.repeat / n : 0,
    firstTimeCustomers: totals.first_time,
    revenue: totals.revenue,
    top10Share: shareAt(0.1),
    top20Share: shareAt(0.2),
    pareto,
    recency: await linearBins(db, 'days_since_last_order', 30),
    frequency: await frequencyBins(db),
    monetary: monetaryLog ? await logBins(db, 'amount_spent') : await linearBins(db, 'amount_spent', 30),
    monetaryLog,
  };
}

async function linearBins(db: SqlExecutor, column: string, count: number): Promise<Bin[]> {
  const [range] = await db.all<{ lo: number; hi: number }>(
    `SELECT min(${column}) AS lo, max(${column}) AS hi FROM customers`,
  );
  if (range.lo === null) return [];
  const width = Math.max(1, Math.ceil((range.hi - range.lo + 1) / count));
  const rows = await db.all<{ bin: number; customers: number }>(
    `SELECT CAST(floor((${column} - ${range.lo}) / ${width}) AS INTEGER) AS bin, count(*) AS customers
     FROM customers GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({
    from: range.lo + r.bin * width,
    to: range.lo + (r.bin + 1) * width,
    customers: r.customers,
  }));
}

/** Orders 1…10 one by one, then 11–20, 21–50, 51+: most shops' customers buy a handful of times. */
async function frequencyBins(db: SqlExecutor): Promise<Bin[]> {
  const edges = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 21, 51];
  const rows = await db.all<{ edge: number; customers: number }>(
    `SELECT CASE ${edges
      .slice()
      .reverse()
      .map((e) => `WHEN orders >= ${e} THEN ${e}`)
      .join(' ')} END AS edge, count(*) AS customers FROM customers GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => {
    const i = edges.indexOf(r.edge);
    return { from: r.edge, to: edges[i + 1] ?? Infinity, customers: r.customers };
  });
}

/** Four bins per power of ten (1, 1.78, 3.16, 5.62, 10…): skewed spend stays readable. */
async function logBins(db: SqlExecutor, column: string): Promise<Bin[]> {
  const rows = await db.all<{ bin: number; customers: number }>(
    `SELECT CAST(floor(log10(greatest(${column}, 1)) * 4) AS INTEGER) AS bin, count(*) AS customers
     FROM customers GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ from: 10 ** (r.bin / 4), to: 10 ** ((r.bin + 1) / 4), customers: r.customers }));
}
