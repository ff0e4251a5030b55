import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { amountSql, detectDecimalComma } from './numbers';

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
});

describe('decimal comma or point', () => {
  it('reads trailing-minus and bracketed values as the evidence they are', () => {
    expect(detectDecimalComma(['20,00-', '(7,50)', '3,20'], ',')).toBe(true);
    expect(detectDecimalComma(['(20.00)', '7.50-'], ';')).toBe(false);
  });
});
