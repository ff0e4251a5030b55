import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { inlineNumbers } from '../sql/quote';
import { boundariesFromSorted, boundariesOfValues, scoreCase, scoreCut, scoreOfCut } from './scoring';
import { TIER_CODES, tierCaseFromSorted, tierCaseFromValues, tierCodeOf, tierCut } from './spendTiers';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/** The documented tie rule, written out directly: position = share of strictly worse values. */
function expectedScore(values: number[], value: number, levels: number, higherIsBetter: boolean): number {
  const worse = values.filter((v) => (higherIsBetter ? v < value : v > value)).length;
  return Math.min(levels, 1 + Math.floor((worse / values.length) * levels + 1e-9));
}

/** Seeded values with heavy ties: most customers share a handful of values, a tail is spread out. */
function sample(seed: number, n: number): number[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: n }, () => {
    const u = next();
    return u < 0.6 ? 1 : u < 0.8 ? Math.ceil(next() * 4) : Math.round(next() * 10_000) / 100;
  });
}

async function scoresFromSql(expression: string): Promise<(number | string)[]> {
  const rows = await db.all<{ s: number | string }>(`SELECT ${expression} AS s FROM values_t c ORDER BY c.i`);
  return rows.map((row) => row.s);
}

describe('score boundaries from ranks', () => {
  for (const [seed, n] of [
    [1, 7],
    [2, 50],
    [3, 999],
    [4, 2_000],
  ]) {
    it(`reproduces the tie rule exactly for ${n} values (seed ${seed}), in both directions and at 3, 5 and 100 levels, in SQL and in TypeScript, from sorted values and by selection`, async () => {
      const values = sample(seed, n);
      await db.run(
        `CREATE OR REPLACE TABLE values_t AS SELECT * FROM (VALUES ${values.map((v, i) => `(${i}, ${v})`).join(', ')}) t(i, v)`,
      );
      const sorted = Float64Array.from(values).sort();
      for (const levels of [3, 5, 100]) {
        for (const higherIsBetter of [true, false]) {
          const spec = { column: 'v', levels, higherIsBetter };
          const resolved = scoreCase(spec, sorted);
          const expected = values.map((v) => expectedScore(values, v, levels, higherIsBetter));
          expect(await scoresFromSql(inlineNumbers(resolved.expression, resolved.params))).toEqual(expected);
          const cut = scoreCut(spec, resolved.params);
          expect(values.map((v) => scoreOfCut(v, cut))).toEqual(expected);
          // By selection over the values in file order, with a NULL among them: the same boundaries.
          const ranks = (count: number) =>
            Array.from({ length: levels - 1 }, (_, i) => Math.ceil(((levels - i - 1) * count) / levels));
          const unsorted = Float64Array.from([...values, NaN]);
          expect(boundariesOfValues(unsorted, higherIsBetter, ranks)).toEqual(
            boundariesFromSorted(sorted, higherIsBetter, ranks(n)),
          );
        }
      }
      const expectedTiers = values.map((v) => {
        const position = expectedScore(values, v, 100, true);
        return position <= 30 ? 'LOW' : position > 70 ? 'HIGH' : 'MEDIUM';
      });
      // From sorted values (the customer model) and by selection over values in any order (the CLV tiers).
      const inMemory = tierCaseFromSorted(sorted, 'v', true);
      expect(await scoresFromSql(inlineNumbers(inMemory.expression, inMemory.params))).toEqual(expectedTiers);
      const tiers = tierCut(inMemory.params);
      expect(values.map((v) => TIER_CODES[tierCodeOf(v, tiers)])).toEqual(expectedTiers);
      expect(tierCaseFromValues(Float64Array.from(values), 'v', true).params).toEqual(inMemory.params);
    });
  }
});
