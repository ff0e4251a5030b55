import { describe, expect, it } from 'vitest';
import { segmentsWithoutCohorts } from './cohortLines';

describe('segmentsWithoutCohorts', () => {
  it('names the segments none of whose first-order months has 5 customers', () => {
    const rows = [
      { segment: 0, customers: 1 },
      { segment: 2, customers: 4 },
      { segment: 2, customers: 5 },
    ];
    // Segment 0 has one customer, segment 1 none, segment 2 one month of 5.
    expect(segmentsWithoutCohorts(rows, 3)).toEqual([0, 1]);
    expect(segmentsWithoutCohorts([], 2)).toEqual([0, 1]);
  });
});
