import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { literalList, numberLiteral } from './quote';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

describe('numberLiteral', () => {
  it('reads back in DuckDB as exactly the same double', async () => {
    // Seeded doubles of every size the models produce: probabilities, amounts, tiny and huge values.
    let state = 12345;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const values = Array.from({ length: 2000 }, (_, i) => next() * 10 ** ((i % 13) - 6) + next() * 1e-9);
    values.push(0.2447472469860265, 1.6655742318254047e-7, 40.150000000000006, -3.5, 0, 1e21);
    const rows = await db.all<Record<string, number>>(
      `SELECT ${values.map((value, i) => `${numberLiteral(value)} AS v${i}`).join(', ')}`,
    );
    expect(values.filter((value, i) => rows[0][`v${i}`] !== value)).toEqual([]);
  });

  it('keeps NULL and refuses anything that is not a finite number', () => {
    expect(numberLiteral(null)).toBe('NULL');
    for (const bad of [NaN, Infinity, '1; DROP TABLE orders', undefined]) expect(() => numberLiteral(bad)).toThrow();
  });
});

describe('literalList', () => {
  it('quotes each word, doubling an inner quote', async () => {
    expect(literalList(['void', "can't"])).toBe("'void', 'can''t'");
    const [row] = await db.all<{ hit: boolean }>(`SELECT 'can''t' IN (${literalList(['void', "can't"])}) AS hit`);
    expect(row).toEqual({ hit: true });
  });
});
