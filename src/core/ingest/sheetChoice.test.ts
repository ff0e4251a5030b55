import { describe, expect, it } from 'vitest';
import { chooseSheet, type SheetShape } from './sheetChoice';

/** A sheet whose first rows are `head` (CSV lines) and that has `rows` non-empty rows in all. */
const sheet = (head: string[], rows = head.length): SheetShape => ({ head: head.map((l) => l + '\n').join(''), rows });

const ORDERS_HEADER = 'order,customer,date,amount';
const ORDER = '1001,ann@example.com,2024-03-05,12.50';
const orders = (dataRows: number) => sheet([ORDERS_HEADER, ORDER, ORDER], dataRows + 1);
const PIVOT = sheet(['Row Labels,Sum of amount', 'ann@example.com,42', 'bob@example.com,7', 'Grand Total,49']);
const NOTES = sheet(['Exported by the shop on 2024-03-06', 'Totals include VAT']);

describe('chooseSheet', () => {
  it('keeps a single sheet, and the first of several comparable order tables', () => {
    expect(chooseSheet([])).toBe(0);
    expect(chooseSheet([PIVOT])).toBe(0);
    expect(chooseSheet([orders(30), orders(50)])).toBe(0);
  });

  it('passes over a pivot table or notes whose header the import cannot map', () => {
    expect(chooseSheet([PIVOT, orders(2)])).toBe(1);
    expect(chooseSheet([NOTES, PIVOT, orders(3)])).toBe(2);
  });

  it('passes over a first table with fewer than a tenth of the rows of another', () => {
    // 5 × 10 = 50 < 51 rows: the 5-row sheet is a sample of the other; 6 × 10 = 60 is not below 51.
    expect(chooseSheet([orders(5), orders(51)])).toBe(1);
    expect(chooseSheet([orders(6), orders(51)])).toBe(0);
    // Among several: the first that is not far smaller than the largest (tab 2 at 100 rows is a tenth of 1,000).
    expect(chooseSheet([orders(50), orders(100), orders(1000)])).toBe(1);
  });

  it('prefers a mappable header over more rows without one', () => {
    expect(chooseSheet([orders(3), sheet(['sku,name,stock', 'A1,Mug,4', 'A2,Cup,6'], 5000)])).toBe(0);
  });

  it('when no sheet has a header it can map, takes the first sheet unless another is ten times longer', () => {
    const table = (rows: number) => sheet(['Name,When,Value,Remark', 'Ann,2024-03-05,12,', 'Bob,2024-03-06,7,'], rows);
    // NOTES: 2 title-like lines, no table; table(41): a header and 40 data rows.
    expect(chooseSheet([NOTES, table(41)])).toBe(1);
    expect(chooseSheet([table(11), table(41)])).toBe(0);
  });

  it('passes over a sheet too large to read whose first rows are no orders, and chooses one whose are', () => {
    // xlsx.ts gives a sheet too large to read whole its first rows and Infinity for its rows.
    const tooLarge = (shape: SheetShape) => ({ ...shape, rows: Infinity });
    expect(chooseSheet([PIVOT, orders(20), tooLarge(NOTES)])).toBe(1);
    expect(chooseSheet([tooLarge(PIVOT), orders(20)])).toBe(1);
    // Its header is the orders': more rows than any other, chosen (reading it then says it is too large).
    expect(chooseSheet([orders(20), tooLarge(orders(3))])).toBe(1);
    // No mappable header anywhere: the largest, as for any sheets.
    expect(chooseSheet([NOTES, tooLarge(PIVOT)])).toBe(1);
  });

  it('reads a title line above the header, as the importer does', () => {
    const titled = sheet(['Orders March 2024', ORDERS_HEADER, ORDER, ORDER], 12);
    expect(chooseSheet([PIVOT, titled])).toBe(1);
    // 12 rows: the title, the header and 10 orders; 10 × 10 = 100 is not below 100 rows of the second.
    expect(chooseSheet([titled, orders(100)])).toBe(0);
    expect(chooseSheet([titled, orders(101)])).toBe(1);
  });
});
