import { describe, expect, it } from 'vitest';
import { conventionalOrder, detectDateFormat } from './dates';
import { detectDialect, hasHeader, splitFields, splitRecords } from './dialect';
import { detectEncoding, isValidUtf8 } from './encoding';
import { detectMagic } from './magic';
import { detectDecimalComma } from './numbers';

describe('detectMagic', () => {
  it.each([
    ['gzip', [0x1f, 0x8b, 8]],
    ['parquet', [0x50, 0x41, 0x52, 0x31]],
    ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
    ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
    ['zip', [0x50, 0x4b, 0x03, 0x04]],
    ['binary', [0x00, 0x01, 0x02, 0x03]],
  ])('recognises %s', (kind, bytes) => {
    expect(detectMagic(Uint8Array.from(bytes))).toBe(kind);
  });
  it('lets text through', () => {
    expect(detectMagic(new TextEncoder().encode('order_id,amount\n1,2\n'))).toBeNull();
  });
});

describe('detectEncoding', () => {
  it('tells UTF-8 (with and without BOM), UTF-16 and Windows-1252 apart', () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Uint8Array.from([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(new TextEncoder().encode('Café'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x0a]))).toEqual({
      encoding: 'windows-1252',
      bom: false,
    });
  });
  it('tells UTF-16 without a byte-order mark by the NUL bytes of its ASCII characters', () => {
    const text = 'order_id;klant;datum;bedrag\r\n1;Zoë;05-03-2024;12,50\r\n';
    const littleEndian = new Uint8Array(Buffer.from(text, 'utf16le'));
    const bigEndian = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    expect(detectEncoding(littleEndian)).toEqual({ encoding: 'utf-16le', bom: false });
    expect(detectEncoding(bigEndian)).toEqual({ encoding: 'utf-16be', bom: false });
    // A sample cut after an odd number of bytes (the last unit's half) says the same.
    expect(detectEncoding(littleEndian.subarray(0, 41))).toEqual({ encoding: 'utf-16le', bom: false });
    expect(detectMagic(littleEndian)).toBeNull();
    expect(detectMagic(bigEndian)).toBeNull();
    // One NUL in UTF-8 text is no UTF-16: binary, as before.
    expect(detectMagic(new TextEncoder().encode('order_id,amount\n1,2\u0000\n'))).toBe('binary');
  });
  it('does not hold a multi-byte character cut at the end of the sample against UTF-8', () => {
    expect(isValidUtf8(Uint8Array.from([0x41, 0xc3]))).toBe(true);
    expect(isValidUtf8(Uint8Array.from([0xc3, 0x41]))).toBe(false);
  });
});

describe('dialect', () => {
  it('splits records and fields with RFC 4180 quoting', () => {
    expect(splitRecords('a,b\r\n"x\ny",2\n3,4')).toEqual(['a,b', '"x\ny",2', '3,4']);
    expect(splitFields('"Smith, John","say ""hi""",3', ',')).toEqual(['Smith, John', 'say "hi"', '3']);
  });
  it('picks the delimiter that splits consistently', () => {
    expect(detectDialect(['a;b;c', '1;2,5;3', '4;5,0;6'])).toEqual({ container: 'csv', delimiter: ';' });
    expect(detectDialect(['a\tb', '1\t2'])).toEqual({ container: 'csv', delimiter: '\t' });
    // One row in four with stray cells: still `;` (the reader reports that row), not one column.
    expect(
      detectDialect([
        'Nr;Klant;Datum;Bedrag',
        '1;A;05.03.2024;12,50',
        '2;B;15.03.2024;7,50;x;y',
        '3;C;16.03.2024;1,00',
      ]),
    ).toEqual({ container: 'csv', delimiter: ';' });
    expect(detectDialect([' 00001 19970101  1   11.77', ' 00002 19970112  1   12.00'])).toEqual({
      container: 'whitespace',
      delimiter: null,
    });
    expect(detectDialect(['{"a":1}', '{"a":2}'])).toEqual({ container: 'jsonl', delimiter: null });
  });
  it('recognises a header row', () => {
    expect(hasHeader(['order', 'date', 'total'], ['1', '2024-01-01', '9.50'])).toBe(true);
    expect(hasHeader(['1', '2024-01-01', '9.50'], ['2', '2024-01-02', '3.00'])).toBe(false);
  });
});

describe('detectDateFormat', () => {
  it('settles day/month order from a day above 12', () => {
    expect(detectDateFormat(['13/03/2024', '02/04/2024'], 'MDY')).toMatchObject({ kind: 'dmy', ambiguous: false });
    expect(detectDateFormat(['03/13/2024', '04/02/2024'], 'DMY')).toMatchObject({ kind: 'mdy', ambiguous: false });
  });
  it('marks undecidable dates ambiguous, falls back to the convention, and obeys an explicit order', () => {
    expect(detectDateFormat(['01/02/2024', '03/04/2024'], 'DMY')).toMatchObject({
      kind: 'dmy',
      ambiguous: true,
      label: 'dd/mm/yyyy',
    });
    expect(detectDateFormat(['01/02/2024'], 'DMY', 'MDY')).toMatchObject({ kind: 'mdy', ambiguous: false });
    expect(conventionalOrder(',', ['1/2/2024'])).toBe('MDY');
    expect(conventionalOrder(';', ['1/2/2024'])).toBe('DMY');
  });
  it('recognises Shopify, ISO and compact dates', () => {
    expect(detectDateFormat(['2024-03-05 14:22:10 +0100'], 'DMY')?.kind).toBe('shopify');
    expect(detectDateFormat(['2024-03-05T14:22:10Z', '2024-03-05'], 'DMY')?.kind).toBe('iso');
    expect(detectDateFormat(['19970101'], 'DMY')?.kind).toBe('yyyymmdd');
    expect(detectDateFormat(['soon', 'later'], 'DMY')).toBeNull();
  });
  it('reads numbers as Unix time only when asked, and only between 1990 and 2100', () => {
    const ids = ['1709648530', '1709600000'];
    expect(detectDateFormat(ids, 'DMY')).toBeNull();
    expect(detectDateFormat(ids, 'DMY', undefined, { epoch: true })?.kind).toBe('epochSeconds');
    expect(detectDateFormat(['1709648530000'], 'DMY', undefined, { epoch: true })?.kind).toBe('epochMillis');
    // 600000000 s is 1989-01-05; 4102444800 s is 2100-01-01.
    expect(detectDateFormat(['600000000', '4102444800'], 'DMY', undefined, { epoch: true })).toBeNull();
  });
});

describe('detectDecimalComma', () => {
  it('reads the evidence in the values', () => {
    expect(detectDecimalComma(['1.234,56', '12,50'], ',')).toBe(true);
    expect(detectDecimalComma(['1,234.56', '12.50'], ';')).toBe(false);
    expect(detectDecimalComma(['12,5 €'], ',')).toBe(true);
  });
  it('falls back to the delimiter when the values cannot tell', () => {
    expect(detectDecimalComma(['1,234', '10'], ';')).toBe(true);
    expect(detectDecimalComma(['1,234', '10'], ',')).toBe(false);
  });
});
