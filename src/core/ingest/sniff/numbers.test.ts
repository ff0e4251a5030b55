import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { amountSql, detectDecimalComma, quantitySql } from './numbers';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

async function amount(text: string, decimalComma: boolean): Promise<number | null> {
  const [row] = await db.all<{ v: number | null }>(`SELECT ${amountSql('t', decimalComma)} AS v FROM (SELECT ? AS t)`, [
    text,
  ]);
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
    ['12,5', true, 12.5],
    ['20,00-', true, -20],
    ['1.020,00 -', true, -1020],
    ['−10,00 €', true, -10],
    ['(7,50)', true, -7.5],
    ['€ -3,20', true, -3.2],
    ['n/a', false, null],
  ])('%s (decimal comma: %s) is %d', async (text, decimalComma, expected) => {
    expect(await amount(text, decimalComma)).toBe(expected);
  });

  // Before: DuckDB's cast read these as NaN or ±infinity, and one such order made the revenue NaN (null in the JSON).
  it.each([
    ['NaN', false],
    ['nan', true],
    ['Infinity', false],
    ['-inf', true],
    ['1e309', false],
    ['-1e309', true],
    // Finite, but three of them overflow a sum to infinity: past 2^53 cents (≈ 9.007e13) no amount is an order's.
    ['1.7976931348623157e308', false],
    ['100000000000000', false],
  ])('%s (decimal comma: %s) is unreadable, not a number that is not finite', async (text, decimalComma) => {
    expect(await amount(text, decimalComma)).toBe(null);
  });

  it.each([
    ['-0.00', false],
    ['(0.00)', false],
    ['0,00-', true],
  ])('%s (decimal comma: %s) is zero, not negative zero', async (text, decimalComma) => {
    // toBe compares with Object.is, which tells -0 from 0.
    expect(await amount(text, decimalComma)).toBe(0);
  });
});

describe('line quantities', () => {
  it.each([
    ['3', 3],
    ['2.5', 2.5],
    ['NaN', null],
    ['inf', null],
    ['two', null],
    ['', null],
  ])('%s reads as %s', async (text, expected) => {
    const [row] = await db.all<{ v: number | null }>(`SELECT ${quantitySql('t')} AS v FROM (SELECT ? AS t)`, [text]);
    expect(row.v).toBe(expected);
  });
});

describe('decimal comma or point', () => {
  it('reads trailing-minus and bracketed values as the evidence they are', () => {
    expect(detectDecimalComma(['20,00-', '(7,50)', '3,20'], ',')).toBe(true);
    expect(detectDecimalComma(['(20.00)', '7.50-'], ';')).toBe(false);
  });
});
