import type { SqlValue } from '../sql/executor';
import type { FigureMeasures } from './customerMeasures';
import type { CustomerOverview } from './overview';
import { englishRefusal, type RefusalText } from './refusalText';
import { rfmSpecs } from './rfm';
import { fmScore, rfmGrid, RFM_GROUPS, type RfmGroup } from './rfmGroups';
import { scoreCut, scoreOfCut, type ScoreBand } from './scoring';
import {
  MINIMUM_CUSTOMERS_FOR_TIERS,
  TIER_CODES,
  tierCodeOf,
  tierCut,
  type TierName,
  type TierResult,
} from './spendTiers';

/**
 * Customers counted by every combination of scores (at most 5 × 5 × 5 × 3 rows), with the range of each measure:
 * one loop over the customers from which the RFM result, the spend-tier result and the overview's groups, grid
 * and tiers are all summed. A cut-off change re-reads only this, instead of one pass per figure.
 */
export interface ScoreCell {
  r: number;
  f: number;
  m: number;
  fm: number;
  group: RfmGroup;
  tier: TierName | null;
  customers: number;
  revenue: number;
  orders: number;
  minRecency: number;
  maxRecency: number;
  minOrders: number;
  maxOrders: number;
  minAmount: number;
  maxAmount: number;
}

/** How each score is cut: the boundaries of scoring.ts (scoreCut) and of the spend tiers (tierCut). */
export interface ScoreCuts {
  levels: 3 | 5;
  recency: SqlValue[];
  frequency: SqlValue[];
  monetary: SqlValue[];
  tier: SqlValue[];
}

/**
 * Sums the cells from the measures in memory with the same boundaries the `customer_model` view's CASEs use (so
 * the two agree customer for customer; customerModel.test.ts checks it). One loop over the customers, summing into
 * flat arrays indexed by the cell's code: a cut-off change at a million customers spends its time here, and a Map
 * of objects cost ~65 ns a customer against ~15 (measured in Node 20).
 */
export function scoreCells(
  measures: Pick<FigureMeasures, 'recency' | 'orders' | 'amount'>,
  cuts: ScoreCuts,
): ScoreCell[] {
  const specs = rfmSpecs({ levels: cuts.levels });
  const recencyCut = scoreCut(specs.recency, cuts.recency);
  const frequencyCut = scoreCut(specs.frequency, cuts.frequency);
  const monetaryCut = scoreCut(specs.monetary, cuts.monetary);
  const tiers = tierCut(cuts.tier);
  const sums = new CellSums();
  const { recency, orders, amount } = measures;
  for (let i = 0; i < recency.length; i++) {
    const r = scoreOfCut(recency[i], recencyCut);
    const f = scoreOfCut(orders[i], frequencyCut);
    const m = scoreOfCut(amount[i], monetaryCut);
    sums.add(((r * 8 + f) * 8 + m) * 4 + tierCodeOf(amount[i], tiers), recency[i], orders[i], amount[i]);
  }
  const groupOf = new Map(rfmGrid(cuts.levels).map((cell) => [`${cell.r}|${cell.fm}`, cell.group]));
  return sums.seen.map((code): ScoreCell => {
    const [r, f, m, tier] = [code >> 8, (code >> 5) & 7, (code >> 2) & 7, TIER_CODES[code & 3]];
    const fm = fmScore(f, m);
    return { r, f, m, fm, group: groupOf.get(`${r}|${fm}`)!, tier, ...sums.cell(code) };
  });
}

/** Per-cell sums in flat arrays, a cell per code ((r·8 + f)·8 + m)·4 + tier; cells in order of first customer. */
class CellSums {
  private static readonly CODES = 8 * 8 * 8 * 4;
  readonly seen: number[] = [];
  private readonly customers = new Float64Array(CellSums.CODES);
  private readonly revenue = new Float64Array(CellSums.CODES);
  private readonly orders = new Float64Array(CellSums.CODES);
  private readonly minRecency = new Float64Array(CellSums.CODES).fill(Infinity);
  private readonly maxRecency = new Float64Array(CellSums.CODES).fill(-Infinity);
  private readonly minOrders = new Float64Array(CellSums.CODES).fill(Infinity);
  private readonly maxOrders = new Float64Array(CellSums.CODES).fill(-Infinity);
  private readonly minAmount = new Float64Array(CellSums.CODES).fill(Infinity);
  private readonly maxAmount = new Float64Array(CellSums.CODES).fill(-Infinity);

  add(code: number, recency: number, orders: number, amount: number): void {
    if (this.customers[code]++ === 0) this.seen.push(code);
    this.orders[code] += orders;
    if (recency < this.minRecency[code]) this.minRecency[code] = recency;
    if (recency > this.maxRecency[code]) this.maxRecency[code] = recency;
    if (orders < this.minOrders[code]) this.minOrders[code] = orders;
    if (orders > this.maxOrders[code]) this.maxOrders[code] = orders;
    // A customer without an amount (NULL) counts, as in SQL's sum/min/max, without adding to the amounts.
    if (Number.isNaN(amount)) return;
    this.revenue[code] += amount;
    if (amount < this.minAmount[code]) this.minAmount[code] = amount;
    if (amount > this.maxAmount[code]) this.maxAmount[code] = amount;
  }

