import { describe, expect, it } from 'vitest';
import { measuresWithoutSpread, type RfmResult } from './rfm';
import type { ScoreBand } from './scoring';

/** Bands 1…3 with the given (min, max, customers); an empty score has no values. */
const bands = (...held: [number, number, number][]): ScoreBand[] =>
  held.map(([min, max, customers], i) =>
    customers === 0 ? { score: i + 1, min: null, max: null, customers } : { score: i + 1, min, max, customers },
  );

// Three customers who all ordered once, one day before the as-of date, spending 10, 20 and 50.
const rfm: RfmResult = {
  levels: 3,
  groups: {} as RfmResult['groups'],
  cutoffs: {
    recency: bands([1, 1, 3], [0, 0, 0], [0, 0, 0]),
    frequency: bands([1, 1, 3], [0, 0, 0], [0, 0, 0]),
    monetary: bands([10, 10, 1], [20, 20, 1], [50, 50, 1]),
  },
};

describe('measures without spread', () => {
  it('names the quantile-scored measures on which every customer is alike', () => {
    expect(measuresWithoutSpread(rfm, {})).toEqual(['recency', 'frequency']);
  });

  it('leaves out measures with cut-offs of the user’s own, and a single customer', () => {
    expect(measuresWithoutSpread(rfm, { cutoffs: { recency: [30, 90] } })).toEqual(['frequency']);
    const alone = { ...rfm, cutoffs: { ...rfm.cutoffs, recency: bands([4, 4, 1], [0, 0, 0], [0, 0, 0]) } };
    expect(measuresWithoutSpread(alone, {})).toEqual(['frequency']);
  });

  it('does not mistake customers whose different values share a score for alike ones', () => {
    const spread = { ...rfm, cutoffs: { ...rfm.cutoffs, recency: bands([1, 40, 3], [0, 0, 0], [0, 0, 0]) } };
    expect(measuresWithoutSpread(spread, {})).toEqual(['frequency']);
  });
});
