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
 * open-addressing hash table keyed by two integers — x, and t_x and T packed into one (each below 2^15 days, as
 * HISTORY_DAYS_LIMIT guarantees) — probed linearly and kept at most half full: a Map keyed by one number per triple
 * took two to three times as long on a million customers, and three separate key arrays half as long again.
 */
function groupHistories({ x, tx, T, holdout }: CalibrationColumns, weeks: boolean) {
  const groups = {
    x: [] as number[],
    times: [] as number[],
    count: [] as number[],
    holdout: [] as number[],
  };
  let table = new HashSlots(1 << 12);
  for (let i = 0; i < x.length; i++) {
    const groupX = x[i];
    const groupTx = weeks ? Math.round(tx[i] / 7) * 7 : tx[i];
    const groupT = weeks ? Math.round(T[i] / 7) * 7 : T[i];
    if (!(groupT >= 0 && groupT < HISTORY_DAYS_LIMIT && groupTx >= 0 && groupTx <= groupT)) {
      throw new RangeError(
        `a history of ${groupT} days, the last purchase on day ${groupTx}, is outside what the models support`,
      );
    }
    const times = (groupTx << 15) | groupT;
    const slot = table.find(groupX, times);
    let g = table.group[slot];
    if (g < 0) {
      g = groups.x.length;
      table.put(slot, groupX, times, g);
      groups.x.push(groupX);
      groups.times.push(times);
      groups.count.push(0);
      groups.holdout.push(0);
      if (groups.x.length * 2 > table.size) {
        const bigger = new HashSlots(table.size * 2);
        for (let k = 0; k < groups.x.length; k++) {
          bigger.put(bigger.find(groups.x[k], groups.times[k]), groups.x[k], groups.times[k], k);
        }
        table = bigger;
      }
    }
    groups.count[g]++;
    if (holdout) groups.holdout[g] += holdout[i];
  }
  return {
    x: groups.x,
    tx: groups.times.map((times) => times >>> 15),
    T: groups.times.map((times) => times & 0x7fff),
    count: groups.count,
    holdout: groups.holdout,
    size: groups.x.length,
  };
}

/** The slots of the hash table: two integer keys and the group they hold (−1: empty). */
class HashSlots {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly group: Int32Array;
  constructor(readonly size: number) {
    this.a = new Int32Array(size);
    this.b = new Int32Array(size);
    this.group = new Int32Array(size).fill(-1);
  }

  /** The slot holding (a, b), or the empty slot where it goes. */
  find(a: number, b: number): number {
    // Multiplicative hashing of each integer (constants of the golden ratio and MurmurHash3), mixed by MurmurHash3's
    // finaliser steps so that keys differing only in high bits still spread over the low bits the mask keeps.
    let mixed = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
    mixed ^= mixed >>> 15;
    mixed = Math.imul(mixed, 0x2c1b3c6d);
    mixed ^= mixed >>> 12;
    const mask = this.size - 1;
    let slot = mixed & mask;
    while (this.group[slot] >= 0 && (this.a[slot] !== a || this.b[slot] !== b)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  put(slot: number, a: number, b: number, group: number): void {
    this.a[slot] = a;
    this.b[slot] = b;
    this.group[slot] = group;
  }
}

/** How many steps each time axis gets in coarseHistoryGroups. */
const COARSE_TIME_STEPS = 16;

/**
 * The groups merged onto a grid of COARSE_TIME_STEPS steps of t_x and T (x kept exact), each merged group at its
 * customers' mean t_x and T: a likelihood over a few thousand terms whose maximum lies close to the full one's, where
 * the fit starts (fitBgNbd).
 */
export function coarseHistoryGroups(groups: CustomerHistoryGroup[]): CustomerHistoryGroup[] {
  const longest = groups.reduce((most, g) => Math.max(most, g.T), 0);
  const step = longest / COARSE_TIME_STEPS || 1;
  const merged = new Map<number, CustomerHistoryGroup>();
  for (const g of groups) {
    // x and the two grid steps (each at most COARSE_TIME_STEPS) as one integer: a Map is fastest on those.
    const key =
      (g.x * (COARSE_TIME_STEPS + 1) + Math.round(g.tx / step)) * (COARSE_TIME_STEPS + 1) + Math.round(g.T / step);
    const into = merged.get(key);
    if (into === undefined) {
      merged.set(key, { x: g.x, tx: g.tx * g.count, T: g.T * g.count, count: g.count });
    } else {
      into.tx += g.tx * g.count;
      into.T += g.T * g.count;
      into.count += g.count;
    }
  }
  return Array.from(merged.values(), (g) => ({ x: g.x, tx: g.tx / g.count, T: g.T / g.count, count: g.count }));
}
