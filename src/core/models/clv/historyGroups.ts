import type { CustomerHistoryGroup } from './bgnbd';
import type { CalibrationColumns } from './calibrationColumns';
import { DAYS_PER_UNIT, type TimeUnit } from './calibrationSummary';

/** Above this many distinct (x, t_x, T), the fit groups times by whole weeks. */
const MAX_EXACT_GROUPS = 20_000;

/** Histories are shorter than this many days: imports refuse dates before 1990. */
export const HISTORY_DAYS_LIMIT = 20_000;

/**
 * Customers grouped by (x, t_x, T) in `unit`, with their holdout purchases summed: customers with the same history
 * share a likelihood term, so the fit costs per group, not per customer. Exact, unless there are more than
 * MAX_EXACT_GROUPS: then t_x and T are rounded to whole weeks (at most half a week off, against histories of months
 * or years; FHL 2005 themselves work in weeks).
 */
export function historyGroups(
  calibration: CalibrationColumns,
  unit: TimeUnit,
): (CustomerHistoryGroup & { holdout: number })[] {
  const rounded = groupHistories(calibration, true);
  // Rounding only merges groups: with more rounded groups than the limit there are more exact ones too.
  const exact = rounded.size > MAX_EXACT_GROUPS ? null : groupHistories(calibration, false);
  const chosen = exact && exact.size <= MAX_EXACT_GROUPS ? exact : rounded;
  const perUnit = DAYS_PER_UNIT[unit];
  return Array.from({ length: chosen.size }, (_, g) => ({
    x: chosen.x[g],
    tx: chosen.tx[g] / perUnit,
    T: chosen.T[g] / perUnit,
    count: chosen.count[g],
    holdout: chosen.holdout[g],
  }));
}

/**
 * Groups by (x, t_x, T) in whole days, those rounded to whole weeks if asked, in order of first appearance. An
 * open-addressing hash table over the three integers (linear probing, kept at most half full, keys stored in the
 * slots): a Map keyed by one number per triple took two to three times as long on a million customers.
 */
function groupHistories({ x, tx, T, holdout }: CalibrationColumns, weeks: boolean) {
  const groups = {
    x: [] as number[],
    tx: [] as number[],
    T: [] as number[],
    count: [] as number[],
    holdout: [] as number[],
  };
  let table = new HashSlots(1 << 12);
  for (let i = 0; i < x.length; i++) {
    const groupX = x[i];
    const groupTx = weeks ? Math.round(tx[i] / 7) * 7 : tx[i];
    const groupT = weeks ? Math.round(T[i] / 7) * 7 : T[i];
    if (!(groupT >= 0 && groupT < HISTORY_DAYS_LIMIT)) {
      throw new RangeError(`a history of ${groupT} days is outside what the models support`);
    }
    const slot = table.find(groupX, groupTx, groupT);
    let g = table.group[slot];
    if (g < 0) {
      g = groups.x.length;
      table.put(slot, groupX, groupTx, groupT, g);
      groups.x.push(groupX);
      groups.tx.push(groupTx);
      groups.T.push(groupT);
      groups.count.push(0);
      groups.holdout.push(0);
      if (groups.x.length * 2 > table.size) {
        const bigger = new HashSlots(table.size * 2);
        for (let k = 0; k < groups.x.length; k++) {
          bigger.put(bigger.find(groups.x[k], groups.tx[k], groups.T[k]), groups.x[k], groups.tx[k], groups.T[k], k);
        }
        table = bigger;
      }
    }
    groups.count[g]++;
    if (holdout) groups.holdout[g] += holdout[i];
  }
  return { ...groups, size: groups.x.length };
}

/** The slots of the hash table: three integer keys and the group they hold (−1: empty). */
class HashSlots {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  readonly group: Int32Array;
  constructor(readonly size: number) {
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.c = new Int32Array(size);
    this.group = new Int32Array(size).fill(-1);
  }

  /** The slot holding (a, b, c), or the empty slot where it goes. */
  find(a: number, b: number, c: number): number {
    // Multiplicative hashing of each integer, mixed (constants of the golden ratio and MurmurHash3's finaliser).
    const mixed = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35)) >>> 0;
    const mask = this.size - 1;
    let slot = (mixed ^ (mixed >>> 15)) & mask;
    while (this.group[slot] >= 0 && (this.a[slot] !== a || this.b[slot] !== b || this.c[slot] !== c)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  put(slot: number, a: number, b: number, c: number, group: number): void {
    this.a[slot] = a;
    this.b[slot] = b;
    this.c[slot] = c;
    this.group[slot] = group;
  }
}
