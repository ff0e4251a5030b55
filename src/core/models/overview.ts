import type { SqlExecutor } from '../sql/executor';
import { RFM_GROUPS, type RfmGroup } from './rfmGroups';

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

/** Everything the overview draws, from `customer_model` (see analyzeCustomers.ts). */
export async function customerOverview(db: SqlExecutor): Promise<CustomerOverview> {
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
       avg(amount_spent) AS mean, median(amount_spent) AS median FROM customer_model`,
  );
  const n = totals.customers;
  // Customers ranked by spend, best first, grouped into 100 equal slices: the Pareto curve at each percent.
  const slices = await db.all<{ slice: number; revenue: number }>(
    `SELECT CAST(ceil(rank * 100.0 / ${Math.max(1, n)}) AS INTEGER) AS slice, sum(amount_spent) AS revenue
     FROM (SELECT amount_spent, row_number() OVER (ORDER BY amount_spent DESC, customer_id) AS rank FROM customer_model)
     GROUP BY 1 ORDER BY 1`,
  );
  let cumulative = 0;
  const pareto = [{ customerShare: 0, revenueShare: 0 }];
  for (const s of slices) {
    cumulative += s.revenue;
    pareto.push({ customerShare: s.slice / 100, revenueShare: totals.revenue ? cumulative / totals.revenue : 0 });
  }
  const shareAt = (p: number) => pareto.find((point) => point.customerShare >= p - 1e-9)?.revenueShare ?? 0;
  const groupRows = await db.all<{ group: RfmGroup; customers: number; revenue: number; orders: number }>(
    `SELECT rfm_group AS "group", count(*) AS customers, sum(amount_spent) AS revenue, CAST(sum(orders) AS DOUBLE) AS orders
     FROM customer_model GROUP BY 1`,
  );
  const groups = RFM_GROUPS.map((group) => {
    const row = groupRows.find((g) => g.group === group);
    return {
      group,
      customers: row?.customers ?? 0,
      revenueShare: row && totals.revenue ? row.revenue / totals.revenue : 0,
      averageOrderValue: row && row.orders ? row.revenue / row.orders : null,
    };
  });
  const cells = await db.all<{ r: number; fm: number; customers: number }>(
    'SELECT recency_score AS r, fm_score AS fm, count(*) AS customers FROM customer_model GROUP BY 1, 2 ORDER BY 1, 2',
  );
  const tierRows = await db.all<{ tier: string; customers: number; revenue: number }>(
    `SELECT spend_tier AS tier, count(*) AS customers, sum(amount_spent) AS revenue FROM customer_model
     WHERE spend_tier IS NOT NULL GROUP BY 1`,
  );
  const tiers = ['HIGH', 'MEDIUM', 'LOW'].map((tier) => {
    const row = tierRows.find((t) => t.tier === tier);
    return {
      tier,
      customers: row?.customers ?? 0,
      revenueShare: row && totals.revenue ? row.revenue / totals.revenue : 0,
    };
  });
  const monetaryLog = totals.median > 0 && totals.mean > 2 * totals.median;
  return {
    customers: n,
    repeatRate: n ? totals.repeat / n : 0,
    firstTimeCustomers: totals.first_time,
    revenue: totals.revenue,
    top10Share: shareAt(0.1),
    top20Share: shareAt(0.2),
    pareto,
    groups,
    cells,
    tiers,
    recency: await linearBins(db, 'days_since_last_order', 30),
    frequency: await frequencyBins(db),
    monetary: monetaryLog ? await logBins(db, 'amount_spent') : await linearBins(db, 'amount_spent', 30),
    monetaryLog,
  };
}

async function linearBins(db: SqlExecutor, column: string, count: number): Promise<Bin[]> {
  const [range] = await db.all<{ lo: number; hi: number }>(
    `SELECT min(${column}) AS lo, max(${column}) AS hi FROM customer_model`,
  );
  if (range.lo === null) return [];
  const width = Math.max(1, Math.ceil((range.hi - range.lo + 1) / count));
  const rows = await db.all<{ bin: number; customers: number }>(
    `SELECT CAST(floor((${column} - ${range.lo}) / ${width}) AS INTEGER) AS bin, count(*) AS customers
     FROM customer_model GROUP BY 1 ORDER BY 1`,
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
      .join(' ')} END AS edge, count(*) AS customers FROM customer_model GROUP BY 1 ORDER BY 1`,
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
     FROM customer_model GROUP BY 1 ORDER BY 1`,
  );
  return rows.map((r) => ({ from: 10 ** (r.bin / 4), to: 10 ** ((r.bin + 1) / 4), customers: r.customers }));
}
