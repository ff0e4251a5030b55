import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { withMemoryLimit } from '../../../tests/engineFailures';
import { scratchDirectory, shared, writeScratch } from '../../../tests/fixtures/files';
import { LATE_ROWS, notesFile } from '../../../tests/fixtures/lateStrayQuote';
import { claimInflatedSize, ordersBehindSummary, workbookBytes } from '../../../tests/fixtures/workbook';
import { importFile } from './importFile';
import type { ImportOptions, ImportOutcome, ImportSummary } from './types';

const NOW = new Date('2026-11-24T12:00:00Z');
let db: NodeExecutor;
const dir = scratchDirectory();

beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

async function run(path: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const source = new NodeFileSource(path);
  try {
    return await importFile(db, source, { now: NOW, ...options });
  } finally {
    source.cleanup();
  }
}

async function ok(path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const outcome = await run(path, options);
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.kind}: ${outcome.message}`);
  return outcome.summary;
}

describe('Shopify orders export (../shared/data fixture)', () => {
  it('counts orders, customers, guests and revenue as the fixture README states', async () => {
    const summary = await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    expect(summary).toMatchObject({
      format: 'shopify',
      orders: 19,
      customers: 3,
      guestOrders: 10,
      revenue: 14089.04,
      currency: 'EUR',
      firstOrder: '2025-05-11',
      lastOrder: '2025-05-17',
      rejectedRows: 0,
      orderLines: 40,
    });
  });

  it('merges the mixed-case email and counts each customer’s orders', async () => {
    await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    const rows = await db.all(
      'SELECT customer_id, count(*) AS n FROM orders WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY 1',
    );
    expect(rows).toEqual([
      { customer_id: 'ayumu.hirano@example.com', n: 4 },
      { customer_id: 'karine.ruby@example.com', n: 2 },
      { customer_id: 'russel.winfield@example.com', n: 3 },
    ]);
  });

  it('reads an export concatenated with itself once: each order and its lines counted once, the copies reported', async () => {
    const text = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8');
    const summary = await ok(writeScratch(dir, 'shopify-twice.csv', text + (text.endsWith('\n') ? '' : '\n') + text));
    expect(summary).toMatchObject({ orders: 19, revenue: 14089.04, orderLines: 40 });
    expect(summary.issues).toEqual({ repeated_header: 1, duplicate_order: 19 });
  });

  it('knows the repeated header of two exports concatenated with their byte-order marks (copy /b a.csv+b.csv)', async () => {
    // Before: the second header, starting with U+FEFF, was read as an order row: 1 × unparseable date ('Created at').
    const text = '\ufeff' + readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8');
    const summary = await ok(
      writeScratch(dir, 'shopify-twice-bom.csv', text + (text.endsWith('\n') ? '' : '\n') + text),
    );
    expect(summary).toMatchObject({ orders: 19, revenue: 14089.04, orderLines: 40 });
    expect(summary.issues).toEqual({ repeated_header: 1, duplicate_order: 19 });
  });

  it('reads a line quantity written NaN as unknown, so the line amount stays a number', async () => {
    // Before: DuckDB's cast read "NaN" as a number and #1001's first line (Gift Card - $10, 10.00) was worth NaN.
    const text = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8').replace(
      '2025-05-11 09:55:16 -0400,1,Gift Card - $10,10.00,',
      '2025-05-11 09:55:16 -0400,NaN,Gift Card - $10,10.00,',
    );
    await ok(writeScratch(dir, 'shopify-nan-quantity.csv', text));
    const lines = await db.all<{ quantity: number | null; line_amount: number }>(
      `SELECT quantity, line_amount FROM order_lines WHERE order_id = '#1001' AND product = 'Gift Card - $10'`,
    );
    // An unknown quantity counts as one, as an unreadable one always has: 10.00 × 1.
    expect(lines).toEqual([{ quantity: null, line_amount: 10 }]);
  });

  it('keeps the local wall-clock time and the printed offset', async () => {
    await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    const [order] = await db.all(
      `SELECT strftime(order_ts, '%Y-%m-%d %H:%M:%S') AS local, utc_offset_minutes FROM orders WHERE order_id = '#1001'`,
    );
    expect(order).toEqual({ local: '2025-05-11 09:55:16', utc_offset_minutes: -240 });
  });
});

describe('WooCommerce export (../shared/data fixture)', () => {
  it('reads three orders across seven physical lines and nets the refund', async () => {
    const summary = await ok(shared('woocommerce_orders_webtoffee_sample.csv'));
    // Totals 22.42, 33.04, 58.98; order 1002's refund of 46.00 exceeds its total, so it nets to 0 and is flagged.
    expect(summary).toMatchObject({
      format: 'woocommerce',
      orders: 3,
      customers: 3,
      guestOrders: 0,
      revenue: 81.4,
      currency: 'USD',
      firstOrder: '2018-05-16',
      lastOrder: '2018-05-16',
      orderLines: 5,
      issues: { refund_exceeds_total: 1 },
    });
    expect(summary.detected.dateFormat).toBe('dd-mm-yyyy');
    const [guest] = await db.all(`SELECT customer_id FROM orders WHERE order_id = '1002'`);
    expect(guest).toEqual({ customer_id: 'john@example.com' });
  });

  it('reads an export concatenated with itself once: each order and its lines counted once, the copies reported', async () => {
    // Before: each order was kept twice (revenue 162.80, 10 order lines) and nothing said so.
    const text = readFileSync(shared('woocommerce_orders_webtoffee_sample.csv'), 'utf8');
    const summary = await ok(
      writeScratch(dir, 'woocommerce-twice.csv', text + (text.endsWith('\n') ? '' : '\n') + text),
    );
    // As the fixture alone: 22.42 + 0 (1002's refund exceeds its total) + 58.98; 1 + 1 + 3 line items.
    expect(summary).toMatchObject({ orders: 3, revenue: 81.4, orderLines: 5 });
    expect(summary.issues).toEqual({ repeated_header: 1, duplicate_order: 3, refund_exceeds_total: 1 });
    // The same with each copy starting with a byte-order mark, as Excel's "CSV UTF-8" writes them.
    const withMarks = '\ufeff' + text + (text.endsWith('\n') ? '' : '\n') + '\ufeff' + text;
    const marked = await ok(writeScratch(dir, 'woocommerce-twice-bom.csv', withMarks));
    expect(marked).toMatchObject({ orders: 3, revenue: 81.4, orderLines: 5 });
    expect(marked.issues).toEqual({ repeated_header: 1, duplicate_order: 3, refund_exceeds_total: 1 });
    const [{ rows }] = await db.all<{ rows: number }>('SELECT count(*) AS rows FROM orders');
    expect(rows).toBe(3);
  });
});

describe('exports missing optional columns (older versions, trimmed by hand)', () => {
  /** A copy of a shared fixture without some columns, written by plain DuckDB rather than the importer. */
  async function withoutColumns(name: string, drop: string[], copy: string): Promise<string> {
    const path = `${dir}/${copy}`;
    const excluded = drop.map((c) => `"${c}"`).join(', ');
    await db.run(`COPY (SELECT * EXCLUDE (${excluded}) FROM read_csv('${shared(name)}', all_varchar = true))
      TO '${path}' (HEADER, DELIMITER ',')`);
    return path;
  }

  it.each([
    [['Tags']],
    [['Billing Country', 'Billing City', 'Shipping Country', 'Shipping City', 'Discount Code', 'Refunded Amount']],
  ])('Shopify without %j still gives the fixture README figures', async (drop) => {
    const path = await withoutColumns('shopify_orders_export_forezia_devstore.csv', drop, 'shopify-trimmed.csv');
    expect(await ok(path)).toMatchObject({ format: 'shopify', orders: 19, customers: 3, revenue: 14089.04 });
  });

  it.each([[['order_number']], [['coupon_items']], [['billing_country', 'billing_city', 'order_currency']]])(
    'WooCommerce without %j still gives the fixture README figures',
    async (drop) => {
      const path = await withoutColumns('woocommerce_orders_webtoffee_sample.csv', drop, 'woo-trimmed.csv');
      expect(await ok(path)).toMatchObject({ format: 'woocommerce', orders: 3, customers: 3, revenue: 81.4 });
    },
  );
});

/** Plain parse of a CDNOW file, independent of the importer: whitespace tokens, last is dollars. */
function cdnowByHand(name: string) {
  const lines = readFileSync(shared(name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => /^\s*\d/.test(l));
  const customers = new Set(lines.map((l) => l.trim().split(/\s+/)[0]));
  const cents = lines.reduce((sum, l) => sum + Math.round(Number(l.trim().split(/\s+/).at(-1)) * 100), 0);
  return { orders: lines.length, customers: customers.size, revenue: cents / 100 };
}

describe('CDNOW whitespace transactions (../shared/data)', () => {
  it.each([
    ['CDNOW_sample.txt', 6919, 2357],
    ['CDNOW_master.txt', 69659, 23570],
  ])('%s: every line is one order', async (name, orders, customers) => {
    const byHand = cdnowByHand(name);
    expect(byHand).toMatchObject({ orders, customers });
    const summary = await ok(shared(name));
    expect(summary).toMatchObject({
      format: 'cdnow',
      orders,
      customers,
      revenue: byHand.revenue,
      firstOrder: '1997-01-01',
      lastOrder: '1998-06-30',
      rejectedRows: 0,
    });
  });

  it('rejects a dollar value that is not a finite number instead of making the revenue NaN', async () => {
    // Before: NaN and inf were read as numbers, the revenue came out NaN (null in the CLI's JSON).
    const text = [
      ' 00001 19970101  1   11.77',
      ' 00002 19970102  1   NaN',
      ' 00003 19970103  2   inf',
      ' 00004 19970104  1   1e309',
      ' 00005 19970105  3   20.00',
    ].join('\r\n');
    const summary = await ok(writeScratch(dir, 'cdnow-nan.txt', text + '\r\n'));
    // Lines 1 and 5 are orders: 11.77 + 20.00; lines 2–4 have no readable amount.
    expect(summary).toMatchObject({ format: 'cdnow', orders: 2, revenue: 31.77, rejectedRows: 3 });
    expect(summary.issues).toEqual({ missing_amount: 3 });
    expect(summary.issueExamples.missing_amount.map((e) => e.sourceRow)).toEqual([2, 3, 4]);
  });
});

describe('invoice lines (UCI Online Retail layout)', () => {
  const file = () =>
    writeScratch(
      dir,
      'online_retail.csv',
      [
        'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
        '536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom',
        '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom',
        '536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850.0,United Kingdom',
        'C536379,22633,HAND WARMER,-1,12/1/2010 9:41,1.85,17850,United Kingdom',
        '536370,22728,ALARM CLOCK,24,12/1/2010 8:45,3.75,12583,France',
        '536371,22086,PAPER CHAIN,80,12/1/2010 9:00,2.55,,United Kingdom',
        'C536380,22086,PAPER CHAIN,-5,12/1/2010 7:00,2.55,99999,France',
      ].join('\n') + '\n',
    );

  it('nets a cancellation against the customer’s earlier invoice and reports one that cannot be matched', async () => {
    const summary = await ok(file());
    // 6×2.55 + 6×3.39 + (6×1.85 − 1×1.85) + 24×3.75 + 80×2.55 = 15.30 + 20.34 + 9.25 + 90.00 + 204.00
    expect(summary).toMatchObject({
      format: 'invoice_lines',
      orders: 4,
      customers: 2,
      guestOrders: 1,
      revenue: 338.89,
      firstOrder: '2010-12-01',
      rejectedRows: 1,
      issues: { unmatched_cancellation: 1, cancelled_order: 1, ambiguous_date_format: 1 },
    });
    expect(summary.detected.dateFormat).toBe('mm/dd/yyyy');
  });

  it('nets a cancelled line against the invoice that sold that stock code, not merely the latest one', async () => {
    const text = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '1001,A,BIG,10,2010-12-01 10:00:00,10.00,100,UK',
      '1002,B,SMALL,1,2010-12-05 10:00:00,10.00,100,UK',
      'C1003,A,BIG,-10,2010-12-06 10:00:00,10.00,100,UK',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'returned.csv', text));
    // 1001 (100.00) is cancelled whole; 1002 (10.00) stands: net 10.00, nothing capped.
    expect(summary).toMatchObject({ orders: 2, revenue: 10, issues: { cancelled_order: 1 } });
    expect(await db.all(`SELECT order_id, amount FROM orders ORDER BY 1`)).toEqual([
      { order_id: '1001', amount: 0 },
      { order_id: '1002', amount: 10 },
    ]);
    expect(summary.issueExamples.cancelled_order).toEqual([{ sourceRow: 3, raw: 'C1003 nets against 1001' }]);
  });
});

describe('European spreadsheet exports', () => {
  const dutch =
    '\uFEFFBestelnummer;Klantnummer;Besteldatum;Totaalbedrag;Land\r\n' +
    '1001;K1;13-03-2024;1.234,56;NL\r\n' +
    '1002;K2;02-04-2024;12,50;BE\r\n' +
    '1003;K1;15-04-2024;"7,00";NL\r\n';

  it('reads ; delimiters, decimal commas with dot thousands, day-first dates, a BOM and CRLF', async () => {
    const summary = await ok(writeScratch(dir, 'bestellingen.csv', dutch));
    expect(summary).toMatchObject({
      format: 'generic',
      orders: 3,
      customers: 2,
      revenue: 1254.06,
      firstOrder: '2024-03-13',
      lastOrder: '2024-04-15',
    });
    expect(summary.detected).toMatchObject({ delimiter: ';', decimalComma: true, encoding: 'UTF-8 with BOM' });
  });

  it('reads the `sep=;` line Excel writes above the header as the delimiter, not as the header', async () => {
    const summary = await ok(writeScratch(dir, 'sep-line.csv', 'sep=;\r\n' + dutch.slice(1)));
    expect(summary).toMatchObject({ orders: 3, customers: 2, revenue: 1254.06, rejectedRows: 0 });
    expect(summary.detected).toMatchObject({ delimiter: ';', decimalComma: true });
  });

  it.each([
    ['a report title and blank line', 'Bestellingen export\r\n\r\n'],
    // Excel pads each row of a sheet saved as CSV to the table's width, and a workbook's sheet is read so too.
    ['a title padded with empty cells', 'Bestellingen export;;;\r\n;;;\r\n'],
  ])('skips %s above the header', async (_, title) => {
    const summary = await ok(writeScratch(dir, 'titled.csv', title + dutch.slice(1)));
    expect(summary).toMatchObject({ orders: 3, customers: 2, revenue: 1254.06, rejectedRows: 0 });
  });

  it('reads big-endian UTF-16 (with its byte-order mark)', async () => {
    const text =
      '\uFEFForder_id\tcustomer\tdate\tamount\r\n1\tAnaïs\t2024-03-01\t10.50\r\n2\tBjörn\t2024-03-02\t20\r\n';
    const littleEndian = Buffer.from(text, 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    const summary = await ok(writeScratch(dir, 'utf16be.txt', bigEndian));
    expect(summary).toMatchObject({ orders: 2, revenue: 30.5, detected: { encoding: 'UTF-16BE with BOM' } });
    expect(await db.all(`SELECT customer_id FROM orders ORDER BY 1`)).toEqual([
      { customer_id: 'Anaïs' },
      { customer_id: 'Björn' },
    ]);
  });

  it('reads the same file gzipped', async () => {
    const summary = await ok(writeScratch(dir, 'bestellingen.csv.gz', dutch, true));
    expect(summary).toMatchObject({ orders: 3, revenue: 1254.06, detected: { compression: 'gzip' } });
  });

  it('refuses a gzip cut off before its end (an interrupted download) instead of importing part of it', async () => {
    const whole = gzipSync(dutch + '1004;K3;16-04-2024;7,00;NL\r\n'.repeat(20000));
    const outcome = await run(writeScratch(dir, 'cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2))));
    expect(outcome).toMatchObject({ ok: false, problem: { id: 'gzipDamaged' } });
  });

  it('reads a gzip made of two concatenated members whole', async () => {
    const [header, ...rows] = dutch.split('\n');
    const twoMembers = Buffer.concat([
      gzipSync(Buffer.from(header + '\n' + rows[0] + '\n')),
      gzipSync(rows.slice(1).join('\n')),
    ]);
    const summary = await ok(writeScratch(dir, 'members.csv.gz', twoMembers));
    expect(summary).toMatchObject({ orders: 3, revenue: 1254.06 });
  });

  it('reads a file named .gz that is not compressed (a server already decompressed it)', async () => {
    const summary = await ok(writeScratch(dir, 'served.csv.gz', dutch));
    expect(summary).toMatchObject({ orders: 3, revenue: 1254.06, detected: { compression: null } });
  });

  it('decodes Windows-1252 text (é as 0xE9, € as 0x80) and French headers', async () => {
    const text =
      'N° de commande;Client;Date de commande;Montant;Produit\r\nA1;c1;31/01/2024;12,50 €;Café crème\r\nA2;c2;01/02/2024;3,20 €;Thé\r\n';
    const bytes = Uint8Array.from(text, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0)));
    const summary = await ok(writeScratch(dir, 'commandes.csv', bytes));
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 15.7, firstOrder: '2024-01-31' });
    expect(summary.detected.encoding).toBe('Windows-1252');
    const products = await db.all('SELECT product FROM order_lines ORDER BY product');
    expect(products).toEqual([{ product: 'Café crème' }, { product: 'Thé' }]);
  });

  const ascii = Array.from({ length: 6000 }, (_, i) => `${i},c${i % 40},2024-03-01,10.00,${'padding '.repeat(6)}`);
  const late1252 = Uint8Array.from(
    ['order_id,customer,date,amount,note', ...ascii, '6000,Renée,2024-03-02,5.00,café'].join('\r\n'),
    (ch) => ch.charCodeAt(0),
  );

  it('reads Windows-1252 whose first accented byte comes after the sample of 256 kB', async () => {
    expect(late1252.length).toBeGreaterThan(256 * 1024);
    const summary = await ok(writeScratch(dir, 'late-1252.csv', late1252));
    expect(summary).toMatchObject({
      orders: 6001,
      revenue: 60_005,
      rejectedRows: 0,
      detected: { encoding: 'Windows-1252' },
    });
    expect(await db.all(`SELECT customer_id FROM orders WHERE order_id = '6000'`)).toEqual([{ customer_id: 'Renée' }]);
  });

  it('decompresses a gzip to its end once, even when a late Windows-1252 byte makes it read the file again', async () => {
    const source = new NodeFileSource(writeScratch(dir, 'late-1252.csv.gz', late1252, true));
    let checks = 0;
    const check = source.checkGzipIntact.bind(source);
    source.checkGzipIntact = (onProgress) => {
      checks++;
      return check(onProgress);
    };
    try {
      const outcome = await importFile(db, source, { now: NOW });
      expect(outcome).toMatchObject({ ok: true, summary: { orders: 6001, detected: { encoding: 'Windows-1252' } } });
    } finally {
      source.cleanup();
    }
    expect(checks).toBe(1);
  });

  it('maps German headers and reads dotted day-first dates', async () => {
    const text = 'Bestellnummer;Kundennummer;Bestelldatum;Betrag\n1;k1;05.01.2024;10,00\n2;k2;06.01.2024;20,00\n';
    const summary = await ok(writeScratch(dir, 'bestellungen.csv', text));
    // No day above 12: read day-first (the European convention) and flagged for the user.
    expect(summary).toMatchObject({
      orders: 2,
      revenue: 30,
      firstOrder: '2024-01-05',
      issues: { ambiguous_date_format: 1 },
    });
  });
});

describe('Excel workbooks (.xlsx)', () => {
  it('imports the first sheet, with its dates, decimal numbers and text as Excel stores them', async () => {
    const cell = (ref: string, value: string, attributes = '') => `<c r="${ref}"${attributes}><v>${value}</v></c>`;
    const text = (ref: string, index: number) => cell(ref, String(index), ' t="s"');
    const rows = [
      [text('A1', 0), text('B1', 1), text('C1', 2), text('D1', 3)],
      // 45356 days after 1899-12-30 is 2024-03-05; 45357 the 6th.
      [cell('A2', '1001'), text('B2', 4), cell('C2', '45356', ' s="1"'), cell('D2', '12.5')],
      [cell('A3', '1002'), text('B3', 5), cell('C3', '45357.25', ' s="1"'), cell('D3', '1234.56')],
      [cell('A4', '1003'), text('B4', 4), cell('C4', '45357', ' s="1"'), cell('D4', '-0.06')],
    ].map((cells, i) => `<row r="${i + 1}">${cells.join('')}</row>`);
    const workbook = workbookBytes({
      sheets: [rows.join('')],
      sharedStrings: ['Bestelnummer', 'Klant', 'Datum', 'Bedrag', 'Anaïs', 'Björn, B.'].map((s) => `<t>${s}</t>`),
      cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/>',
    });
    const summary = await ok(writeScratch(dir, 'bestellingen.xlsx', workbook));
    // 12.5 + 1234.56 − 0.06: the last a credit note netted against Anaïs's order.
    expect(summary).toMatchObject({
      format: 'generic',
      orders: 2,
      customers: 2,
      revenue: 1247,
      firstOrder: '2024-03-05',
      lastOrder: '2024-03-06',
      detected: { encoding: 'xlsx', dateFormat: 'yyyy-mm-dd', sheet: { name: 'Sheet1', of: 1 } },
    });
    expect(await db.all(`SELECT customer_id, strftime(order_ts, '%H:%M') AS t FROM orders ORDER BY 1`)).toEqual([
      { customer_id: 'Anaïs', t: '00:00' },
      { customer_id: 'Björn, B.', t: '06:00' },
    ]);
  });

  it('reads the orders tab behind a pivot table, or the sheet asked for', async () => {
    const path = writeScratch(dir, 'shop.xlsx', ordersBehindSummary());
    // tests/fixtures/workbook.ts: "Orders" holds six orders by three customers, 140 in all; "Orders 2023" two, 55.
    expect(await ok(path)).toMatchObject({
      orders: 6,
      customers: 3,
      revenue: 140,
      detected: { sheet: { name: 'Orders', of: 4, picked: 'preferred' } },
    });
    // The Time column (h:mm: 0.5, 0.25, 0.75 of a day) gives each order its hour beside the day-only date. Before, the
    // times were written as 1899-12-30 12:00:00, which is no time of day, and every order stood at midnight.
    expect(await db.all(`SELECT order_id, strftime(order_ts, '%H:%M') AS t FROM orders ORDER BY order_id`)).toEqual([
      { order_id: '1001', t: '12:00' },
      { order_id: '1002', t: '06:00' },
      { order_id: '1003', t: '18:00' },
      { order_id: '1004', t: '12:00' },
      { order_id: '1005', t: '12:00' },
      { order_id: '1006', t: '12:00' },
    ]);
    expect(await ok(path, { sheet: 'Orders 2023' })).toMatchObject({
      orders: 2,
      revenue: 55,
      detected: { sheet: { name: 'Orders 2023', picked: 'asked' } },
    });
    const unknown = await run(path, { sheet: 'Returns' });
    // Before: code missing_columns, as if the sheet's columns were wrong.
    expect(unknown).toMatchObject({
      ok: false,
      code: 'unknown_sheet',
      problem: { id: 'unknownSheet', sheet: 'Returns', sheets: ['Summary', 'Orders', 'Notes', 'Orders 2023'] },
    });
  });

  it('does not offer a time-of-day column as the order date', async () => {
    // Columns: order, customer, a time of day (h:mm), a date under a name the mapper does not know, amount. Before:
    // the times were written as dates (1899-12-30 04:48:00), so two columns looked like the order date and the mapping
    // step guessed neither (with no other date column it guessed the times).
    const cells = (r: number, values: string) => `<row r="${r}">${values}</row>`;
    const rows = [
      cells(1, [0, 1, 2, 3, 4].map((i) => `<c r="${'ABCDE'[i]}1" t="s"><v>${i}</v></c>`).join('')),
      ...[2, 3, 4].map((r) =>
        cells(
          r,
          `<c r="A${r}"><v>${r}</v></c><c r="B${r}" t="s"><v>5</v></c><c r="C${r}" s="2"><v>0.${r}</v></c>` +
            `<c r="D${r}" s="1"><v>${45356 + r}</v></c><c r="E${r}"><v>${r}.5</v></c>`,
        ),
      ),
    ];
    const workbook = workbookBytes({
      sheets: [rows.join('')],
      sharedStrings: ['Order', 'Customer', 'Time', 'Placed', 'Amount', 'ann'].map((s) => `<t>${s}</t>`),
      cellXfs: '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="20"/>',
    });
    const outcome = await run(writeScratch(dir, 'placed.xlsx', workbook));
    expect(outcome).toMatchObject({ ok: false, kind: 'needs_mapping', missing: ['order_date'] });
    expect(outcome.ok === false && outcome.kind === 'needs_mapping' && outcome.guess.order_date).toBe('Placed');
    // 0.2 of a day is 04:48 (0.2 × 24 h = 4.8 h), 0.3 07:12, 0.4 09:36.
    const time = outcome.ok === false && outcome.kind === 'needs_mapping' ? outcome.columns[2].samples : [];
    expect(time).toEqual(['04:48:00', '07:12:00', '09:36:00']);
  });

  it('says a sheet too large to convert is too large, and keeps the tables loaded before', async () => {
    await ok(writeScratch(dir, 'small.csv', 'order_id,customer_id,order_date,amount\n1,c1,2024-01-01,5\n'));
    const big = claimInflatedSize(ordersBehindSummary(), 'xl/worksheets/sheet2.xml', 6e8);
    const outcome = await run(writeScratch(dir, 'big.xlsx', big));
    expect(outcome).toMatchObject({
      ok: false,
      code: 'read_failed',
      problem: { id: 'workbookTooLarge', sheet: 'Orders', megabytes: 600, limit: 536 },
    });
    expect(await db.all('SELECT order_id, amount FROM orders')).toEqual([{ order_id: '1', amount: 5 }]);
  });
});

describe('generic files', () => {
  it('reads a BigCommerce export: customer 0 is a guest, a refunded order nets to zero', async () => {
    const text = [
      'Order ID,Customer ID,Customer Email,Order Date,Order Status,Subtotal (inc tax),Refund Amount,Order Total (inc tax)',
      '100,7,ann@example.com,05/03/2024,Completed,20.00,0.00,25.00',
      '101,0,guest@example.com,13/03/2024,Refunded,10.00,12.00,12.00',
      '102,0,other@example.com,14/03/2024,Shipped,10.00,0.00,11.00',
      '103,7,ann@example.com,20/03/2024,Shipped,40.00,0.00,44.00',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'bigcommerce.csv', text));
    // 25 + (12 − 12) + 11 + 44 = 80; orders 101 and 102 are guests'.
    expect(summary).toMatchObject({ orders: 4, customers: 1, guestOrders: 2, revenue: 80, rejectedRows: 0 });
  });

  it.each([
    // Wix repeats the order's total and refund on each item's row: 25 + (30 − 5 refunded) = 50, each taken once.
    ['the order total repeated on each item row', ['Tea,2,15.00,30.00,5.00', 'Pot,1,0.00,30.00,5.00'], 50, [20, 30, 0]],
    // Line amounts after a 10 % discount, equal by chance: 13.50 + 13.50 = 27 is nearer the items' 30 than 13.50 is.
    ['equal amounts of the rows’ own', ['Tea,1,15.00,13.50,0.00', 'Pot,1,15.00,13.50,0.00'], 52, [25, 13.5, 13.5]],
  ])('reads %s', async (_, secondOrder, revenue, lineAmounts) => {
    const rows = ['Mug,1,20.00,25.00,0.00', ...secondOrder].map(
      (item, i) => `${i === 0 ? '10001,ann' : '10002,bob'}@example.com,"Mar ${5 + i}, 2024",${item}`,
    );
    const text = ['Order number,Contact email,Date created,Item,Qty,Price,Total,Refunded amount', ...rows].join('\n');
    const summary = await ok(writeScratch(dir, 'item-rows.csv', text));
    expect(summary).toMatchObject({ orders: 2, revenue, rejectedRows: 0 });
    const lines = await db.all<{ line_amount: number }>(`SELECT line_amount FROM order_lines ORDER BY rowid`);
    expect(lines.map((l) => l.line_amount)).toEqual(lineAmounts);
  });

  it('flags orders in another currency than most, keeping them', async () => {
    const text =
      'order_id,customer_id,order_date,amount,currency\n1,a,2024-03-01,10,EUR\n2,b,2024-03-02,20,USD\n' +
      '3,c,2024-03-03,30,eur\n4,d,2024-03-04,5,\n';
    const summary = await ok(writeScratch(dir, 'currencies.csv', text));
    expect(summary).toMatchObject({ orders: 4, revenue: 65, rejectedRows: 0, issues: { other_currency: 1 } });
    expect(summary.issueExamples.other_currency).toEqual([{ sourceRow: 2, raw: 'USD: 2' }]);
  });

  it('keys customers by e-mail when the customer column holds names', async () => {
    // Two different Ann Lees: by name they would be one customer.
    const text = [
      'Order number,Billing customer,Contact email,Date created,Total',
      '1,Ann Lee,ann@example.com,2024-03-01,10',
      '2,Ann Lee,ann.lee@example.org,2024-03-02,10',
      '3,Bob Roe,bob@example.com,2024-03-03,10',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'names.csv', text));
    expect(summary).toMatchObject({ orders: 3, customers: 3, detected: { mapping: { customer_id: 'Contact email' } } });
  });

  it('takes the order total from the first row when the rows of the other items leave it blank', async () => {
    // Squarespace's layout, and a Shopify export whose headers were edited: order columns on the first row only.
    const text = [
      'Order ID,Email,Amount Refunded,Total,Lineitem quantity,Lineitem name,Lineitem price,Created at',
      '101,a@example.com,0.00,25.00,1,Mug,20.00,2024-03-05 14:22:10 +0100',
      '102,b@example.com,10.00,30.00,2,Tea,15.00,2024-03-07 10:00:00 +0100',
      '102,b@example.com,,,1,Pot,0.00,2024-03-07 10:00:00 +0100',
      // The total on the second row only: not that layout, so the blank first row leaves the amount unknown.
      '103,c@example.com,,,1,Mug,20.00,2024-03-08 10:00:00 +0100',
      '103,c@example.com,0.00,20.00,1,Tea,15.00,2024-03-08 10:00:00 +0100',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'first-row-totals.csv', text));
    // 25 + (30 − 10 refunded) = 45; order 103 rejected.
    expect(summary).toMatchObject({ orders: 2, revenue: 45, refunds: 1, rejectedRows: 1, orderLines: 3 });
    expect(await db.all(`SELECT order_id, product, line_amount FROM order_lines ORDER BY order_id, product`)).toEqual([
      { order_id: '101', product: 'Mug', line_amount: 20 },
      { order_id: '102', product: 'Pot', line_amount: 0 },
      { order_id: '102', product: 'Tea', line_amount: 30 },
    ]);
  });

  it('keeps quoted commas and newlines inside their field', async () => {
    const text =
      'order_id,customer,date,total,note\n1,"Smith, John",2024-01-01,10.00,"line one\nline two"\n2,"Doe, Jane",2024-01-02,5.00,plain\n';
    const summary = await ok(writeScratch(dir, 'quoted.csv', text));
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 15 });
    const customers = await db.all('SELECT customer_id FROM orders ORDER BY 1');
    expect(customers).toEqual([{ customer_id: 'Doe, Jane' }, { customer_id: 'Smith, John' }]);
  });

  it('reads lines ended by a carriage return alone, as Excel for Mac’s “CSV (Macintosh)” writes them', async () => {
    // Before: the sniffer saw one line holding the whole file, and asked for the customer, date and amount columns.
    const text = 'order_id,customer_id,order_date,amount\r1,c1,2024-01-01,10.00\r2,c2,2024-01-02,5.00\r3,c1,x,1\r';
    const summary = await ok(writeScratch(dir, 'mac-cr.csv', text));
    // Rows 1 and 2 are orders (10 + 5); row 3's date is unreadable.
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 15, issues: { unparseable_date: 1 } });
    expect(summary.issueExamples.unparseable_date).toEqual([{ sourceRow: 3, raw: 'x' }]);
  });

  it('reads JSON lines', async () => {
    const text = [
      '{"order_id":"A1","customer":"c1","date":"2024-01-05","total":10.5}',
      '{"order_id":"A2","customer":"c1","date":"2024-02-05","total":4.5}',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'orders.jsonl', text));
    expect(summary).toMatchObject({ orders: 2, customers: 1, revenue: 15, detected: { container: 'jsonl' } });
  });

  it('reads timestamps with an hours-only offset, as PostgreSQL prints timestamptz', async () => {
    const text =
      'order_id,customer_id,order_date,amount\n1,A,2024-03-01 10:00:00+00,10\n2,B,2024-03-02 11:30:00-05,20\n';
    const summary = await ok(writeScratch(dir, 'pg.csv', text));
    expect(summary).toMatchObject({ orders: 2, rejectedRows: 0, detected: { dateFormat: 'yyyy-mm-dd' } });
    expect(
      await db.all(
        `SELECT order_id, strftime(order_ts, '%Y-%m-%d %H:%M') AS local, utc_offset_minutes FROM orders ORDER BY 1`,
      ),
    ).toEqual([
      { order_id: '1', local: '2024-03-01 10:00', utc_offset_minutes: 0 },
      { order_id: '2', local: '2024-03-02 11:30', utc_offset_minutes: -300 },
    ]);
  });

  it('reads a time-zone column of IANA identifiers into UTC offsets', async () => {
    // Before: every offset NULL. Amsterdam is UTC+2 in July, New York UTC−5 in January; an unknown name stays local.
    const text =
      'order_id,customer_id,order_date,amount,timezone\n1,A,2024-07-01 10:00,10,Europe/Amsterdam\n' +
      '2,B,2024-01-05 09:00,20,America/New_York\n3,C,2024-01-05 09:00,5,Mars/Olympus\n';
    await ok(writeScratch(dir, 'iana-zones.csv', text));
    expect(await db.all(`SELECT order_id, utc_offset_minutes FROM orders ORDER BY 1`)).toEqual([
      { order_id: '1', utc_offset_minutes: 120 },
      { order_id: '2', utc_offset_minutes: -300 },
      { order_id: '3', utc_offset_minutes: null },
    ]);
  });

  it.each([
    ['year first with slashes', ['2024/03/01', '2024/12/25 18:05'], ['2024-03-01 00:00', '2024-12-25 18:05']],
    ['year first unpadded', ['2024-3-5', '2024-11-15 9:30'], ['2024-03-05 00:00', '2024-11-15 09:30']],
    ['12-hour clock', ['03/05/2024 2:22 PM', '03/15/2024 12:05 AM'], ['2024-03-05 14:22', '2024-03-15 00:05']],
    ['English month names', ['5 Mar 2024', 'March 15, 2024'], ['2024-03-05 00:00', '2024-03-15 00:00']],
    ['French month names', ['5 mars 2024', '1 févr. 2024'], ['2024-02-01 00:00', '2024-03-05 00:00']],
    ['Dutch month names', ['5 mrt. 2024', '17 okt 2023'], ['2023-10-17 00:00', '2024-03-05 00:00']],
    ['German month names', ['5. März 2024', '24. Dez. 2023'], ['2023-12-24 00:00', '2024-03-05 00:00']],
    [
      'month names with a time (Magento)',
      ['Mar 5, 2024 2:22:10 PM', '13 mars 2024 09:05'],
      ['2024-03-05 14:22', '2024-03-13 09:05'],
    ],
    // 1709648530 s after 1970-01-01 00:00 UTC: 19,787 days (2024-03-05) and 14:22:10.
    ['as Unix seconds', ['1709648530', '1709600000'], ['2024-03-05 00:53', '2024-03-05 14:22']],
    ['as Unix milliseconds', ['1709648530000', '1709600000000'], ['2024-03-05 00:53', '2024-03-05 14:22']],
  ])('reads dates written %s', async (_, dates, expected) => {
    const rows = dates.map((date, i) => `${i + 1},c${i},"${date}",10`);
    const summary = await ok(writeScratch(dir, 'dates.csv', ['id,customer,date,amount', ...rows].join('\n')));
    expect(summary).toMatchObject({ orders: 2, rejectedRows: 0 });
    const seen = await db.all<{ t: string }>(`SELECT strftime(order_ts, '%Y-%m-%d %H:%M') AS t FROM orders ORDER BY 1`);
    expect(seen.map((r) => r.t)).toEqual(expected);
  });

  it('rejects a month name it does not know and a day the month lacks, by row', async () => {
    const rows = ['1,a,5 mars 2024,10', '2,b,5 mardi 2024,10', '3,c,31 avril 2024,10'];
    const summary = await ok(writeScratch(dir, 'months.csv', ['id,customer,date,amount', ...rows].join('\n')));
    expect(summary).toMatchObject({ orders: 1, rejectedRows: 2, issues: { unparseable_date: 2 } });
  });

  it('reads JSON lines whose key first appears after the reader’s sample of lines', async () => {
    const lines = Array.from(
      { length: 25_000 },
      (_, i) => `{"order_id":"${i}","customer":"c1","date":"2024-01-05","total":1}`,
    );
    lines.push('{"order_id":"x","customer":"c2","date":"2024-01-06","total":5,"refunded":5}');
    const summary = await ok(writeScratch(dir, 'late-key.jsonl', lines.join('\n')));
    expect(summary).toMatchObject({ orders: 25_001, revenue: 25_000, detected: { container: 'jsonl' } });
  });

  it('reads a JSON array of orders as it reads JSON lines (tests/apiOrdersJson.test.ts has the APIs’ layouts)', async () => {
    const summary = await ok(
      writeScratch(dir, 'orders.json', '[{"order_id":"1","customer":"a","date":"2024-01-05","total":1}]'),
    );
    expect(summary).toMatchObject({ orders: 1, customers: 1, revenue: 1, detected: { container: 'json' } });
  });

  it('reads JSON lines that start with a byte-order mark, as Windows tools write them', async () => {
    const text = '\uFEFF{"order_id":"A1","customer":"c1","date":"2024-01-05","total":10.5}\n';
    const summary = await ok(writeScratch(dir, 'bom.jsonl', text));
    expect(summary).toMatchObject({
      orders: 1,
      revenue: 10.5,
      detected: { container: 'jsonl', encoding: 'UTF-8 with BOM' },
    });
  });

  it('reads Parquet', async () => {
    const path = `${dir}/orders.parquet`;
    await db.run(`COPY (SELECT * FROM (VALUES ('P1', 'c1', DATE '2024-03-01', 20.0), ('P2', 'c2', DATE '2024-03-02', 30.0))
      t(order_id, customer_id, order_date, amount)) TO '${path}' (FORMAT parquet)`);
    const summary = await ok(path);
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 50, detected: { container: 'parquet' } });
  });

  it('asks for a mapping when it cannot tell the columns apart, and imports once given one', async () => {
    const path = writeScratch(dir, 'cryptic.csv', 'a,b,c\nx1,2024-01-01,9.99\nx2,2024-01-02,1.01\n');
    const outcome = await run(path);
    expect(outcome).toMatchObject({
      ok: false,
      kind: 'needs_mapping',
      missing: ['customer_id', 'order_date', 'amount'],
    });
    if (!outcome.ok && outcome.kind === 'needs_mapping') {
      expect(outcome.columns[1]).toEqual({ name: 'b', samples: ['2024-01-01', '2024-01-02'] });
    }
    const summary = await ok(path, { columns: { customer_id: 'a', order_date: 'b', amount: 'c' } });
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 11 });
  });

  it('tells a per-customer summary (lifetimes, BG/BB) from orders instead of asking for columns', async () => {
    for (const [file, columns] of [
      ['cdnow_customers_summary.csv', 'ID, frequency, recency, T'],
      ['cdnow_customers_summary_with_transactions.csv', 'ID, x, t_x, T, zbar'],
      ['donations.csv', 'frequency, recency, periods, weights'],
      // Shopify's customers export, dropped instead of the orders export.
      [
        writeScratch(
          dir,
          'customers_export.csv',
          'Customer ID,First Name,Email,Total Spent,Total Orders,Tags\n7012345,Ann,ann@example.com,120.50,3,vip\n',
        ),
        'Customer ID, First Name, Email, Total Spent, Total Orders, Tags',
      ],
    ]) {
      const outcome = await run(file!.startsWith('/') ? file! : shared(file!));
      expect(outcome).toMatchObject({ ok: false, kind: 'error', code: 'unsupported_format' });
      expect(!outcome.ok && outcome.message).toContain(`one row per customer, already summarised (${columns})`);
    }
    // A summary-like header that also names the order columns is an order file.
    const path = writeScratch(
      dir,
      'orders-with-frequency.csv',
      'customer,date,amount,frequency,recency\nc1,2024-01-01,5,1,0\n',
    );
    expect(await ok(path)).toMatchObject({ orders: 1, customers: 1, revenue: 5 });
  });

  it('settles day/month order from the whole file when the first thousand rows have no day above 12', async () => {
    // 1,500 orders, 100 a day from 1 to 15 January: days 13–15 only after row 1,200. Slashes in a comma file would
    // otherwise be read month-first (the US convention) and the last 300 rows rejected.
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const day = String(1 + Math.floor(i / 100)).padStart(2, '0');
      return `${i + 1},c${i % 300},${day}/01/2024,10.00`;
    });
    const summary = await ok(writeScratch(dir, 'uk-late-days.csv', ['id,customer,date,amount', ...rows].join('\n')));
    expect(summary).toMatchObject({ orders: 1500, rejectedRows: 0, firstOrder: '2024-01-01', lastOrder: '2024-01-15' });
    expect(summary.detected.dateFormat).toBe('dd/mm/yyyy');
    expect(summary.issues).toEqual({});
  });

  it('names a mapped column that is not in the file', async () => {
    const path = writeScratch(dir, 'cryptic2.csv', 'a,b,c\nx1,2024-01-01,9.99\n');
    const outcome = await run(path, { columns: { customer_id: 'klant' } });
    expect(outcome).toMatchObject({ ok: false, code: 'missing_columns' });
    expect(!outcome.ok && outcome.message).toMatch(/'klant'.*not in this file/);
  });

  it('counts every rejected row by reason and keeps the good ones', async () => {
    const text = [
      'order_id,customer_id,order_date,amount',
      '1,c1,2024-01-01,10.00',
      '2,c2,not a date,20.00',
      '3,c3,1985-06-01,30.00',
      '4,c4,2099-01-01,40.00',
      '5,c5,2024-02-01,',
      'order_id,customer_id,order_date,amount',
      '6,c1,2024-03-01,15.00',
      '7,c6,2024-03-02,abc',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'messy.csv', text));
    expect(summary).toMatchObject({
      orders: 2,
      customers: 1,
      revenue: 25,
      rejectedRows: 6,
      issues: { unparseable_date: 1, date_before_1990: 1, date_in_future: 1, missing_amount: 2, repeated_header: 1 },
    });
    expect(summary.issueExamples.unparseable_date).toEqual([{ sourceRow: 2, raw: 'not a date' }]);
  });

  it('rejects amounts that are not finite numbers (NaN, Infinity, 1e309) as unreadable, so revenue stays a number', async () => {
    // Before: DuckDB's cast read them as NaN and ±infinity: the orders were kept and the revenue was NaN.
    const text = [
      'order_id,customer_id,order_date,amount',
      '1,c1,2024-01-01,10.00',
      '2,c2,2024-01-02,NaN',
      '3,c3,2024-01-03,Infinity',
      '4,c4,2024-01-04,-Infinity',
      '5,c5,2024-01-05,1e309',
      '6,c6,2024-01-06,1.7976931348623157e308',
      '7,c7,2024-01-07,1.7976931348623157e308',
      '8,c8,2024-01-08,-0.00',
      '9,c9,2024-01-09,2.50',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'not-finite.csv', text));
    // Orders 1, 8 and 9 remain: 10.00 + 0 + 2.50. Rows 2–7 are counted as unreadable amounts, none dropped.
    expect(summary).toMatchObject({ orders: 3, revenue: 12.5, rejectedRows: 6, issues: { missing_amount: 6 } });
    const amounts = await db.all<{ amount: number }>('SELECT amount FROM orders ORDER BY order_id');
    expect(amounts.map((r) => Object.is(r.amount, -0))).toEqual([false, false, false]);
  });

  it('nets a credit note (a row with a negative amount) against the customer’s order instead of counting an order', async () => {
    const text = [
      'order_id,customer_id,order_date,amount',
      '1,N1,2024-01-10,100.00',
      '2,N2,2024-01-15,50.00',
      'R1,N1,2024-02-10,(40.00)',
      'R2,N3,2024-03-01,-20.00',
    ].join('\n');
    const summary = await ok(writeScratch(dir, 'credit-notes.csv', text));
    // N1: 100 − 40; R2 has no earlier order of N3 to net against: rejected, visibly.
    expect(summary).toMatchObject({ orders: 2, customers: 2, revenue: 110, rejectedRows: 1, lastOrder: '2024-01-15' });
    expect(summary.issues).toEqual({ cancelled_order: 1, unmatched_cancellation: 1 });
    expect(summary.issueExamples.cancelled_order).toEqual([{ sourceRow: 3, raw: 'R1 nets against 1' }]);
    expect(await db.all(`SELECT order_id, amount, refunded_amount FROM orders ORDER BY 1`)).toEqual([
      { order_id: '1', amount: 60, refunded_amount: 40 },
      { order_id: '2', amount: 50, refunded_amount: 0 },
    ]);
  });

  it('takes an order total repeated on each line row once per order', async () => {
    const text = [
      'Order ID,Order Date,Customer,Product,Quantity,Unit Price,Order Total',
      '1,2024-03-01,A,Shirt,1,20.00,34.95',
      '1,2024-03-01,A,Socks,2,5.00,34.95',
      '2,2024-03-02,B,Hat,1,15.00,15.00',
    ].join('\n');
    // Order 1's total includes 4.95 shipping beyond its lines (20 + 2 × 5): the total, not the lines, is the revenue.
    const summary = await ok(writeScratch(dir, 'order-totals.csv', text));
    expect(summary).toMatchObject({ orders: 2, revenue: 49.95, orderLines: 3 });
    expect(await db.all(`SELECT product, line_amount FROM order_lines ORDER BY product`)).toEqual([
      { product: 'Hat', line_amount: 15 },
      { product: 'Shirt', line_amount: 20 },
      { product: 'Socks', line_amount: 10 },
    ]);
  });

  it('rejects each row without an order id on its own, lines included', async () => {
    const text =
      'order_id,customer_id,order_date,amount,product\n1,A,2024-03-01,10,Tea\n,B,2024-03-02,20,Mug\n,C,2024-03-03,30,Pot\n';
    const summary = await ok(writeScratch(dir, 'empty-ids.csv', text));
    expect(summary).toMatchObject({ orders: 1, revenue: 10, rejectedRows: 2, orderLines: 1 });
    expect(summary.issues).toEqual({ missing_order_id: 2 });
  });

  it('flags one order id on rows of different customers, and gives the order to the first', async () => {
    const text = 'order_id,customer_id,order_date,amount\n1,A,2024-03-01,10\n1,B,2024-03-05,20\n2,C,2024-03-06,5\n';
    const summary = await ok(writeScratch(dir, 'shared-ids.csv', text));
    expect(summary).toMatchObject({ orders: 2, revenue: 35, rejectedRows: 0, issues: { shared_order_id: 1 } });
    expect(await db.all(`SELECT order_id, customer_id, amount FROM orders ORDER BY order_id`)).toEqual([
      { order_id: '1', customer_id: 'A', amount: 30 },
      { order_id: '2', customer_id: 'C', amount: 5 },
    ]);
  });

  it('skips rows of empty cells (Excel) and still numbers the rejected rows as the file does', async () => {
    const text = 'Bestellnummer;Kunde;Datum;Betrag\r\n1;A;13.03.2024;100,00\r\n;;;\r\n2;B;garbage;20,00\r\n;;;\r\n';
    const summary = await ok(writeScratch(dir, 'excel-blank-rows.csv', text));
    expect(summary).toMatchObject({ orders: 1, revenue: 100, rejectedRows: 1, issues: { unparseable_date: 1 } });
    expect(summary.issueExamples.unparseable_date).toEqual([{ sourceRow: 3, raw: 'garbage' }]);
  });

  it.each([
    ['order_id,customer_id,order_date,amount,status', 'completed', 'cancelled', 'refunded'],
    ['Ordernummer;Klant;Datum;Bedrag;Status', 'afgerond', 'geannuleerd', 'terugbetaald'],
    ['N° de commande;Client;Date;Montant;Statut', 'terminée', 'Annulée', 'remboursée'],
    ['Bestellnummer;Kunde;Datum;Betrag;Status', 'abgeschlossen', 'storniert', 'erstattet'],
  ])(
    'reads cancelled and refunded statuses in the header’s language: %s',
    async (header, done, cancelled, refunded) => {
      const d = header.includes(';') ? ';' : ',';
      const amounts = d === ';' ? ['100,00', '50,00', '20,00'] : ['100.00', '50.00', '20.00'];
      const rows = [
        `1${d}A${d}2024-03-05${d}${amounts[0]}${d}${done}`,
        `2${d}B${d}2024-03-15${d}${amounts[1]}${d}${cancelled}`,
      ];
      rows.push(`3${d}C${d}2024-03-16${d}${amounts[2]}${d}${refunded}`);
      const summary = await ok(writeScratch(dir, 'statuses.csv', [header, ...rows].join('\n')));
      // Only order 1 keeps its amount; B, who only cancelled, is no customer; C's refunded order still counts for C.
      expect(summary).toMatchObject({ orders: 3, customers: 2, revenue: 100, issues: { cancelled_order: 1 } });
      expect(await db.all(`SELECT customer_id, amount FROM purchases ORDER BY 1`)).toEqual([
        { customer_id: 'A', amount: 100 },
        { customer_id: 'C', amount: 0 },
      ]);
    },
  );

  it('counts a row the reader cannot split as malformed instead of losing it', async () => {
    const text =
      'order_id,customer_id,order_date,amount\n1,c1,2024-01-01,10.00\n2,c2,2024-01-02,5.00,extra,fields\n3,c3,2024-01-03,7.00\n';
    const summary = await ok(writeScratch(dir, 'ragged.csv', text));
    expect(summary).toMatchObject({ orders: 2, revenue: 17, issues: { malformed_row: 1 }, rejectedRows: 1 });
  });
});

describe('bad input gets a clear error', () => {
  it.each([
    ['empty.csv', 'empty_file', '', /empty/],
    ['blank.csv', 'empty_file', '\n\n  \n', /blank lines/],
    ['header.csv', 'header_only', 'order_id,customer_id,order_date,amount\n', /header row but no orders/],
    [
      'excel-header.csv',
      'header_only',
      'Bestellnummer;Kunde;Datum;Betrag\r\n;;;\r\n;;;\r\n',
      /header row but no orders/,
    ],
    [
      'dates.csv',
      'unreadable_dates',
      'order_id,customer_id,order_date,amount\n1,c1,soon,10\n2,c2,later,5\n',
      /does not hold dates/,
    ],
  ])('%s → %s', async (name, code, content, message) => {
    const outcome = await run(writeScratch(dir, name, content));
    expect(outcome).toMatchObject({ ok: false, kind: 'error', code });
    expect(!outcome.ok && outcome.message).toMatch(message);
  });

  it.each([
    ['in its first rows', 1],
    ['past the rows the sample reads', 1500],
  ])(
    'a file mixing Windows (CR LF) and Unix (LF) line ends %s: says so and what to do, and keeps the data loaded',
    async (_, crlfRow) => {
      // Before: "The file could not be read as CSV with delimiter ',': The CSV Parser state machine reached an invalid
      // state." (or "The file could not be imported: …" when the mix came after the sample).
      await ok(shared('shopify_orders_export_forezia_devstore.csv'));
      // 2,000 orders, every line ended by LF but one by CR LF.
      const day = (i: number) => String((i % 28) + 1).padStart(2, '0');
      const rows = Array.from({ length: 2000 }, (_, i) => `${i + 1},c${i % 7},2024-01-${day(i)},1.00`);
      const lines = rows.map((row, i) => row + (i + 1 === crlfRow ? '\r\n' : '\n'));
      const text = 'order_id,customer_id,order_date,amount\n' + lines.join('');
      const outcome = await run(writeScratch(dir, `mixed-line-ends-${crlfRow}.csv`, text));
      expect(outcome).toMatchObject({ ok: false, kind: 'error', code: 'read_failed', problem: { id: 'lineEnds' } });
      expect(!outcome.ok && outcome.message).toMatch(/end in two ways.*save it as CSV again/);
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
      expect(n).toBe(19);
    },
  );

  it('a file the memory cannot hold: says so and what to do, and keeps the data loaded', async () => {
    // Before: "The file could not be imported: Out of Memory Error: could not allocate block of size …" — DuckDB's
    // line, with nothing to do about it. A low limit makes the 1.9 MB CDNOW file run out as a large one would.
    await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    const outcome = await withMemoryLimit(db, '4MB', () => run(shared('CDNOW_master.txt')));
    expect(outcome).toMatchObject({ ok: false, kind: 'error', code: 'read_failed', problem: { id: 'outOfMemory' } });
    expect(!outcome.ok && outcome.message).toBe(
      'There was not enough memory to import this file. Close other tabs, windows or programs, then load it again. ' +
        'If it happens again, the file holds more than this device can: load a shorter export, for example the last ' +
        'two years of orders.',
    );
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
    expect(n).toBe(19);
  });

  it('a stray quote that takes the rest of the file into one value: says which line, and keeps the data loaded', async () => {
    // Before: 6 orders of 19 and no issue at all — DuckDB's single-threaded reader pads the row the quote opens on and
    // drops the rest without an error.
    await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    const fixture = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8');
    const row = '#1006,,,,,,,,,,,,,,,2025-05-13 08:21:24 -0400,1,The Inventory Not Tracked Snowboard';
    expect(fixture.split('\n').indexOf(fixture.split('\n').find((line) => line.startsWith(row))!)).toBe(13);
    const broken = fixture.replace(row, row.replace('#1006,', '#1006,"'));
    const outcome = await run(writeScratch(dir, 'shopify-stray-quote.csv', broken));
    // The file's line 14 (the header is line 1); lines 15–41 follow it into the value.
    expect(outcome).toMatchObject({
      ok: false,
      code: 'read_failed',
      problem: { id: 'openQuote', line: 14, lines: 27 },
    });
    expect(!outcome.ok && outcome.message).toMatch(/^Line 14 of the file opens a quote .* the 27 lines after it/);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
    expect(n).toBe(19);
  });

  it('a stray quote past the sample: every line it takes in is counted as a malformed row', async () => {
    // Before: one malformed row, and the lines after it gone uncounted.
    const day = (i: number) => String((i % 28) + 1).padStart(2, '0');
    const rows = Array.from({ length: 8000 }, (_, i) => `${i + 1},c${i % 50},2024-01-${day(i)},10.00,note ${i + 1}`);
    // Data row 8001 opens a quote that never closes; rows 8002–8005 follow it.
    rows.push('8001,c1,2024-02-01,20.00,"broken note');
    for (let k = 2; k <= 5; k++) rows.push(`${8000 + k},c2,2024-02-0${k},30.00,after`);
    const text = 'order_id,customer_id,order_date,amount,note\n' + rows.join('\n') + '\n';
    expect(text.length).toBeGreaterThan(256 * 1024);
    const summary = await ok(writeScratch(dir, 'stray-quote-late.csv', text));
    expect(summary).toMatchObject({ orders: 8000, revenue: 80_000, rejectedRows: 5, issues: { malformed_row: 5 } });
    // The first three of them as examples.
    expect(summary.issueExamples.malformed_row.map((e) => e.sourceRow)).toEqual([8001, 8002, 8003]);
  });

  describe('a stray quote past the sample of a file with notes over several lines', () => {
    it.each([
      ['plain', 'late-quote.csv', (text: string) => text],
      ['gzipped', 'late-quote.csv.gz', (text: string) => gzipSync(text)],
      [
        'UTF-16, as Excel’s “Unicode Text”',
        'late-quote.utf16.csv',
        (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      ],
    ])('that never closes (%s): refused with its line, and the data loaded stays', async (_, name, encode) => {
      // Before: 8,000 orders, no issue — rows 8001–8005 gone uncounted.
      await ok(shared('shopify_orders_export_forezia_devstore.csv'));
      const text = notesFile(['8001,c1,2024-02-01,20.00,"broken note', ...LATE_ROWS]);
      const outcome = await run(writeScratch(dir, name, encode(text)));
      // Data row 8001 is line 8005 (tests/fixtures/lateStrayQuote.ts); rows 8002–8005 are the 4 lines after it.
      expect(outcome).toMatchObject({
        ok: false,
        code: 'read_failed',
        problem: { id: 'openQuote', line: 8005, lines: 4 },
      });
      const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
      expect(n).toBe(19);
    });

    it('that closes rows further on: refused with the rows it holds', async () => {
      // Row 8004's note ends with a quote before the line end: it closes the value opened on row 8001.
      const text = notesFile([
        '8001,c1,2024-02-01,20.00,"broken note',
        ...LATE_ROWS.slice(0, 2),
        '8004,c2,2024-02-04,30.00,x"',
        LATE_ROWS[3]!,
      ]);
      const outcome = await run(writeScratch(dir, 'late-quote-closed.csv', text));
      expect(outcome).toMatchObject({ ok: false, problem: { id: 'openQuote', line: 8005, lines: 3 } });
    });

    it('without one: every order is read', async () => {
      // Past the 256 kB the sniffer reads.
      expect(notesFile([]).length).toBeGreaterThan(256 * 1024);
      const text = notesFile(['8001,c1,2024-02-01,20.00,"a note"', ...LATE_ROWS]);
      const summary = await ok(writeScratch(dir, 'notes-no-stray-quote.csv', text));
      expect(summary).toMatchObject({ orders: 8005, revenue: 80_000 + 20 + 4 * 30, rejectedRows: 0 });
    });
  });

  it('a PNG renamed .csv', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const outcome = await run(writeScratch(dir, 'orders.csv', png));
    expect(outcome).toMatchObject({ ok: false, code: 'not_tabular' });
    expect(!outcome.ok && outcome.message).toMatch(/PNG image.*CSV/);
  });

  it('a damaged Excel workbook, and a ZIP archive without one', async () => {
    const cut = await run(writeScratch(dir, 'orders.xlsx', Buffer.from('504b030414000600080000002100', 'hex')));
    expect(cut).toMatchObject({ ok: false, code: 'read_failed' });
    expect(!cut.ok && cut.message).toMatch(/Excel workbook could not be read.*save it as CSV/);
    const other = await run(writeScratch(dir, 'orders.zip', zipSync({ 'orders.csv': strToU8('order,amount\n') })));
    expect(other).toMatchObject({ ok: false, code: 'not_tabular' });
    expect(!other.ok && other.message).toMatch(/ZIP archive, not an order export or an Excel workbook/);
  });

  it('a file without a customer column asks for one', async () => {
    const outcome = await run(writeScratch(dir, 'nocustomer.csv', 'order_id,order_date,amount\n1,2024-01-01,5\n'));
    expect(outcome).toMatchObject({ ok: false, kind: 'needs_mapping', missing: ['customer_id'] });
    expect(!outcome.ok && outcome.message).toMatch(/customer/);
  });

  it('leaves the previously loaded data in place', async () => {
    await ok(shared('shopify_orders_export_forezia_devstore.csv'));
    await run(writeScratch(dir, 'broken.csv', Buffer.from('89504e470d0a1a0a', 'hex')));
    await run(writeScratch(dir, 'allbad.csv', 'order_id,customer_id,order_date,amount\n1,c1,1970-01-01,5\n'));
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
    expect(n).toBe(19);
  });
});
