import { medianOfSorted, type FigureMeasures } from './customerMeasures';
import type { RfmGroup } from './rfmGroups';
import { scoreOverview, type ScoreCell } from './scoreCells';

export interface Bin {
  /** Lower bound (inclusive) and upper bound (exclusive) of the bin. */
  from: number;
  to: number;
  customers: number;
  /** The first bin of a log scale, which also counts every customer below `from` (spend under 1: zero, refunds). */
  includesBelow?: true;
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

/**
 * Totals, the Pareto curve and the histograms, from every customer's measures already in memory (customerMeasures.ts,
 * read once per build of `customers`): at a million customers the six queries this replaced took ~0.4–0.7 s in
 * DuckDB-WASM, these loops ~20 ms in Node. NaN stands for a NULL measure and, as in SQL's aggregates, is left out
 * of sums and bins (a customer without an amount still counts as a customer and in the Pareto ranks, last).
 */
export function customerBaseOverview(measures: FigureMeasures): CustomerBaseOverview {
  const { recency, orders, amount } = measures;
  const spends = measures.sorted.amount;
  const n = recency.length;
  let repeat = 0;
  let firstTime = 0;
  for (let i = 0; i < n; i++) {
    if (orders[i] > 1) repeat++;
    else if (orders[i] === 1) firstTime++;
  }
  let revenue = 0;
  for (let i = 0; i < spends.length; i++) revenue += spends[i];
  const pareto = paretoCurve(spends, n, revenue);
  const shareAt = (p: number) => pareto.find((point) => point.customerShare >= p - 1e-9)?.revenueShare ?? 0;
  const median = medianOfSorted(spends);
  const monetaryLog = median > 0 && revenue / spends.length > 2 * median;
  return {
    customers: n,
    repeatRate: n ? repeat / n : 0,
    firstTimeCustomers: firstTime,
    revenue,
    top10Share: shareAt(0.1),
    top20Share: shareAt(0.2),
    pareto,
    recency: linearBins(recency, 30),
    frequency: frequencyBins(orders),
    monetary: monetaryLog ? logBins(amount, spends) : linearBins(amount, 30),
    monetaryLog,
  };
}

/**
 * Customers ranked by spend, best first, grouped into 100 equal slices (rank r of n falls in slice ⌈100·r/n⌉): the
 * cumulative revenue share at each slice. Equal spends add the same whichever slice they land in, so ties need no
 * order; customers without an amount rank last and add nothing.
 */
function paretoCurve(ascending: Float64Array, n: number, revenue: number): CustomerBaseOverview['pareto'] {
  const pareto = [{ customerShare: 0, revenueShare: 0 }];
  let cumulative = 0;
  for (let rank = 1; rank <= n; rank++) {
    const slice = Math.ceil((rank * 100) / n);
    if (rank <= ascending.length) cumulative += ascending[ascending.length - rank];
    const lastOfSlice = rank === n || Math.ceil(((rank + 1) * 100) / n) !== slice;
    if (lastOfSlice) pareto.push({ customerShare: slice / 100, revenueShare: revenue ? cumulative / revenue : 0 });
  }
  return pareto;
}

/** `count` bins of equal whole width from the smallest value; only bins with customers are listed. */
function linearBins(values: Float64Array, count: number): Bin[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  if (lo === Infinity) return [];
  const width = Math.max(1, Math.ceil((hi - lo + 1) / count));
  const counts = new Float64Array(Math.floor((hi - lo) / width) + 1);
  // NaN fails both comparisons above and indexes nothing here.
  for (let i = 0; i < values.length; i++) counts[Math.floor((values[i] - lo) / width)]++;
  return listedBins(counts, (bin) => [lo + bin * width, lo + (bin + 1) * width]);
}

/** Orders 1…10 one by one, then 11–20, 21–50, 51+: most shops' customers buy a handful of times. */
const FREQUENCY_EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 21, 51];

function frequencyBins(orders: Float64Array): Bin[] {
  const counts = new Float64Array(FREQUENCY_EDGES.length);
  // Every customer has at least one order, so every count reaches the first edge.
  for (let i = 0; i < orders.length; i++) {
    const n = orders[i];
    counts[n <= 10 ? n - 1 : n <= 20 ? 10 : n <= 50 ? 11 : 12]++;
  }
  return listedBins(counts, (i) => [FREQUENCY_EDGES[i], FREQUENCY_EDGES[i + 1] ?? Infinity]);
}

/** Four bins per power of ten (1, 1.78, 3.16, 5.62, 10…): skewed spend stays readable. Below 1 counts as 1. */
function logBins(values: Float64Array, ascending: Float64Array): Bin[] {
  if (ascending.length === 0) return [];
  const binOf = (value: number) => Math.floor(Math.log10(Math.max(value, 1)) * 4);
  const counts = new Float64Array(binOf(ascending[ascending.length - 1]) + 1);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) counts[binOf(values[i])]++;
  const bins = listedBins(counts, (bin) => [10 ** (bin / 4), 10 ** ((bin + 1) / 4)]);
  // Said so, so that a fully refunded customer is not read as one who spent €1.
  if (ascending[0] < 1) bins[0].includesBelow = true;
  return bins;
}

/** The bins with customers, in order. */
function listedBins(counts: Float64Array, bounds: (bin: number) => number[]): Bin[] {
  const bins: Bin[] = [];
  counts.forEach((customers, bin) => {
    if (customers === 0) return;
    const [from, to] = bounds(bin);
    bins.push({ from, to, customers });
  });
  return bins;
}
