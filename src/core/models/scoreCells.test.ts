import { describe, expect, it } from 'vitest';
import { groupCounts, scoreBands, scoreOverview, spendTierResult, type ScoreCell } from './scoreCells';

/** Three cells of a 3-level model, written out by hand: (R, F, M, tier) with their customers and ranges. */
const cell = (
  r: number,
  f: number,
  m: number,
  tier: ScoreCell['tier'],
  customers: number,
  revenue: number,
  orders: number,
  range: number[],
) => {
  const [minRecency, maxRecency, minOrders, maxOrders, minAmount, maxAmount] = range;
  // FM = floor((F + M + 1) / 2); groups from the 3-level grid (rfmGroups.ts): R3/FM3 Champions, R1/FM1 Lost.
  const fm = Math.floor((f + m + 1) / 2);
  const group = r === 3 && fm === 3 ? 'Champions' : r === 1 && fm === 1 ? 'Lost' : 'Needs attention';
  return {
    r,
    f,
    m,
    fm,
    group,
    tier,
    customers,
    revenue,
    orders,
    minRecency,
    maxRecency,
    minOrders,
    maxOrders,
    minAmount,
    maxAmount,
  } as ScoreCell;
};
const cells = [
  cell(3, 3, 3, 'HIGH', 10, 5000, 60, [1, 20, 5, 12, 300, 900]),
  cell(3, 3, 2, 'MEDIUM', 5, 1000, 25, [2, 25, 5, 8, 100, 290]),
  cell(1, 1, 1, 'LOW', 85, 2000, 85, [200, 700, 1, 1, 5, 60]),
];

describe('score cells', () => {
  it('sums group counts, score bands and tiers', () => {
    expect(groupCounts(cells).Champions).toBe(15);
    expect(groupCounts(cells).Lost).toBe(85);
    expect(groupCounts(cells)['At risk']).toBe(0);
    expect(scoreBands(cells, 'monetary', 3)).toEqual([
      { score: 1, min: 5, max: 60, customers: 85 },
      { score: 2, min: 100, max: 290, customers: 5 },
      { score: 3, min: 300, max: 900, customers: 10 },
    ]);
    expect(scoreBands(cells, 'frequency', 3)[1]).toEqual({ score: 2, min: null, max: null, customers: 0 });
    expect(spendTierResult(cells, 100)).toEqual({
      eligible: true,
      HIGH: 10,
      MEDIUM: 5,
      LOW: 85,
      cutoffs: { HIGH: { min: 300, max: 900 }, MEDIUM: { min: 100, max: 290 }, LOW: { min: 5, max: 60 } },
    });
    expect(spendTierResult(cells, 49)).toMatchObject({ eligible: false, HIGH: 0 });
  });

  it('gives the overview its group shares, average order values, grid and tiers', () => {
    const overview = scoreOverview(cells, 8000);
    expect(overview.groups.find((g) => g.group === 'Champions')).toEqual({
      group: 'Champions',
      customers: 15,
      revenueShare: 6000 / 8000,
      averageOrderValue: 6000 / 85,
    });
    expect(overview.groups.find((g) => g.group === 'At risk')?.averageOrderValue).toBeNull();
    expect(overview.cells).toEqual([
      { r: 1, fm: 1, customers: 85 },
      { r: 3, fm: 3, customers: 15 },
    ]);
    expect(overview.tiers).toEqual([
      { tier: 'HIGH', customers: 10, revenueShare: 5000 / 8000 },
      { tier: 'MEDIUM', customers: 5, revenueShare: 1000 / 8000 },
      { tier: 'LOW', customers: 85, revenueShare: 2000 / 8000 },
    ]);
  });
});
