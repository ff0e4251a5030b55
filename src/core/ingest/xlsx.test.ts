import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { claimInflatedSize, workbookBytes } from '../../../tests/fixtures/workbook';
import {
  MAX_SHEET_XML_CHARS,
  NotAWorkbook,
  UnknownSheet,
  WorkbookTooLarge,
  csvHead,
  formatCodeShows,
  workbookToCsv,
} from './xlsx';

const ORDERS = [
  // Header: shared strings 0–3.
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
    '<c r="D1" t="s"><v>3</v></c></row>',
  // A date (style 1: built-in format 14, d/m/yyyy), rich text split in runs with a phonetic guide, a formula's cached
  // number.
  '<row r="2"><c r="A2"><v>1001</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" s="1"><v>45356</v></c>' +
    '<c r="D2"><f>10+2.5</f><v>12.5</v></c></row>',
  // An empty row Excel still wrote (formatting only), then a row with a gap: B left out, D an inline string.
  '<row r="3" spans="1:4"/>',
  '<row r="5"><c r="A5"><v>1002</v></c><c r="C5" s="2"><v>45356.598726851855</v></c>' +
    '<c r="D5" t="inlineStr"><is><t>3,20</t></is></c></row>',
  // Text needing quotes, entities, a boolean and an error value.
  '<row r="6"><c r="A6" t="str"><v>A&amp;B "x"</v></c><c r="B6" t="s"><v>5</v></c><c r="C6" t="b"><v>1</v></c>' +
    '<c r="D6" t="e"><v>#DIV/0!</v></c></row>',
].join('');

const STRINGS = [
  '<t>order</t>',
  '<t>customer</t>',
  '<t>date</t>',
  '<t>amount</t>',
  '<r><t>Ann</t></r><r><t xml:space="preserve"> Lee</t></r><rPh sb="0" eb="1"><t>アン</t></rPh>',
  '<t>Ren&#233;e_x000D_\nline two</t>',
];

const STYLES = {
  numFmts: '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-413]dd/mm/yyyy\\ hh:mm;@"/></numFmts>',
  cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>',
};

describe('workbookToCsv', () => {
  it('writes the first sheet as CSV: shared and inline strings, dates, numbers, booleans, gaps and quoting', () => {
    const bytes = workbookBytes({
      sheets: [ORDERS, '<row r="1"><c r="A1"><v>999</v></c></row>'],
      sharedStrings: STRINGS,
      ...STYLES,
    });
    expect(workbookToCsv(bytes).csv).toBe(
      'order,customer,date,amount\n' +
        '1001,Ann Lee,2024-03-05,12.5\n' +
        '1002,,2024-03-05 14:22:10,"3,20"\n' +
        '"A&B ""x""","Renée\r\nline two",TRUE,\n',
    );
    expect(workbookToCsv(bytes).sheet).toEqual({ name: 'Sheet1', of: 2, names: ['Sheet1', 'Sheet2'], picked: 'first' });
  });

  it('skips a chart sheet in the first tab', () => {
    const bytes = workbookBytes({ sheets: ['<row r="1"><c r="A1"><v>7</v></c></row>'], chartFirst: true });
    expect(workbookToCsv(bytes)).toEqual({
      csv: '7\n',
      sheet: { name: 'Sheet1', of: 1, names: ['Sheet1'], picked: 'first' },
    });
  });

  it('counts dates from 1904 when the workbook says so, and reads tags with a namespace prefix', () => {
    const row = '<x:row r="1"><x:c r="A1" s="1"><x:v>43894</x:v></x:c><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row>';
    const bytes = workbookBytes({
      sheets: [row],
      sharedStrings: ['<x:t>ok</x:t>'],
      cellXfs: '<x:xf numFmtId="0"/><x:xf numFmtId="14"/>',
      date1904: true,
      prefix: 'x:',
    });
    expect(workbookToCsv(bytes).csv).toBe('2024-03-05,ok\n');
  });

  it('tells a ZIP archive that holds no workbook from a damaged one', () => {
    const archive = zipSync({ 'orders.csv': strToU8('order,amount\n1,2\n') });
    expect(() => workbookToCsv(archive)).toThrow(NotAWorkbook);
    const cut = workbookBytes({ sheets: [ORDERS], sharedStrings: STRINGS }).subarray(0, 200);
    expect(() => workbookToCsv(cut)).toThrow(/not a readable ZIP archive/);
  });
});

