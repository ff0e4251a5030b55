import { describe, expect, it } from 'vitest';
import { medianOfSorted, sortedAscending } from './customerMeasures';

const sorted = (values: number[]) => Array.from(sortedAscending(Float64Array.from(values)));

describe('sortedAscending', () => {
  it('sorts whole numbers (days, order counts) and leaves out NaN', () => {
    expect(sorted([3, NaN, 0, 3, 1, 7, 1])).toEqual([0, 1, 1, 3, 3, 7]);
  });

  it('sorts fractions, negative numbers and numbers past the counting range the same way', () => {
    expect(sorted([2.5, -1, NaN, 0.25])).toEqual([-1, 0.25, 2.5]);
    expect(sorted([-2, 5, 0])).toEqual([-2, 0, 5]);
    expect(sorted([2 ** 21, 1, 3, 1])).toEqual([1, 1, 3, 2 ** 21]);
    expect(sorted([2 ** 20, 0, 2 ** 20])).toEqual([0, 2 ** 20, 2 ** 20]);
  });

  it('gives an empty array without values', () => {
    expect(sorted([])).toEqual([]);
    expect(sorted([NaN, NaN])).toEqual([]);
  });

  it('returns a new array', () => {
    const values = Float64Array.from([2, 1]);
    sortedAscending(values);
    expect(Array.from(values)).toEqual([2, 1]);
  });
});

describe('medianOfSorted', () => {
  it('takes the middle value or the midpoint of the two middle ones', () => {
    expect(medianOfSorted(Float64Array.from([1, 4, 9]))).toBe(4);
    expect(medianOfSorted(Float64Array.from([1, 4, 9, 10]))).toBe(6.5);
    expect(medianOfSorted(Float64Array.from([]))).toBeNaN();
  });
});
