import { describe, expect, it } from 'vitest';
import { countTicks, wholeTicks } from './histogram';

describe('wholeTicks', () => {
  it('ticks every whole number of a short axis of whole-number bins', () => {
    expect(wholeTicks([{ from: 1, to: 2 }])).toEqual([1, 2]);
    expect(
      wholeTicks([
        { from: 3, to: 5 },
        { from: 7, to: 9 },
      ]),
    ).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('leaves long axes, fractional bins and no bins to Plot', () => {
    expect(wholeTicks([{ from: 0, to: 40 }])).toBeUndefined();
    expect(wholeTicks([{ from: 1, to: 1.78 }])).toBeUndefined();
    expect(wholeTicks([])).toBeUndefined();
  });
});

describe('countTicks', () => {
  it('ticks whole customers when the tallest bar holds a handful', () => {
    expect(countTicks([{ customers: 1 }, { customers: 1 }])).toEqual([0, 1]);
    expect(countTicks([{ customers: 3 }])).toEqual([0, 1, 2, 3]);
  });

  it('leaves larger counts and empty charts to Plot', () => {
    expect(countTicks([{ customers: 6 }])).toBeUndefined();
    expect(countTicks([])).toBeUndefined();
  });
});
