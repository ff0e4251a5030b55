import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { workbookBytes } from '../../../tests/fixtures/workbook';
import { NotAWorkbook, csvHead, workbookToCsv } from './xlsx';

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
    expect(workbookToCsv(bytes).sheet).toEqual({ name: 'Sheet1', of: 2 });
  });

  it('skips a chart sheet in the first tab', () => {
    const bytes = workbookBytes({ sheets: ['<row r="1"><c r="A1"><v>7</v></c></row>'], chartFirst: true });
    expect(workbookToCsv(bytes)).toEqual({ csv: '7\n', sheet: { name: 'Sheet1', of: 1 } });
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

describe('csvHead', () => {
  it('gives the first bytes of the UTF-8 text', () => {
    expect([...csvHead('é,a\n', 3)]).toEqual([0xc3, 0xa9, 0x2c]);
  });
});