  cell(code: number) {
    return {
      customers: this.customers[code],
      revenue: this.revenue[code],
      orders: this.orders[code],
      minRecency: this.minRecency[code],
      maxRecency: this.maxRecency[code],
      minOrders: this.minOrders[code],
      maxOrders: this.maxOrders[code],
      minAmount: this.minAmount[code],
      maxAmount: this.maxAmount[code],
    };
  }
}

/** Customers per named group; every group listed, empty ones with 0. */
export function groupCounts(cells: ScoreCell[]): Record<RfmGroup, number> {
  const groups = Object.fromEntries(RFM_GROUPS.map((g) => [g, 0])) as Record<RfmGroup, number>;
  for (const cell of cells) groups[cell.group] += cell.customers;
  return groups;
}

/** The value range and size of each score 1…levels of one measure ("F5: 7+ orders"); empty scores with 0. */
export function scoreBands(cells: ScoreCell[], measure: 'recency' | 'frequency' | 'monetary', levels: number) {
  const score = { recency: 'r', frequency: 'f', monetary: 'm' } as const;
  const range = {
    recency: ['minRecency', 'maxRecency'],
    frequency: ['minOrders', 'maxOrders'],
    monetary: ['minAmount', 'maxAmount'],
  } as const;
  const [low, high] = range[measure];
  return Array.from({ length: levels }, (_, i): ScoreBand => {
    const band: ScoreBand = { score: i + 1, min: null, max: null, customers: 0 };
    for (const cell of cells) {
      if (cell[score[measure]] !== i + 1) continue;
      band.customers += cell.customers;
      band.min = band.min === null ? cell[low] : Math.min(band.min, cell[low]);
      band.max = band.max === null ? cell[high] : Math.max(band.max, cell[high]);
    }
    return band;
  });
}

/** Counts and amount ranges per spend tier, or the reason the tiers are withheld. */
export function spendTierResult(cells: ScoreCell[], customers: number): TierResult {
  if (customers < MINIMUM_CUSTOMERS_FOR_TIERS) {
    const text: RefusalText = {
      id: 'refusal.tooFewCustomersForTiers',
      params: { customers, needed: MINIMUM_CUSTOMERS_FOR_TIERS },
    };
    return {
      eligible: false,
      reason: englishRefusal(text),
      text,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 0,
    };
  }
  const result = { eligible: true as const, HIGH: 0, MEDIUM: 0, LOW: 0 };
  const cutoffs = {} as Record<TierName, { min: number | null; max: number | null }>;
  for (const tier of ['HIGH', 'MEDIUM', 'LOW'] as const) {
    const inTier = cells.filter((cell) => cell.tier === tier);
    result[tier] = inTier.reduce((sum, cell) => sum + cell.customers, 0);
    cutoffs[tier] = {
      min: inTier.length ? Math.min(...inTier.map((cell) => cell.minAmount)) : null,
      max: inTier.length ? Math.max(...inTier.map((cell) => cell.maxAmount)) : null,
    };
  }
  return { ...result, cutoffs };
}

/** The overview's score-dependent figures: named groups (size, revenue share, AOV), the R × FM grid, spend tiers. */
export function scoreOverview(
  cells: ScoreCell[],
  revenue: number,
): Pick<CustomerOverview, 'groups' | 'cells' | 'tiers'> {
  const total = <K>(key: (cell: ScoreCell) => K) => {
    const out = new Map<K, { customers: number; revenue: number; orders: number }>();
    for (const cell of cells) {
      const acc = out.get(key(cell)) ?? { customers: 0, revenue: 0, orders: 0 };
      acc.customers += cell.customers;
      acc.revenue += cell.revenue;
      acc.orders += cell.orders;
      out.set(key(cell), acc);
    }
    return out;
  };
  const share = (part: number) => (revenue ? part / revenue : 0);
  const byGroup = total((cell) => cell.group);
  const byTier = total((cell) => cell.tier);
  const byCell = total((cell) => `${cell.r}|${cell.fm}`);
  return {
    groups: RFM_GROUPS.map((group) => {
      const row = byGroup.get(group);
      return {
        group,
        customers: row?.customers ?? 0,
        revenueShare: row ? share(row.revenue) : 0,
        averageOrderValue: row && row.orders ? row.revenue / row.orders : null,
      };
    }),
    cells: [...byCell]
      .map(([key, cell]) => {
        const [r, fm] = key.split('|').map(Number);
        return { r, fm, customers: cell.customers };
      })
      .sort((p, q) => p.r - q.r || p.fm - q.fm),
    tiers: (['HIGH', 'MEDIUM', 'LOW'] as const).map((tier) => {
      const row = byTier.get(tier);
      return { tier, customers: row?.customers ?? 0, revenueShare: row ? share(row.revenue) : 0 };
    }),
  };
}
