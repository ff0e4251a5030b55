import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { openWasmInNode } from '../../../../tests/wasmInNode';
import type { SqlExecutor } from '../../sql/executor';
import { amountSql, detectDecimalComma, quantitySql } from './numbers';

// The browser imports on DuckDB-WASM and the CLI on native DuckDB (two builds, 1.4.3 and 1.4.4 today): every reading
// below is pinned on both.
describe.each([
  ['native DuckDB', () => NodeExecutor.open()],
  ['DuckDB-WASM', openWasmInNode],
] as [string, () => Promise<SqlExecutor>][])('on %s', (_engine, open) => {
  let db: SqlExecutor;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => {
    if (db instanceof NodeExecutor) db.close();
  });

  async function amount(text: string, decimalComma: boolean): Promise<number | null> {
    const [row] = await db.all<{ v: number | null }>(
      `SELECT ${amountSql('t', decimalComma)} AS v FROM (SELECT CAST(? AS VARCHAR) AS t)`,
      [text],
    );
    return row.v;
  }

  describe('amounts as exports write them', () => {
    it.each([
      ['12.50', false, 12.5],
      ['-12.50', false, -12.5],
      ['$1,234.56', false, 1234.56],
      ['(20.00)', false, -20],
      ['($1,020.00)', false, -1020],
      ['−10.25', false, -10.25],
      ['1.234,56', true, 1234.56],
      ['1.234.567,89', true, 1234567.89],
      ['12,5', true, 12.5],
      ['20,00-', true, -20],
      ['1.020,00 -', true, -1020],
      ['−10,00 €', true, -10],
      ['(7,50)', true, -7.5],
      ['€ -3,20', true, -3.2],
      ['n/a', false, null],
      // No digit left once the signs are stripped: the slow path casts '', which must read as unreadable.
      ['', false, null],
      ['$', false, null],
      ['-', true, null],
      ['()', true, null],
    ])('%s (decimal comma: %s) is %s', async (text, decimalComma, expected) => {
      expect(await amount(text, decimalComma)).toBe(expected);
    });

    // Before: DuckDB's cast read these as NaN or ±infinity, and one such order made the revenue NaN (null in the JSON).
    it.each([
      ['NaN', false],
      ['nan', true],
      ['Infinity', false],
      ['inf', false],
      ['-inf', true],
      ['-Infinity', false],
      ['1e309', false],
      ['-1e309', true],
      // Finite, but three of them overflow a sum to infinity: past 2^53 cents (≈ 9.007e13) no amount is an order's.
      ['1.7976931348623157e308', false],
      ['100000000000000', false],
    ])('%s (decimal comma: %s) is unreadable, not a number that is not finite', async (text, decimalComma) => {
      expect(await amount(text, decimalComma)).toBe(null);
    });

    // 2^53 = 9,007,199,254,740,992 cents is the largest amount read; a cent more is not. (Near 9e13 doubles are 1/64
    // apart, so ….92 and ….93 are different doubles.)
    it.each([
      ['90071992547409.92', false, 90071992547409.92],
      ['-90071992547409.92', false, -90071992547409.92],
      ['90.071.992.547.409,92', true, 90071992547409.92],
      ['90071992547409.93', false, null],
      ['(90071992547409.93)', false, null],
      ['-90.071.992.547.409,93', true, null],
    ])('%s (decimal comma: %s) at the edge of 2^53 cents is %s', async (text, decimalComma, expected) => {
      expect(await amount(text, decimalComma)).toBe(expected);
    });

    it.each([
      ['-0.00', false],
      ['(0.00)', false],
      ['0,00-', true],
    ])('%s (decimal comma: %s) is zero, not negative zero', async (text, decimalComma) => {
      // toBe compares with Object.is, which tells -0 from 0.
      expect(await amount(text, decimalComma)).toBe(0);
    });

    // Before: NULLIF around the slow path's text, a macro for a CASE naming it twice, made DuckDB's optimizer compute
    // the regular expressions for every value in a projection of their own, tripling the CPU time of plain amounts.
    it.each([false, true])(
      'parses each amount once, and runs the regular expressions only where the cast fails (decimal comma: %s)',
      async (decimalComma) => {
        const [plan] = await db.all<{ explain_value: string }>(
          `EXPLAIN (FORMAT json) SELECT ${amountSql('t', decimalComma)} AS v FROM (SELECT CAST(range AS VARCHAR) AS t FROM range(3))`,
        );
        const projections: string[] = [];
        const walk = (node: { name: string; children: unknown[]; extra_info: { Projections?: string | string[] } }) => {
          if (node.name === 'PROJECTION') projections.push(...[node.extra_info.Projections ?? []].flat());
          for (const child of node.children) walk(child as typeof node);
        };
        for (const root of JSON.parse(plan.explain_value)) walk(root);
        expect(projections.join(' ').split('COALESCE(').length - 1).toBe(1);
        for (const expression of projections.filter((p) => p.includes('regexp_'))) {
          expect(expression.startsWith('COALESCE(')).toBe(true);
        }
      },
    );
  });

  describe('line quantities', () => {
    it.each([
      ['3', 3],
      ['2.5', 2.5],
      ['NaN', null],
      ['inf', null],
      ['-Infinity', null],
      ['1e309', null],
      ['two', null],
      ['', null],
    ])('%s reads as %s', async (text, expected) => {
      const [row] = await db.all<{ v: number | null }>(
        `SELECT ${quantitySql('t')} AS v FROM (SELECT CAST(? AS VARCHAR) AS t)`,
        [text],
      );
      expect(row.v).toBe(expected);
    });
  });
});

describe('decimal comma or point', () => {
  it('reads trailing-minus and bracketed values as the evidence they are', () => {
    expect(detectDecimalComma(['20,00-', '(7,50)', '3,20'], ',')).toBe(true);
    expect(detectDecimalComma(['(20.00)', '7.50-'], ';')).toBe(false);
  });
});
