import { describe, expect, it } from 'vitest';
import { coarseHistoryGroups, historyGroups } from './historyGroups';

const columns = (rows: [number, number, number][]) => ({
  x: Int32Array.from(rows, (r) => r[0]),
  tx: Int32Array.from(rows, (r) => r[1]),
  T: Int32Array.from(rows, (r) => r[2]),
  monetary: new Float64Array(rows.length),
  holdout: null,
});

describe('history groups', () => {
  it('groups equal (x, t_x, T) in days, converted to weeks, in order of first appearance', () => {
    const groups = historyGroups(
      columns([
        [2, 14, 70],
        [0, 0, 7],
        [2, 14, 70],
        [0, 0, 7],
        [0, 0, 7],
      ]),
      'week',
    );
    expect(groups).toEqual([
      { x: 2, tx: 2, T: 10, count: 2, holdout: 0 },
      { x: 0, tx: 0, T: 1, count: 3, holdout: 0 },
    ]);
  });

  it('refuses a last purchase after the end of the history', () => {
    expect(() => historyGroups(columns([[1, 30, 20]]), 'day')).toThrow(RangeError);
  });

  it('merges groups onto a coarser grid at their customers’ mean times, x kept apart', () => {
    // The longest T is 32 weeks: 16 steps of 2 weeks. T 31.9 and 32 fall in the same step (16), so do t_x 10 and 10.4
    // (step 5); x = 2 stays apart from x = 1.
    const merged = coarseHistoryGroups([
      { x: 1, tx: 10, T: 32, count: 1 },
      { x: 1, tx: 10.4, T: 31.9, count: 3 },
      { x: 2, tx: 10, T: 32, count: 5 },
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0].x).toBe(1);
    expect(merged[0].count).toBe(4);
    expect(merged[0].tx).toBeCloseTo((10 + 3 * 10.4) / 4, 12);
    expect(merged[0].T).toBeCloseTo((32 + 3 * 31.9) / 4, 12);
    expect(merged[1]).toEqual({ x: 2, tx: 10, T: 32, count: 5 });
  });
});
