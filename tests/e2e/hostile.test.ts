/**
 * Privacy and safety end to end, against `vite preview` of the built site: every request from page load through
 * import, analysis, predictions, segments and export stays on the page's own origin, and a file full of script
 * payloads (in e-mails, cities, countries, tags, discount codes, products and categories) renders as text.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { DIST } from './builtApp';
import { scratchDirectory } from '../fixtures/files';
import { headerLine, orderRows } from '../../scripts/shop/shopifyCsv';
import { simulateShop } from '../../scripts/shop/simulate';

const root = resolve(import.meta.dirname, '../..');
let server: PreviewServer;
let browser: Browser;
let origin: string;

const PAYLOADS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload=window.__xss=3>',
  'javascript:window.__xss=4//',
  '{{constructor.constructor("window.__xss=5")()}}',
];

/** The demo generator's shop, small, with payloads planted in every text field the app shows. */
async function hostileShop(): Promise<string> {
  const { orders, customers } = simulateShop({
    seed: 99,
    customers: 150,
    start: new Date('2024-01-01T00:00:00Z'),
    end: new Date('2026-01-31T00:00:00Z'),
  });
  customers.forEach((customer, i) => {
    const payload = PAYLOADS[i % PAYLOADS.length];
    customer.email = `${payload}${i}@example.com`;
    customer.city = payload;
    customer.tags = `${payload}, vip`;
    customer.place = { ...customer.place, country: i % 2 ? payload : customer.place.country };
  });
  const products = new Set(orders.flatMap((o) => o.lines.map((l) => l.product)));
  [...products].forEach((product, i) => {
    product.name = `${PAYLOADS[i % PAYLOADS.length]} ${product.name}`;
    product.category = PAYLOADS[i % PAYLOADS.length];
  });
  orders.forEach((order, i) => {
    if (order.discountCode) order.discountCode = PAYLOADS[i % PAYLOADS.length];
  });
  const path = `${scratchDirectory()}/hostile-orders.csv`;
  const stream = createWriteStream(path);
  stream.write(headerLine());
  orders.forEach((order, i) => stream.write(orderRows(order, 1001 + i)));
  await new Promise<void>((done) => stream.end(done));
  return path;
}

beforeAll(async () => {
  server = await preview({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    // The build under test: dist/, or the one SEGMENTLAB_DIST names.
    build: { outDir: DIST },
    preview: { port: 0, host: '127.0.0.1' },
  });
  origin = new URL(server.resolvedUrls!.local[0]).origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => server?.httpServer.close(() => done()));
});

describe('privacy and safety (vite preview of dist/)', () => {
  it('keeps every request on its own origin and renders hostile text as text', async () => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    const dialogs: string[] = [];
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.resolvedUrls!.local[0]);
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });

    await page.getByTestId('file-input').setInputFiles(await hostileShop());
    await page
      .getByTestId('data-summary')
      .getByRole('heading', { name: 'hostile-orders.csv' })
      .waitFor({ timeout: 60_000 });
    const table = page.getByTestId('customer-table');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="customer-table"]')?.getAttribute('data-total')) > 0,
    );
    await table.locator('.spacer [role="row"]').first().click();
    const drawer = page.getByTestId('customer-drawer');
    await drawer.waitFor();
    expect(await drawer.textContent()).toMatch(
      /<img src=x onerror="window.__xss=1">|<script>window.__xss=2<\/script>|"><svg onload=window.__xss=3>|javascript:|constructor/,
    );
    await page.keyboard.press('Escape');

    // The payloads also flow through autocomplete, a chart's categories, a segment and an export.
    const editor = page.getByTestId('segment-query');
    await editor.click();
    await editor.pressSequentially('city = ');
    await page.getByRole('listbox').waitFor();
    expect(await page.getByRole('listbox').textContent()).toContain('<script>window.__xss=2</script>');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-count')) > 0,
    );
    await page.getByTestId('add-chart').click();
    const chart = page.getByTestId('chart-cell');
    await chart.getByLabel('Broken down by').selectOption('country');
    await chart.getByTestId('custom-chart').locator('svg').first().waitFor();
    // One CI run (of many) saw no download here within 60 s; should it happen again, say what the page said.
    const download = page.waitForEvent('download').catch(async (error: unknown) => {
      const said = await page
        .getByTestId('export-message')
        .textContent({ timeout: 1_000 })
        .catch(() => '(nothing)');
      throw new Error(`no download; the export said: ${said}`, { cause: error });
    });
    await page.getByTestId('export-customers').click();
    await download;

    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('main img, main script, main iframe').count()).toBe(0);
    const foreign = requests.filter(
      (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
    );
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    await context.close();
  }, 180_000);

  it('shows a long file name with HTML and a right-to-left override as text, without widening a phone’s page', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(server.resolvedUrls!.local[0]);
    await page.getByTestId('data-summary').waitFor({ timeout: 60_000 });
    // U+202E turns what follows it round: "…\u202Egnp.exe" reads "exe.png", and would turn the rest of a sentence too.
    const name = `<b>x</b>\u202Egnp.exe${'Z'.repeat(200)}.csv`;
    const orders = readFileSync(resolve(root, '../shared/data/woocommerce_orders_webtoffee_sample.csv'));
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: orders });
    await page.waitForFunction((name) => document.querySelector('#summary-title')?.textContent === name, name);
    expect(await page.locator('#summary-title b').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);

    const notebookName = `${'N'.repeat(150)}\u202E<i>.json`;
    await page.getByTestId('notebook-import').setInputFiles({
      name: notebookName,
      mimeType: 'application/json',
      buffer: Buffer.from('{"v":1}'),
    });
    const notice = page.getByTestId('share-notice');
    // The name is isolated (U+2068 … U+2069), so its override stops where the name does.
    expect(await notice.textContent()).toContain(`file \u2068${notebookName}\u2069: its settings`);
    expect(await notice.locator('i').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await context.close();
  }, 90_000);
});