const header = (...indexes: number[]) =>
  `<row r="1">${indexes.map((index, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${index}</v></c>`).join('')}</row>`;
/** Rows 2… of an orders table: order number, customer (shared string 4), amount. */
const orderRows = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const r = i + 2;
    return `<row r="${r}"><c r="A${r}"><v>${1000 + r}</v></c><c r="B${r}" t="s"><v>4</v></c><c r="C${r}" s="1"><v>45356</v></c><c r="D${r}"><v>${r}</v></c></row>`;
  }).join('');

describe('workbookToCsv: which sheet', () => {
  // Shared strings 0–3 the orders header, 4 a customer, 5–6 a pivot table's header.
  const strings = ['order', 'customer', 'date', 'amount', 'ann@example.com', 'Row Labels', 'Sum of amount'].map(
    (s) => `<t>${s}</t>`,
  );
  const pivot =
    header(5, 6) +
    '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2"><v>42</v></c></row>' +
    '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3"><v>7</v></c></row>';
  const styles = { cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>' };

  it('reads the orders on the second tab when the first holds a pivot table', () => {
    const bytes = workbookBytes({
      sheets: [pivot, header(0, 1, 2, 3) + orderRows(2)],
      names: ['Pivot', 'Orders'],
      sharedStrings: strings,
      ...styles,
    });
    expect(workbookToCsv(bytes)).toEqual({
      csv: 'order,customer,date,amount\n1002,ann@example.com,2024-03-05,2\n1003,ann@example.com,2024-03-05,3\n',
      sheet: { name: 'Orders', of: 2, names: ['Pivot', 'Orders'], picked: 'preferred' },
    });
  });

  it('reads the sheet asked for, by its exact name or ignoring case, and names the sheets for one it lacks', () => {
    const bytes = workbookBytes({
      sheets: [pivot, header(0, 1, 2, 3) + orderRows(2)],
      names: ['Pivot', 'Orders & returns'],
      sharedStrings: strings,
      ...styles,
    });
    expect(workbookToCsv(bytes, { sheet: 'pivot' })).toEqual({
      csv: 'Row Labels,Sum of amount\nann@example.com,42\nann@example.com,7\n',
      sheet: { name: 'Pivot', of: 2, names: ['Pivot', 'Orders & returns'], picked: 'asked' },
    });
    expect(workbookToCsv(bytes, { sheet: 'Orders & returns' }).sheet.picked).toBe('asked');
    expect(() => workbookToCsv(bytes, { sheet: 'Orders' })).toThrow(UnknownSheet);
    try {
      workbookToCsv(bytes, { sheet: 'Orders' });
    } catch (error) {
      expect((error as UnknownSheet).sheets).toEqual(['Pivot', 'Orders & returns']);
    }
  });
});

describe('workbookToCsv: times', () => {
  // 0.598726851855 of a day is 51,730 s: 14 h (50,400) + 22 min (1,320) + 10 s.
  const TIME = '0.598726851855';
  const cells = (values: [string, number][]) =>
    `<row r="1">${values.map(([v, s], i) => `<c r="${String.fromCharCode(65 + i)}1" s="${s}"><v>${v}</v></c>`).join('')}</row>`;

  it('writes time-of-day formats as hh:mm:ss, elapsed hours past 24, and keeps a date-time a date-time', () => {
    const bytes = workbookBytes({
      sheets: [
        cells([
          [TIME, 1], // built-in 18, h:mm AM/PM
          [TIME, 2], // built-in 20, h:mm
          [TIME, 3], // built-in 21, h:mm:ss
          ['1.5', 4], // built-in 46, [h]:mm:ss: a day and a half
          ['45356.75', 5], // custom hh:mm on a serial with a date: the time of day only (0.75 × 24 h = 18:00)
          ['1.25', 6], // custom [h]:mm: 30 hours
          ['45356.598726851855', 7], // custom dd/mm/yyyy hh:mm: a date-time stays one
          ['45356', 8], // custom mmm yyyy: m without an hour or seconds beside it is the month
          [TIME, 9], // built-in 45, mm:ss
        ]),
      ],
      numFmts:
        '<numFmts count="4"><numFmt numFmtId="164" formatCode="hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/>' +
        '<numFmt numFmtId="166" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="167" formatCode="mmm\\ yyyy"/></numFmts>',
      cellXfs:
        '<xf numFmtId="0"/><xf numFmtId="18"/><xf numFmtId="20"/><xf numFmtId="21"/><xf numFmtId="46"/>' +
        '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="45"/>',
    });
    expect(workbookToCsv(bytes).csv).toBe(
      '14:22:10,14:22:10,14:22:10,36:00:00,18:00:00,30:00:00,2024-03-05 14:22:10,2024-03-05,14:22:10\n',
    );
  });

  it.each([
    ['h:mm AM/PM', 'time'],
    ['hh:mm:ss', 'time'],
    ['mm:ss.0', 'time'],
    ['[h]:mm:ss', 'elapsed'],
    ['[mm]:ss', 'elapsed'],
    ['[$-409]h:mm\\ AM/PM;@', 'time'],
    ['yyyy-mm-dd hh:mm', 'date'],
    ['mm/dd', 'date'],
    ['mmmm', 'date'],
    ['d-mmm', 'date'],
    ['0.00" h"', null],
    ['#,##0.00 [$€-413]', null],
    ['General', null],
  ])('reads the format code %s as %s', (code, shown) => {
    expect(formatCodeShows(code)).toBe(shown);
  });
});

describe('workbookToCsv: size', () => {
  it('refuses a worksheet whose XML could not fit in one string, before inflating it', () => {
    const whole = workbookBytes({ sheets: ['<row r="1"><c r="A1"><v>7</v></c></row>'], names: ['Orders'] });
    // One byte past the longest string.
    const bytes = claimInflatedSize(whole, 'xl/worksheets/sheet1.xml', MAX_SHEET_XML_CHARS + 1);
    expect(() => workbookToCsv(bytes)).toThrow(WorkbookTooLarge);
    expect(() => workbookToCsv(bytes)).toThrow(`worksheet 'Orders' is too large to convert (536870889 bytes of XML)`);
  });

  it('chooses by a too-large sheet’s first rows: past it when they are no orders, to it when they are', () => {
    const header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>';
    const orders =
      `${header}<c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s">` +
      '<v>4</v></c><c r="C2" s="1"><v>45356</v></c><c r="D2"><v>5</v></c></row>';
    const notes = '<row r="1"><c r="A1" t="s"><v>5</v></c></row>';
    const strings = ['order', 'customer', 'date', 'amount', 'ann', 'Notes on the export'].map((t) => `<t>${t}</t>`);
    const styles = { cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>' };
    for (const level of [6, 0] as const) {
      // Deflated (method 8) and stored (method 0) parts: the first rows are read from the start of either.
      const rezip = (bytes: Uint8Array) => zipSync(unzipSync(bytes), { level });
      const workbook = rezip(
        workbookBytes({
          sheets: [notes, orders, orders],
          names: ['Notes', 'Orders', 'Orders 2'],
          sharedStrings: strings,
          ...styles,
        }),
      );
      const size = MAX_SHEET_XML_CHARS + 1;
      const bigNotes = claimInflatedSize(workbook, 'xl/worksheets/sheet1.xml', size);
      expect(workbookToCsv(bigNotes).sheet, `level ${level}`).toMatchObject({ name: 'Orders', picked: 'preferred' });
      // The third tab's header is the orders' and it has more rows than any other: the choice, too large to read.
      const bigOrders = claimInflatedSize(workbook, 'xl/worksheets/sheet3.xml', size);
      expect(() => workbookToCsv(bigOrders), `level ${level}`).toThrow(`worksheet 'Orders 2' is too large`);
    }
  });
});

describe('csvHead', () => {
  it('gives the first bytes of the UTF-8 text', () => {
    expect([...csvHead('é,a\n', 3)]).toEqual([0xc3, 0xa9, 0x2c]);
  });
});
