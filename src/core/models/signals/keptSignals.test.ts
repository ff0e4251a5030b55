import { describe, expect, it } from 'vitest';
import { KeptSignals, stableJson } from './keptSignals';

describe('KeptSignals', () => {
  it('computes a part once per rule, and again when the rule changes', async () => {
    const kept = new KeptSignals();
    const computed: number[] = [];
    const compute = (value: number) => async () => {
      computed.push(value);
      return value;
    };
    expect(await kept.reuse('cadence', { overdueRatio: 2, shrinkageGaps: 1 }, compute(1))).toBe(1);
    expect(await kept.reuse('cadence', { shrinkageGaps: 1, overdueRatio: 2 }, compute(2))).toBe(1);
    expect(await kept.reuse('cadence', { overdueRatio: 3, shrinkageGaps: 1 }, compute(3))).toBe(3);
    expect(await kept.reuse('sendTime', undefined, compute(4))).toBe(4);
    expect(await kept.reuse('sendTime', undefined, compute(5))).toBe(4);
    expect(computed).toEqual([1, 3, 4]);
  });

  it('keeps nothing of a part whose computation failed, not even what it had before', async () => {
    const kept = new KeptSignals();
    await kept.reuse('discounts', { hunterMinOrders: 3 }, async () => 'three');
    await expect(
      kept.reuse('discounts', { hunterMinOrders: 4 }, async () => {
        throw new Error('cancelled');
      }),
    ).rejects.toThrow('cancelled');
    // The old rule's tables may be half replaced: it is computed again rather than taken as kept.
    expect(await kept.reuse('discounts', { hunterMinOrders: 3 }, async () => 'three again')).toBe('three again');
  });

  it('forgets the discounts when the scores change, the last action with new events, everything on clear', async () => {
    const kept = new KeptSignals();
    const keepAll = () =>
      Promise.all(
        (['cadence', 'categoryTally', 'categories', 'discounts', 'sendTime', 'lastAction'] as const).map((part) =>
          kept.reuse(part, null, async () => 'old'),
        ),
      );
    const stillKept = () =>
      Promise.all(
        (['cadence', 'categoryTally', 'categories', 'discounts', 'sendTime', 'lastAction'] as const).map((part) =>
          kept.reuse(part, null, async () => 'new'),
        ),
      );
    await keepAll();
    kept.scoresChanged();
    expect(await stillKept()).toEqual(['old', 'old', 'old', 'new', 'old', 'old']);
    kept.eventsChanged();
    expect(await stillKept()).toEqual(['old', 'old', 'old', 'new', 'old', 'new']);
    await keepAll();
    kept.clear();
    expect(await stillKept()).toEqual(['new', 'new', 'new', 'new', 'new', 'new']);
  });

  it('computes the categories again once their tally of the lines was computed again', async () => {
    const kept = new KeptSignals();
    await kept.reuse('categoryTally', null, async () => 'tally');
    await kept.reuse('categories', { minBuyers: 20 }, async () => 'judged');
    await kept.reuse('categoryTally', 'another', async () => 'tally again');
    expect(await kept.reuse('categories', { minBuyers: 20 }, async () => 'judged again')).toBe('judged again');
  });
});

describe('stableJson', () => {
  it('writes objects with their keys sorted, at every depth, and arrays in their order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(stableJson(undefined)).toBe('undefined');
  });
});
