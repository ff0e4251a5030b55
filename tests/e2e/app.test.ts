/**
 * End-to-end: the built app (dist/, served from a sub-path) in Debian's Chromium. `npm test` builds first.
 * Figures on the page are compared with the same import run on native DuckDB (the CLI's path), which must agree.
 */
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { serveStatic } from './staticServer';
import { DIST, useBuiltApp } from './builtApp';
import { analyzeWithNode, importWithNode } from '../nodeImport';
import { scratchDirectory, shared, writeScratch } from '../fixtures/files';
import { workbookBytes } from '../fixtures/workbook';
import { unevenSpendShop } from '../fixtures/unevenSpend';
import { NodeExecutor } from '../../cli/nodeExecutor';
import { headingWords, overlappingHeadings } from './headingWords';

/** A Parquet order file with typed columns (text ids, integer customers, timestamps, doubles), by native DuckDB. */
async function writeParquet(path: string): Promise<string> {
  const db = await NodeExecutor.open();
  try {
    await db.run(`COPY (
      SELECT 'P' || i AS order_id, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 7 END AS customer_id,
        TIMESTAMP '2024-01-01 08:00:00' + INTERVAL (i * 37) HOUR AS created_at, round(i * 3.7, 2) AS total
      FROM range(1, 200) t(i)
    ) TO '${path}' (FORMAT parquet)`);
  } finally {
    db.close();
  }
  return path;
}

const dist = DIST;
const shopifyFixture = shared('shopify_orders_export_forezia_devstore.csv');

const app = useBuiltApp();

async function openApp(url = app.server.url): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  return page;
}

async function figure(page: Page, testid: string): Promise<string | null> {
  return page.getByTestId(testid).first().getAttribute('data-value');
}

async function waitForSummaryOf(page: Page, fileName: string): Promise<void> {
  await page
    .getByTestId('data-summary')
    .getByRole('heading', { name: fileName, exact: true })
    .waitFor({ timeout: 30_000 });
}

describe('the app in Chromium', () => {
  it('opens with the demo shop loaded, with the same figures as native DuckDB', async () => {
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('format').textContent()).toBe('Shopify orders export');
    // DuckDB started from the module the page compiled while the worker loaded (src/ui/engineModule.ts).
    const engine = await page.evaluate(
      () => (performance.getEntriesByName('engine-ready')[0] as PerformanceMark).detail as Record<string, unknown>,
    );
    expect(engine).toMatchObject({ bundle: 'eh', precompiled: true });
    const { summary: expected, model } = await analyzeWithNode(resolve(dist, 'demo/demo-shop.csv.gz'));
    expect(Number(await figure(page, 'orders'))).toBe(expected.orders);
    expect(Number(await figure(page, 'customers'))).toBe(expected.customers);
    expect(Number(await figure(page, 'guest-orders'))).toBe(expected.guestOrders);
    expect(Number(await figure(page, 'revenue'))).toBeCloseTo(expected.revenue, 6);
    expect(await figure(page, 'first-order')).toBe(expected.firstOrder);
    await page.getByTestId('monthly-chart').locator('svg').first().waitFor();
    await expect(page.getByText('Load your own file').isVisible()).resolves.toBe(true);
    // The customer model in the browser matches the CLI's, group by group.
    await page.getByTestId('rfm-group').first().waitFor({ timeout: 30_000 });
    const groups = await page
      .getByTestId('rfm-group')
      .evaluateAll((buttons) =>
        Object.fromEntries(buttons.map((b) => [b.getAttribute('data-group'), Number(b.getAttribute('data-count'))])),
      );
    expect(groups).toEqual(model!.rfm.groups);
    expect(await page.getByTestId('as-of-badge').getAttribute('data-value')).toBe(model!.asOf);
    // The overview was drawn before the customers' rows were complete, and the table followed it (customerState).
    await page.getByTestId('customer-table-listing').waitFor({ state: 'detached' });
    const [overviewDrawn, tableDrawn] = await page.evaluate(() =>
      ['analysis-to-overview', 'analysis-to-table'].map((name) => {
        const [entry] = performance.getEntriesByName(name);
        return entry.startTime + entry.duration;
      }),
    );
    expect(overviewDrawn).toBeLessThan(tableDrawn);
    await page.close();
  });

  it('loads the Shopify fixture through the file input, then keeps it when a broken file is loaded', async () => {
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="model-customers"]').waitFor({ timeout: 30_000 });
    const demoCustomers = await figure(page, 'model-customers');
    // What every frame from here on shows: the summary's orders, and beside them the customer overview's count and
    // the as-of date field.
    await page.evaluate(() => {
      const shown = (testid: string) =>
        document.querySelector(`[data-testid="${testid}"]`)?.getAttribute('data-value') ?? null;
      const asOfField = () => document.querySelector<HTMLInputElement>('[data-testid="as-of"]')?.value ?? null;
      const frames: (string | null)[][] = [];
      Object.assign(window, { framesShown: frames });
      const record = () => {
        frames.push([shown('orders'), shown('model-customers'), asOfField()]);
        requestAnimationFrame(record);
      };
      requestAnimationFrame(record);
    });
    await page.getByTestId('file-input').setInputFiles(shopifyFixture);
    await waitForSummaryOf(page, 'shopify_orders_export_forezia_devstore.csv');
    // Hand counts from ../shared/data/README.md: 19 orders, 3 customers, 10 orders without email, totals 14,089.04.
    expect(await figure(page, 'orders')).toBe('19');
    expect(await figure(page, 'customers')).toBe('3');
    expect(await figure(page, 'guest-orders')).toBe('10');
    expect(Number(await figure(page, 'revenue'))).toBeCloseTo(14089.04, 2);
    expect(await page.getByTestId('revenue').textContent()).toBe('€14,089.04');
    // Once the customers and signals are rebuilt for the new file, no figures are left dimmed as the demo shop's.
    await page.locator('[data-testid="model-customers"][data-value="3"]').waitFor({ timeout: 30_000 });
    await page.locator('.stale').first().waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
    // While the new file was analysed, the demo shop's customers never stood beside its 19 orders, not even dimmed.
    const frames = await page.evaluate(() => (window as unknown as { framesShown: (string | null)[][] }).framesShown);
    const besideTheNewOrders = frames.filter(([orders]) => orders === '19').map(([, customers]) => customers);
    expect(besideTheNewOrders.length).toBeGreaterThan(0);
    expect(besideTheNewOrders).not.toContain(demoCustomers);
    expect(besideTheNewOrders.at(-1)).toBe('3');
    // The as-of field showed the new file's default date from its summary on, not a blank field until the model came.
    const asOf = await page.getByTestId('as-of-badge').getAttribute('data-value');
    const asOfBesideTheNewOrders = new Set(frames.filter(([orders]) => orders === '19').map(([, , field]) => field));
    expect([...asOfBesideTheNewOrders]).toEqual([asOf]);

    // A gzip cut off mid-download: refused whole, not imported in part.
    const whole = gzipSync('order_id,customer_id,order_date,amount\n' + 'A1,c1,2024-03-01,10\n'.repeat(50_000));
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'cut.csv.gz', mimeType: 'application/gzip', buffer: whole.subarray(0, 2_000) });
    await page
      .getByTestId('import-error')
      .getByText('cut off or damaged', { exact: false })
      .waitFor({ timeout: 30_000 });
    expect(await figure(page, 'orders')).toBe('19');

    // A PNG renamed .csv: a clear error, and the Shopify data stays.
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    await page.getByTestId('file-input').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: png });
    const error = page.getByTestId('import-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/PNG/i);
    expect(await figure(page, 'orders')).toBe('19');
    await waitForSummaryOf(page, 'shopify_orders_export_forezia_devstore.csv');

    // In French the error is French, the one on screen reworded at once, and so is the next file's.
    await page.getByTestId('language').selectOption('fr');
    await error.getByText('Ce fichier est une image PNG, pas un export de commandes.', { exact: false }).waitFor();
    // Charts are redrawn with the names a screen reader gives their parts in French, none left in English.
    const monthly = page.getByTestId('monthly-chart');
    await monthly.locator('[aria-label="rectangles"]').waitFor({ state: 'attached' });
    expect(await monthly.locator('[aria-label="valeurs de l’axe horizontal"]').count()).toBe(1);
    expect(await monthly.locator('[aria-label="rect"], [aria-label="x-axis tick label"]').count()).toBe(0);
    await page.getByTestId('file-input').setInputFiles({
      name: 'commandes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Commande;Client;Date;Montant\r\n'),
    });
    await error
      .getByText(
        'Le fichier a une ligne d’en-tête mais aucune commande en dessous. Exportez à nouveau les commandes, lignes de données comprises.',
        { exact: true },
      )
      .waitFor({ timeout: 30_000 });
    expect(await figure(page, 'orders')).toBe('19');
    // The shop's three customers are too few for tiers and predictions, and the page says so in French (the
    // fixture's last order is on 17 May 2025).
    await page
      .getByTestId('prediction-ineligible')
      .getByText('Seulement 3 clients jusqu’au 17 mai 2025\u00a0: la prévision en demande au moins 100.', {
        exact: true,
      })
      .waitFor();
    await page
      .getByText(
        'Seulement 3 clients\u00a0: les niveaux de dépense en demandent au moins 50 pour que les centiles aient un sens.',
        { exact: true },
      )
      .waitFor();
    await page.close();
  });

  it('gives the same figures as native DuckDB (the CLI) on every fixture and on European and legacy encodings', async () => {
    const dir = scratchDirectory();
    const windows1252 = Uint8Array.from(
      'Commande;Client;Date;Montant\r\nA1;c1;31/01/2024;12,50 €\r\nA2;c2;01/02/2024;3,20 €\r\n',
      (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0)),
    );
    const files = [
      shopifyFixture,
      shared('woocommerce_orders_webtoffee_sample.csv'),
      shared('CDNOW_sample.txt'),
      shared('CDNOW_master.txt'),
      writeScratch(
        dir,
        'bestellingen.csv.gz',
        '\uFEFFBestelnummer;Klant;Datum;Bedrag\r\n1;K1;13-03-2024;1.234,56\r\n2;K2;02-04-2024;12,50\r\n',
        true,
      ),
      writeScratch(dir, 'commandes.csv', windows1252),
      // Two gzip members, as `cat a.gz b.gz` makes: Chromium's DecompressionStream stops after the first.
      writeScratch(
        dir,
        'two-members.csv.gz',
        Buffer.concat([
          gzipSync('order_id,customer_id,order_date,amount\nA1,c1,2024-03-01,10\n'),
          gzipSync('A2,c2,2024-03-02,20\n'),
        ]),
      ),
      // Excel's `sep=;` line, a title above the header, UTF-16, credit notes and statuses in Dutch.
      writeScratch(dir, 'sep.csv', 'sep=;\r\nBestelnummer;Klant;Datum;Bedrag\r\n1;K1;13-03-2024;12,50\r\n'),
      writeScratch(
        dir,
        'titled.csv',
        'Orders export\r\n\r\nOrder;Klant;Datum;Bedrag;Status\r\n1;K1;13-03-2024;12,50;afgerond\r\n' +
          '2;K2;14-03-2024;30,00;geannuleerd\r\nR1;K1;15-03-2024;(2,50);\r\n',
      ),
      writeScratch(
        dir,
        'utf16be.txt',
        Buffer.from('\uFEFForder_id\tcustomer\tdate\tamount\r\n1\tAnaïs\t2024-03-01\t10.50\r\n', 'utf16le').swap16(),
      ),
      // UTF-16 without its byte-order mark, both byte orders.
      writeScratch(
        dir,
        'utf16le-no-bom.txt',
        Buffer.from(
          'order_id\tcustomer\tdate\tamount\r\n1\tZoë\t2024-03-01\t10.50\r\n2\tBo\t2024-03-02\t4\r\n',
          'utf16le',
        ),
      ),
      writeScratch(
        dir,
        'utf16be-no-bom.txt',
        Buffer.from('order_id\tcustomer\tdate\tamount\r\n1\tZoë\t2024-03-01\t10.50\r\n', 'utf16le').swap16(),
      ),
      // ASCII for more than the 256 kB sample, then a Windows-1252 byte: the import starts again, transcoding.
      writeScratch(
        dir,
        'late-1252.csv',
        Uint8Array.from(
          'order_id,customer,date,amount,note\r\n' +
            Array.from({ length: 6000 }, (_, i) => `${i},c${i % 40},2024-03-01,10.00,${'padding '.repeat(6)}\r\n`).join(
              '',
            ) +
            '6000,Renée,2024-03-02,5.00,café\r\n',
          (ch) => ch.charCodeAt(0),
        ),
      ),
      writeScratch(dir, 'bom.jsonl', '\uFEFF{"order_id":"A1","customer":"c1","date":"2024-01-05","total":10.5}\n'),
      // French month names (31 April is not a date), and Unix seconds as Stripe's API writes `created`.
      writeScratch(
        dir,
        'mois.csv',
        'Commande;Client;Date;Montant\r\n1;c1;5 mars 2024;12,50\r\n2;c2;1 févr. 2024;3,20\r\n3;c3;31 avril 2024;1,00\r\n',
      ),
      writeScratch(
        dir,
        'charges.jsonl',
        '{"id":"ch_1","customer":"cus_A","created":1709648530,"amount":12.5}\n' +
          '{"id":"ch_2","customer":"cus_B","created":1709700000,"amount":7}\n',
      ),
      // An Excel workbook: shared strings, a date-formatted number, a decimal amount.
      writeScratch(
        dir,
        'orders.xlsx',
        workbookBytes({
          sheets: [
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
              '<c r="D1" t="s"><v>3</v></c></row><row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>4</v></c>' +
              '<c r="C2" s="1"><v>45356.5</v></c><c r="D2"><v>19.99</v></c></row>',
          ],
          sharedStrings: ['order_id', 'customer', 'date', 'amount', 'Zoë'].map((s) => `<t>${s}</t>`),
          cellXfs: '<xf numFmtId="0"/><xf numFmtId="22"/>',
        }),
      ),
      // JSON lines and Parquet: DuckDB-WASM reads neither without downloading an extension, so the worker does.
      writeScratch(
        dir,
        'orders.jsonl.gz',
        '{"order_id": "A1", "customer_id": 7, "created_at": "2024-01-31 10:00:00", "total": 12.5, "meta": {"x": 1}}\n' +
          '{"order_id": "A2", "customer_id": null, "created_at": "2024-02-01 09:30:00", "total": 3}\n' +
          '{"order_id": "A3", "customer_id": 8, "created_at": "2024-02-03 18:45:00", "total": 40.25, "note": "ok"}\n',
        true,
      ),
      await writeParquet(`${dir}/orders.parquet`),
    ];
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    for (const file of files) {
      const expected = await importWithNode(file);
      await page.getByTestId('file-input').setInputFiles(file);
      await waitForSummaryOf(page, expected.fileName);
      const seen = {
        format: await page.getByTestId('format').getAttribute('data-value'),
        orders: Number(await figure(page, 'orders')),
        customers: Number(await figure(page, 'customers')),
        guestOrders: Number(await figure(page, 'guest-orders')),
        revenue: Number(await figure(page, 'revenue')),
        firstOrder: await figure(page, 'first-order'),
        lastOrder: await figure(page, 'last-order'),
        rejectedRows: Number(await figure(page, 'rejected-rows')),
      };
      // A workbook is named as one, without the delimiter of the CSV copy it is read through.
      if (expected.fileName.endsWith('.xlsx')) {
        await expect
          .poll(() => page.locator('.detected').textContent())
          .toMatch(/^Excel workbook, sheet “Sheet1” · dates/);
      }
      const { format, orders, customers, guestOrders, revenue, firstOrder, lastOrder, rejectedRows } = expected;
      expect(seen, expected.fileName).toEqual({
        format,
        orders,
        customers,
        guestOrders,
        revenue,
        firstOrder,
        lastOrder,
        rejectedRows,
      });
    }
    await page.close();
  });

  it('shows revenue past a million in full, the same way with a currency and without', async () => {
    const page = await openApp();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    const directory = scratchDirectory();
    // 1,000,000.00 + 1,000,000.00 + 500,315.63 = 2,500,315.63.
    const lines = ['A1,c1,2024-01-05,1000000.00', 'A2,c2,2024-02-05,1000000.00', 'A3,c1,2024-03-05,500315.63'];
    const withoutCurrency = ['order_id,customer_id,order_date,amount', ...lines].join('\n');
    const withCurrency = ['order_id,customer_id,order_date,amount,currency', ...lines.map((l) => `${l},EUR`)].join(
      '\n',
    );
    await page.getByTestId('file-input').setInputFiles(writeScratch(directory, 'no-currency.csv', withoutCurrency));
    await waitForSummaryOf(page, 'no-currency.csv');
    expect(await page.getByTestId('revenue').textContent()).toBe('2,500,315.63');
    await page.getByTestId('file-input').setInputFiles(writeScratch(directory, 'euros.csv', withCurrency));
    await waitForSummaryOf(page, 'euros.csv');
    expect(await page.getByTestId('revenue').textContent()).toBe('€2,500,315.63');
    await page.close();
  });

  it('shows the newer file’s progress, and no "cancelled" error, when a file is picked while another imports', async () => {
    const rows = (n: number) =>
      'order_id,customer_id,order_date,amount\n' +
      Array.from({ length: n }, (_, i) => `O${i},c${i % 5000},2024-0${1 + (i % 9)}-1${i % 10},${(i % 97) + 0.5}`).join(
        '\n',
      );
    const directory = scratchDirectory();
    const first = writeScratch(directory, 'first.csv', rows(300_000));
    const second = writeScratch(directory, 'second.csv', rows(200_000));
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles(first);
    await page.getByTestId('import-progress').getByText('first.csv', { exact: false }).waitFor();
    // From here until the second file's summary shows, the page must keep saying that it is importing.
    await page.evaluate(() => {
      const record = window as unknown as { __gaps: number };
      record.__gaps = 0;
      const check = () => {
        const shown = document.querySelector('[data-testid="data-summary"] h2')?.textContent;
        if (shown !== 'second.csv' && !document.querySelector('[data-testid="import-progress"]')) record.__gaps++;
      };
      new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await page.getByTestId('file-input').setInputFiles(second);
    await waitForSummaryOf(page, 'second.csv');
    expect(await figure(page, 'orders')).toBe('200000');
    expect(await page.evaluate(() => (window as unknown as { __gaps: number }).__gaps)).toBe(0);
    // The first import was stopped for the second, not by the user: nothing to report.
    expect(await page.getByTestId('import-error').count()).toBe(0);

    // Cancelled from the keyboard: said so, the loaded file kept, and the focus back on the file button.
    await page.getByTestId('file-input').setInputFiles(first);
    await page.getByTestId('import-progress').getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('import-error').getByText('Import cancelled.', { exact: false }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('file-input');
    expect(await figure(page, 'orders')).toBe('200000');
    await page.close();
  });

  it('asks which column is which when it cannot tell, and imports with the user’s choice', async () => {
    const path = writeScratch(scratchDirectory(), 'cryptic.csv', 'a,b,c\nx1,2024-01-01,9.99\nx2,2024-01-02,1.01\n');
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles(path);
    const mapping = page.getByTestId('column-mapping');
    await mapping.waitFor();
    // The values tell the date and the amount (preset, for the user to confirm); the customer is left to choose.
    expect(await mapping.locator('select[data-field="order_date"]').inputValue()).toBe('b');
    expect(await mapping.locator('select[data-field="amount"]').inputValue()).toBe('c');
    expect(await mapping.locator('select[data-field="customer_id"]').inputValue()).toBe('');
    expect(await mapping.getByTestId('mapping-guessed').textContent()).toBe(
      'Preset from what the columns hold: order date and amount. Check before importing.',
    );
    await mapping.locator('select[data-field="customer_id"]').selectOption('a');
    await mapping.getByRole('button', { name: 'Import with these columns' }).click();
    await waitForSummaryOf(page, 'cryptic.csv');
    expect(await figure(page, 'orders')).toBe('2');
    expect(Number(await figure(page, 'revenue'))).toBe(11);
    expect(await mapping.count()).toBe(0);
    await page.close();
  });

  it('offers Excel workbooks in the file picker, as the importer reads them', async () => {
    const page = await openApp();
    // The picker shows only the types listed: a workbook missing here could be dropped, but not picked.
    expect((await page.getByTestId('file-input').getAttribute('accept'))?.split(',')).toEqual([
      '.csv',
      '.tsv',
      '.txt',
      '.gz',
      '.json',
      '.jsonl',
      '.ndjson',
      '.parquet',
      '.xlsx',
    ]);
    await page.close();
  });

  it('keeps the column choice open with the user’s picks when they cannot be read; Cancel returns to the file button', async () => {
    const path = writeScratch(
      scratchDirectory(),
      'odd.csv',
      'Ref №,Wer?,Wann,Betrag (brutto),Notiz\nA-1,K9,2024-02-13,12.50,foo\nA-2,K7,2024-02-14,7.25,bar\nA-3,K9,2024-03-15,3.00,baz\n',
    );
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    const active = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return element.getAttribute('data-testid') ?? element.textContent;
      });
    const mapping = page.getByTestId('column-mapping');
    const pick = (field: string) => mapping.locator(`select[data-field="${field}"]`);
    await page.getByTestId('file-input').setInputFiles(path);
    await mapping.waitFor();
    // The question takes the focus: the file cannot be read until it is answered.
    expect(await active()).toBe('Which column is which?');
    // The fields marked * are said to be required to a screen reader too, not read out as "star".
    const required = await mapping
      .locator('select')
      .evaluateAll((selects) =>
        selects.filter((s) => (s as HTMLSelectElement).required).map((s) => s.getAttribute('data-field')),
      );
    expect(required).toEqual(['customer_id', 'order_date', 'amount']);
    await pick('customer_id').selectOption('Wer?');
    await pick('amount').selectOption('Notiz');
    await mapping.getByRole('button', { name: 'Import with these columns' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByTestId('import-error')
      .getByText('No usable orders were found: every row was rejected (3 × Missing or unreadable amount).', {
        exact: false,
      })
      .waitFor({ timeout: 30_000 });
    // The step stays, the picks in place, for the one wrong column to be corrected.
    expect(await mapping.count()).toBe(1);
    expect(await pick('customer_id').inputValue()).toBe('Wer?');
    expect(await pick('order_date').inputValue()).toBe('Wann');
    expect(await pick('amount').inputValue()).toBe('Notiz');
    // Dismissing the error leaves the focus on the step, at its first choice, not at the top of the page.
    await page.getByTestId('import-error').getByRole('button', { name: 'Dismiss' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('import-error').count()).toBe(0);
    expect(await active()).toBe('Which column is which?');
    expect(await page.getByTestId('data-summary').getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'Demo shop',
    );
    await mapping.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    expect(await mapping.count()).toBe(0);
    expect(await active()).toBe('file-input');

    await page.getByTestId('file-input').setInputFiles(path);
    await pick('customer_id').selectOption('Wer?');
    await pick('amount').selectOption('Betrag (brutto)');
    await mapping.getByRole('button', { name: 'Import with these columns' }).click();
    await waitForSummaryOf(page, 'odd.csv');
    expect(await figure(page, 'orders')).toBe('3');
    expect(Number(await figure(page, 'revenue'))).toBe(22.75);
    expect(await mapping.count()).toBe(0);
    await page.close();
  });

  it('says when every customer is alike on a measure, rather than let quantile groups call them lost', async () => {
    // The WooCommerce sample: three customers, each with one order on 16 May 2018 (../shared/data/README.md).
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rfm-no-spread').count()).toBe(0);
    await page.getByTestId('file-input').setInputFiles(shared('woocommerce_orders_webtoffee_sample.csv'));
    await waitForSummaryOf(page, 'woocommerce_orders_webtoffee_sample.csv');
    const notice = page.getByTestId('rfm-no-spread');
    await notice
      .getByText(
        'Every customer has the same days since the last order and number of orders, so quantile scores cannot ' +
          'tell them apart and give them all score 1',
        { exact: false },
      )
      .waitFor({ timeout: 30_000 });
    // Recency cut-offs of the user's own score them (1 day ago is R5), and the notice keeps to the orders.
    await page.getByText('Edit cut-offs and tiers', { exact: true }).click();
    await page.getByTestId('recency-cutoffs').fill('30, 90, 180, 365');
    await page.getByTestId('recency-cutoffs').press('Enter');
    await notice.getByText('Every customer has the same number of orders,', { exact: false }).waitFor();
    // A file whose orders name no customer at all: there is no one to score, and the page says why.
    await page
      .getByTestId('file-input')
      .setInputFiles(
        writeScratch(
          scratchDirectory(),
          'guests.csv',
          'order_id,customer_id,order_date,amount\nA1,,2024-01-01,10\nA2,,2024-01-02,20\n',
        ),
      );
    await waitForSummaryOf(page, 'guests.csv');
    expect(await figure(page, 'guest-orders')).toBe('2');
    await page.getByTestId('no-customers').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rfm-no-spread').count()).toBe(0);
    // Nobody to score: no empty grid, groups or table, and the tiers cell points to the reason.
    expect(await page.getByTestId('rfm-cell-5-5').count()).toBe(0);
    expect(await page.getByTestId('customer-table').count()).toBe(0);
    await page.getByTestId('tiers-no-customers').waitFor();
    await page.close();
  });

  it('reads dates the other way round on request when no day in the file is above 12', async () => {
    // Comma-separated with slashes: read month-first as US exports are, so 03/04/2024 is 4 March.
    const path = writeScratch(
      scratchDirectory(),
      'ambiguous.csv',
      'order_id,customer_id,order_date,amount\nA1,c1,03/04/2024,10\nA2,c2,05/06/2024,20\nA3,c1,07/08/2024,30\n',
    );
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles(path);
    await waitForSummaryOf(page, 'ambiguous.csv');
    const dates = page.getByTestId('date-order');
    expect(await dates.textContent()).toContain('they were read as mm/dd/yyyy.');
    expect(await figure(page, 'first-order')).toBe('2024-03-04');
    expect(await figure(page, 'last-order')).toBe('2024-07-08');
    await page.getByTestId('reread-dates').click();
    await page.locator('[data-testid="first-order"][data-value="2024-04-03"]').waitFor({ timeout: 30_000 });
    expect(await figure(page, 'last-order')).toBe('2024-08-07');
    expect(await figure(page, 'orders')).toBe('3');
    expect((await dates.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Dates read as dd/mm/yyyy, as you chose. Read them as mm/dd/yyyy',
    );
    await page.close();
  });

  it('filters the customer table by a clicked RFM cell and opens a customer’s drawer', async () => {
    const page = await openApp();
    const cell = page.getByTestId('rfm-cell-5-5');
    await cell.waitFor({ timeout: 30_000 });
    const table = page.getByTestId('customer-table');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="customer-table"]')?.getAttribute('data-total')) > 0,
    );
    const all = Number(await table.getAttribute('data-total'));
    const inCell = Number((await cell.locator('.count').textContent())!.replace(/[^0-9]/g, ''));
    expect(inCell).toBeGreaterThan(0);
    expect(inCell).toBeLessThan(all);
    // The grid's arrow keys move between cells (down is the lower recency score).
    const focusedCell = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    await cell.focus();
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell()).toBe('rfm-cell-4-5');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedCell()).toBe('rfm-cell-4-4');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    expect(await focusedCell()).toBe('rfm-cell-5-5');
    await cell.click();
    await page.waitForFunction(
      (expected) =>
        document.querySelector('[data-testid="customer-table"]')?.getAttribute('data-total') === String(expected),
      inCell,
    );
    await expect(cell.getAttribute('aria-pressed')).resolves.toBe('true');
    const firstRow = table.locator('.spacer [role="row"]').first();
    await expect(firstRow.locator('[role="cell"]').nth(6).textContent()).resolves.toBe('Champions');
    const orders = Number((await firstRow.locator('[role="cell"]').nth(1).textContent())!.replace(/[^0-9]/g, ''));
    const lastOrder = await firstRow.locator('[role="cell"]').nth(5).textContent();
    // By keyboard: Enter on the row opens the drawer with focus on its title; Escape closes it, back on the row.
    await firstRow.focus();
    await page.keyboard.press('Enter');
    const drawer = page.getByTestId('customer-drawer');
    await drawer.waitFor();
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('role'));
    await page.waitForFunction(() => document.activeElement?.id === 'drawer-title');
    // The chart is drawn once the browser has laid out its box (Chart.svelte measures it): a frame after the drawer.
    await drawer.getByTestId('order-timeline').locator('svg').first().waitFor();
    expect(await drawer.getByTestId('order-timeline').locator('svg').count()).toBe(1);
    // The latest orders, newest first: as many as the table counts (up to ten), the first on the table's last date.
    const listed = drawer.getByTestId('customer-orders').locator('tbody tr');
    expect(await listed.count()).toBe(Math.min(10, orders));
    expect(await listed.first().locator('td').first().textContent()).toBe(lastOrder);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await focused()).toBe('row');
    const focusedRow = () => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'));
    expect(await focusedRow()).toBe('2');
    // Arrow keys and End move between rows, rendering rows that were out of view (header = row 1).
    await page.keyboard.press('ArrowDown');
    expect(await focusedRow()).toBe('3');
    await page.keyboard.press('End');
    await page.waitForFunction(
      (last) => document.activeElement?.getAttribute('aria-rowindex') === last,
      String(inCell + 1),
    );
    await page.keyboard.press('ArrowUp');
    expect(await focusedRow()).toBe(String(inCell));
    // A search that finds nobody says so.
    await page.getByTestId('customer-search').fill('nobody-by-this-name');
    await page.getByTestId('customer-table-empty').waitFor();
    expect(await table.getAttribute('data-total')).toBe('0');
    await page.close();
  });

  it('shows each customer on two lines at phone width, group and tier in view without scrolling sideways', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    await page.goto(app.server.url);
    await page.getByTestId('rfm-cell-2-3').click({ timeout: 30_000 });
    const table = page.getByTestId('customer-table');
    const firstRow = table.locator('.spacer [role="row"]').first();
    await firstRow.locator('[role="cell"]', { hasText: /^At risk$/ }).waitFor();
    await firstRow.scrollIntoViewIfNeeded();
    const cells = await firstRow.locator('[role="cell"]').evaluateAll((spans) =>
      spans.map((span) => {
        const box = span.getBoundingClientRect();
        return { text: span.textContent, left: box.left, right: box.right, top: box.top };
      }),
    );
    // Customer, orders, spent, days since, group, tier: the average order value and last order date are in the drawer.
    expect(cells).toHaveLength(6);
    expect(cells.every((cell) => cell.left >= 0 && cell.right <= 390)).toBe(true);
    expect(cells[4]!.text).toBe('At risk');
    expect(cells[4]!.top).toBeGreaterThan(cells[0]!.top); // the group on the second line, below the customer
    expect(await table.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    // The keyboard still moves a row at a time over the taller rows.
    await firstRow.focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('3');
    await page.close();
  });

  it('makes the RFM grid and the customer table one tab stop each, the arrow keys moving inside them', async () => {
    const page = await openApp();
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="customer-table"] .spacer [role="row"]:not([aria-disabled="true"])') !==
        null,
    );
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        const row = active?.getAttribute('aria-rowindex');
        return row ? `row ${row}` : (active?.getAttribute('data-testid') ?? active?.textContent?.trim());
      });
    // The grid: Tab leaves from its first cell (R5 × FM1) instead of walking its 25 cells; Shift+Tab comes back to the
    // cell the arrows last reached, and Space there filters.
    await page.getByTestId('rfm-cell-5-1').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).not.toMatch(/^rfm-cell/);
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('rfm-cell-5-1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('rfm-cell-4-2');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('rfm-cell-4-2').getAttribute('aria-pressed')).resolves.toBe('true');
    // The table: from the last column heading Tab reaches the first row, and the next Tab leaves the table.
    const table = page.getByTestId('customer-table');
    const total = Number(await page.getByTestId('rfm-cell-4-2').locator('.count').textContent());
    await page.locator(`[data-testid="customer-table"][data-total="${total}"]`).waitFor();
    await table.locator('.header [role="columnheader"]').last().focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('row 2');
    await page.keyboard.press('Tab');
    expect(await focused()).not.toMatch(/^row/);
    // Back in, the arrows move; leaving and returning lands on the row last reached, where Space opens the drawer.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).not.toMatch(/^row/);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('row 4');
    await page.keyboard.press(' ');
    await page.getByTestId('customer-drawer').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-drawer').waitFor({ state: 'detached' });
    expect(await focused()).toBe('row 4');
    // Scrolled away from the row last reached, the table keeps one tab stop: the first row in view.
    await page.keyboard.press('End');
    await page.waitForFunction(
      (last) => document.activeElement?.getAttribute('aria-rowindex') === last,
      String(total + 1),
    );
    await table.locator('.body').evaluate((body) => (body.scrollTop = 0));
    await table.locator('.spacer [role="row"][aria-rowindex="2"]').waitFor();
    expect(await table.locator('.spacer [role="row"][tabindex="0"]').getAttribute('aria-rowindex')).toBe('2');
    expect(await table.locator('.spacer [role="row"]:not([tabindex="-1"])').count()).toBe(1);
    await page.close();
  });

  it.each(['fr-FR', 'nl-NL', 'en-US'])(
    'fits the phone-width table’s column headings side by side without overlapping in %s',
    async (locale) => {
      const page = await app.browser.newPage({ locale, viewport: { width: 390, height: 844 } });
      await page.goto(app.server.url);
      const headings = page.getByTestId('customer-table').locator('.header [role="columnheader"]');
      await page.getByTestId('customer-table').locator('.spacer [role="row"]').first().waitFor({ timeout: 30_000 });
      // The boxes the words are drawn in (a heading's text may overflow its cell), one per line of each heading.
      const boxes = await headingWords(headings, { checkTop: true });
      expect(boxes).toHaveLength(6);
      expect(overlappingHeadings(boxes)).toEqual([]);
      expect(boxes.filter((heading) => !heading.inside).map((heading) => heading.text)).toEqual([]);
      await page.close();
    },
  );

  it('names the drawer’s predicted spend tier and last action in words, and says why a one-time buyer is 100 %', async () => {
    const page = await app.browser.newPage({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    const table = page.getByTestId('customer-table');
    const drawer = page.getByTestId('customer-drawer');
    const fact = (term: string) => drawer.locator(`dt:text-is("${term}") + dd`);
    const oneTimeNote =
      'le modèle ne peut pas encore juger un client d’un seul achat\u00a0: il lui faut une commande un autre jour';
    // Most orders first: a repeat customer, whose chance of being active the model does judge.
    const ordersHeading = table.locator('.header [role="columnheader"]').nth(1);
    await ordersHeading.click();
    await table.locator('[role="columnheader"][aria-sort="descending"]', { hasText: 'Commandes' }).waitFor();
    await table.locator('.spacer [role="row"]:not([aria-disabled="true"])').first().click();
    await fact('Probabilité d’être actif').waitFor();
    expect(await fact('Probabilité d’être actif').textContent()).not.toContain(oneTimeNote);
    // The predicted spend tier is named as the CLV and likelihood tiers beside it are, not by its column's capitals.
    expect(await fact('Dépense prévue, 12 mois').textContent()).toMatch(/\((Élevé|Modéré|Faible)\)$/);
    expect(await fact('Probabilité de racheter (12 mois)').textContent()).toMatch(/\((Élevé|Modéré|Faible)\)$/);
    await page.keyboard.press('Escape');
    // Fewest orders first: a one-time buyer, whom BG/NBD always gives 100 %; the drawer says why.
    await ordersHeading.click();
    await table.locator('[role="columnheader"][aria-sort="ascending"]', { hasText: 'Commandes' }).waitFor();
    const first = table.locator('.spacer [role="row"]').first();
    await first.locator('[role="cell"]').nth(1).filter({ hasText: /^1$/ }).waitFor();
    await first.click();
    await fact('Probabilité d’être actif').filter({ hasText: /^100/ }).waitFor();
    expect((await fact('Probabilité d’être actif').textContent())!.replace(/\s+/g, ' ')).toBe(
      `100 % (${oneTimeNote})`.replace(/\s+/g, ' '),
    );
    await page.keyboard.press('Escape');
    // The last action from the demo shop's events file is named, not shown as its code (abandoned_cart…).
    const carts = page.getByTestId('open-carts');
    await carts.locator('tbody tr').first().getByRole('button').click();
    await fact('Dernière action').waitFor();
    expect(await fact('Dernière action').textContent()).toMatch(/^\s*(Panier abandonné|Réclamation|Retour|Avis) · /);
    await page.getByTestId('language').selectOption('en');
    await fact('Last action').waitFor();
    expect(await fact('Last action').textContent()).toMatch(/^\s*(Abandoned cart|Complaint|Return|Review) · /);
    expect(await fact('Predicted spend, 12 months').textContent()).toMatch(/\((High|Moderate|Low)\)$/);
    await page.close();
  });

  it('names the RFM groups and tiers in the user’s language, while queries keep their English values', async () => {
    const page = await app.browser.newPage({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    // The grid's mapping is fixed (rfmGroups.ts): R2 × FM3 is "At risk", R3 × FM1 "About to sleep".
    const atRisk = page.getByTestId('rfm-cell-2-3');
    await atRisk.waitFor({ timeout: 30_000 });
    const shown = async (testid: string) =>
      (await page.getByTestId(testid).locator('.group').textContent())!.replaceAll('\u00ad', '');
    expect(await shown('rfm-cell-2-3')).toBe('À\u00a0risque'); // a no-break space keeps "À" on its word's line
    expect(await shown('rfm-cell-3-1')).toBe('Bientôt endormis');
    expect(await atRisk.getAttribute('aria-label')).toContain('À\u00a0risque');
    await atRisk.click();
    const firstRow = page.getByTestId('customer-table').locator('.spacer [role="row"]').first();
    await firstRow.locator('[role="cell"]', { hasText: 'À\u00a0risque' }).waitFor();
    expect(await page.getByTestId('tier-HIGH').locator('strong').textContent()).toBe('ÉLEVÉ');
    const heatmapGroup = page.getByTestId('heatmap-group').locator('option[value="At risk"]');
    await heatmapGroup.waitFor({ state: 'attached', timeout: 60_000 });
    expect(await heatmapGroup.textContent()).toBe('À\u00a0risque');
    // The segment editor offers the English value the query language takes, with the French name beside it.
    const editor = page.getByTestId('segment-query');
    await editor.fill('');
    await editor.pressSequentially('rfm_group = ');
    await page.getByRole('option', { name: /^At risk\s*À\srisque$/ }).waitFor();
    // Written as the grid names it, the group gets an answer saying which value a query takes (and where).
    await editor.fill("rfm_group = 'à risque'");
    await page
      .getByTestId('segment-problem')
      .getByText(
        "«\u00a0à risque\u00a0» est un nom d’affichage\u202f; les requêtes prennent la valeur anglaise\u00a0: rfm_group = 'At risk' · colonne 13",
        { exact: true },
      )
      .waitFor();
    await editor.fill("segment = 'Perdus'");
    await page
      .getByTestId('segment-problem')
      .getByText(
        "«\u00a0Perdus\u00a0» est un nom d’affichage\u202f; les requêtes prennent la valeur anglaise\u00a0: rfm_group = 'Lost' · colonne 11",
        { exact: true },
      )
      .waitFor();
    // In English the answer is English; a name shown in English is the value itself: the usual hint.
    await page.getByTestId('language').selectOption('en');
    await page
      .getByTestId('segment-problem')
      .getByText("'Perdus' is a display name; queries take the English value: rfm_group = 'Lost' · column 11", {
        exact: true,
      })
      .waitFor();
    await editor.fill("segment = 'lost'");
    await page
      .getByTestId('segment-problem')
      .getByText("no saved segment named 'lost' — did you mean rfm_group = 'Lost'? · column 11", { exact: true })
      .waitFor();
    await page.close();
  });

  it('applies RFM cut-offs typed by the user, and names the field it refuses', async () => {
    const page = await openApp();
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    // An open drawer follows a change of scores: an R5 customer is R3 on the 1–3 scale.
    await page.getByTestId('rfm-cell-5-5').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="customer-table"] .spacer [role="row"]:not([aria-disabled="true"])') !==
        null,
    );
    await page.getByTestId('customer-table').locator('.spacer [role="row"]').first().click();
    const drawer = page.getByTestId('customer-drawer');
    await drawer.getByText('Recency R5').waitFor();
    await page.getByTestId('rfm-levels').selectOption('3');
    await drawer.getByText('Recency R3').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await page.getByTestId('rfm-levels').selectOption('5');
    await page.getByText('Edit cut-offs and tiers').click();
    const monetary = page.getByTestId('monetary-cutoffs');
    await monetary.fill('49,95');
    await monetary.press('Enter');
    expect(await page.getByTestId('settings-error').textContent()).toBe(
      'Monetary cut-offs in amount spent: give 4 numbers separated by commas, such as 50, 100, 250, 500 (a dot for decimals).',
    );
    expect(await monetary.getAttribute('aria-invalid')).toBe('true');
    await monetary.fill('');
    await page.getByTestId('recency-cutoffs').fill('30, 90, 180, 365');
    await page.getByTestId('recency-cutoffs').press('Enter');
    await page.getByTestId('settings-error').waitFor({ state: 'detached' });
    // R5 now ends at 30 days, R4 starts after it.
    await page.waitForFunction(() =>
      /R5 last order \d+–30 days ago/.test(document.querySelector('[data-testid="rfm-cutoffs"]')!.textContent!),
    );
    const text = (await page.getByTestId('rfm-cutoffs').textContent())!;
    expect(Number(/R4 last order (\d+)–/.exec(text)![1])).toBeGreaterThan(30);
    await page.close();
  });

  it('shows the CLV predictions with tiers covering every customer, and runs a back-test', async () => {
    const page = await openApp();
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    const customers = Number(await page.getByTestId('model-customers').getAttribute('data-value'));
    const firstTierGroup = page.getByTestId('prediction-tier');
    const counts = await firstTierGroup.evaluateAll((items) =>
      items.slice(0, 3).map((li) => Number(li.querySelectorAll('span')[0].textContent!.replace(/[^0-9]/g, ''))),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(customers);
    await page.getByTestId('fit-check-chart').locator('svg').first().waitFor();
    await page.getByRole('button', { name: 'Run back-test' }).click();
    const totals = page.getByTestId('backtest-totals');
    await totals.waitFor({ timeout: 60_000 });
    expect(await totals.textContent()).toMatch(
      /repeat purchases happened, the model predicted [\d,]+ \([-\d.]+% off\)/,
    );
    await page.getByTestId('backtest-tracking').locator('svg').first().waitFor();
    // The yearly discount rate: a word is refused with a message; a decimal comma and a percent sign are read.
    const rate = page.getByTestId('discount-rate');
    await rate.fill('ten');
    await rate.press('Enter');
    await page.getByTestId('discount-rate-error').waitFor();
    expect(await rate.getAttribute('aria-invalid')).toBe('true');
    await rate.fill('7,5 %');
    await rate.press('Enter');
    await page.getByTestId('discount-rate-error').waitFor({ state: 'detached' });
    await page.close();
  });

  it('keeps the purchase predictions when the spend model is refused, and says the spend ones are withheld', async () => {
    // Before: the whole panel was one refusal ("A few repeat orders are so much larger…"), the likelihood tier and
    // every customer's chance still active and expected orders withheld with it, though they need BG/NBD only.
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page
      .getByTestId('file-input')
      .setInputFiles(writeScratch(scratchDirectory(), 'uneven.csv', unevenSpendShop()));
    await waitForSummaryOf(page, 'uneven.csv');
    const withheld = page.getByTestId('spend-withheld');
    await withheld.waitFor({ timeout: 60_000 });
    expect(await withheld.textContent()).toContain('A few repeat orders are so much larger than the rest');
    const section = (title: string) =>
      page
        .locator('.prediction-tiers section')
        .filter({ has: page.getByRole('heading', { name: title, exact: true }) });
    // The 30th / 70th percentile rule on 400 customers: 120 High, 160 Moderate, 120 Low.
    const counts = await section('Likelihood to buy again (next 12 months)')
      .getByTestId('prediction-tier')
      .evaluateAll((items) => items.map((li) => Number(li.querySelectorAll('span')[0].textContent)));
    expect(counts).toEqual([120, 160, 120]);
    expect(await section('Predicted spend, next 12 months').textContent()).toContain(
      'Withheld: the spend model was refused on this data (see above).',
    );
    expect(await page.getByTestId('gamma-gamma-withheld').count()).toBe(1);
    // c143 ordered on two days, the second long ago: (α + T)/(r + x − 1) with x = 1 is past the one-year horizon
    // (the history is under two years), so the drawer says so instead of a date years ahead.
    await page.getByTestId('customer-table').getByRole('row').filter({ hasText: /^c143/ }).click();
    const drawer = page.getByTestId('customer-drawer');
    await drawer.getByTestId('drawer-next-order').waitFor({ timeout: 30_000 });
    expect((await drawer.getByTestId('drawer-next-order').textContent())!.trim()).toBe('not expected within 1 year');
    expect(await drawer.getByTestId('drawer-spend-withheld').textContent()).toContain('withheld');
    expect(await drawer.getByText('Chance still active').count()).toBe(1);
    await page.close();
  });

  it('shows the back-test’s cut-off before the first run, two thirds into the history', async () => {
    // Before: an empty date field until the back-test had run. The demo shop's orders run from 2023-11-02 to
    // 2026-10-30: 1,093 days, two thirds of which is 728⅔ days on, 2025-10-30.
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('backtest-cutoff').inputValue(), { timeout: 30_000 }).toBe('2025-10-30');
    await page.close();
  });

  it('draws the back-test of a one-day holdout readably (CDNOW): ticks labelled once, the cut-off named inside the chart', async () => {
    // Before: per-customer purchases in one day are hundredths, and the axis printed its ticks with the tips' two
    // decimals: "0, 0.01, 0.01, 0.02" for 0, 0.005, 0.01, 0.015.
    const page = await openApp();
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.locator('input[type=file]').first().setInputFiles(shared('CDNOW_sample.txt'));
    await waitForSummaryOf(page, 'CDNOW_sample.txt');
    await page.getByTestId('backtest-cutoff').fill('1998-06-29');
    await page.getByRole('button', { name: 'Run back-test' }).click();
    await page
      .getByTestId('backtest-totals')
      .filter({ hasText: 'From Jun 29, 1998 to Jun 30, 1998' })
      .waitFor({ timeout: 60_000 });
    const ticks = await page
      .getByTestId('backtest-by-frequency')
      .locator('g[aria-label="y-axis tick label"] text')
      .allTextContents();
    expect(ticks).toEqual(['0', '0.005', '0.01', '0.015']);
    // The cut-off mark, in the last week of the chart: its label was written rightwards from it, off the chart ("cut").
    const cutoffLabel = await page
      .getByTestId('backtest-tracking')
      .locator('svg text', { hasText: /^cut-off$/ })
      .evaluate((text) => {
        const svg = text.closest('svg')!.getBoundingClientRect();
        const box = text.getBoundingClientRect();
        return { left: box.left >= svg.left, right: box.right <= svg.right };
      });
    expect(cutoffLabel).toEqual({ left: true, right: true });
    await page.close();
  });

  it('names the predicted spend tier’s levels in the predictions panel as the drawer does, in every language', async () => {
    // The panel listed this tier by its column's codes (HIGH / MEDIUM / LOW, "MOYEN") beside the CLV and likelihood
    // tiers' High / Moderate / Low, while the customer drawer said "Moderate" for the same customers.
    const page = await openApp();
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    const levels = (title: string) =>
      page
        .locator('.prediction-tiers section')
        .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
        .getByTestId('prediction-tier');
    const names = (title: string) => levels(title).locator('strong').allTextContents();
    expect(await names('Predicted spend, next 12 months')).toEqual(['High', 'Moderate', 'Low']);
    expect(await names('Customer lifetime value (12 months, discounted)')).toEqual(['High', 'Moderate', 'Low']);
    // The level codes stay the query values (`predicted_spend_tier = 'MEDIUM'`).
    expect(
      await levels('Predicted spend, next 12 months').evaluateAll((items) => items.map((li) => li.dataset.level)),
    ).toEqual(['HIGH', 'MEDIUM', 'LOW']);
    for (const [language, title, expected] of [
      ['fr', 'Dépense prévue, 12 prochains mois', ['Élevé', 'Modéré', 'Faible']],
      ['nl', 'Voorspelde besteding, komende 12 maanden', ['Hoog', 'Gemiddeld', 'Laag']],
    ] as const) {
      await page.getByTestId('language').selectOption(language);
      await levels(title).first().waitFor();
      expect(await names(title)).toEqual(expected);
    }
    await page.close();
  });

  it('never skips a heading level, so a screen reader’s outline of the page holds together', async () => {
    const page = await openApp();
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    await page.getByTestId('overdue-chart').waitFor({ timeout: 60_000 });
    const skips = await page.evaluate(() => {
      const found: string[] = [];
      let previous = 0;
      for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const level = Number(heading.tagName[1]);
        if (level > previous + 1)
          found.push(`h${previous} → ${heading.tagName.toLowerCase()} “${heading.textContent}”`);
        previous = level;
      }
      return found;
    });
    expect(skips).toEqual([]);
    await page.close();
  });

  it.each([
    [
      'served with the wrong MIME type',
      { overrideMime: (path: string) => (path.endsWith('.wasm') ? 'text/plain' : undefined) },
    ],
    ['missing', { missing: (path: string) => path.endsWith('.wasm') }],
  ])('shows a visible error within 15 s when the engine wasm is %s', async (_case, options) => {
    const broken = await serveStatic(dist, { basePath: '/segmentlab/', ...options });
    try {
      const page = await app.browser.newPage({ locale: 'en-US' });
      const started = Date.now();
      await page.goto(broken.url);
      const error = page.getByTestId('engine-error');
      await error.waitFor({ timeout: 15_000 });
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await error.textContent()).toMatch(/application\/wasm/);
      await page.close();
    } finally {
      await broken.close();
    }
  });
});
