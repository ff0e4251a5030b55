/**
 * End-to-end: a Shopify Admin REST API response (`{"orders": [...]}`, nested customer, line items and refunds) loaded
 * in the built app in Debian's Chromium, where the worker reads the JSON itself (DuckDB-WASM has no JSON extension
 * built in). The figures are counted by hand (tests/apiOrdersJson.test.ts) and must equal native DuckDB's.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { importWithNode } from '../nodeImport';
import { SHOPIFY_ORDERS } from '../fixtures/apiOrders';
import { GRAPHQL_ORDER_EDGES, graphqlPage, THROTTLED_RESPONSE } from '../fixtures/graphqlOrders';
import { scratchDirectory, writeScratch } from '../fixtures/files';

const app = useBuiltApp();

/** Opens the app, loads `file` through the file input and reads the summary's figures once its name is shown. */
async function loadInPage(file: string) {
  const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await page.goto(app.server.url);
  await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('file-input').setInputFiles(file);
  await page
    .getByTestId('data-summary')
    .getByRole('heading', { name: basename(file), exact: true })
    .waitFor({ timeout: 30_000 });
  const figure = (testid: string) => page.getByTestId(testid).first().getAttribute('data-value');
  const seen = {
    orders: Number(await figure('orders')),
    customers: Number(await figure('customers')),
    guestOrders: Number(await figure('guest-orders')),
    revenue: Number(await figure('revenue')),
    firstOrder: await figure('first-order'),
    lastOrder: await figure('last-order'),
  };
  return { page, seen };
}

/** The same figures from native DuckDB's import of `file` (the CLI's path). */
async function expectNativeFigures(file: string, seen: Awaited<ReturnType<typeof loadInPage>>['seen']) {
  const { orders, customers, guestOrders, revenue, firstOrder, lastOrder } = await importWithNode(file);
  expect(seen).toEqual({ orders, customers, guestOrders, revenue, firstOrder, lastOrder });
}

describe('shop API orders in Chromium', () => {
  it('reads a Shopify API JSON file with the same figures as native DuckDB', async () => {
    const file = writeScratch(
      scratchDirectory(),
      'shopify-orders.json',
      JSON.stringify({ orders: SHOPIFY_ORDERS }, null, 2),
    );
    const { page, seen } = await loadInPage(file);
    // Five orders; customer 7 and the guest checkout keyed by its e-mail (8 only cancelled); one order with neither;
    // 50 + (80 − 20) + 0 + 30 + 12. Dates as the shop wrote them, in its own time zone.
    expect(seen).toEqual({
      orders: 5,
      customers: 2,
      guestOrders: 1,
      revenue: 152,
      firstOrder: '2024-01-10',
      lastOrder: '2024-03-06',
    });
    await expectNativeFigures(file, seen);
    // The six line items, read from the orders' nested line_items.
    // The detected line names the layout; JSON numbers are typed, so it names no decimal mark.
    expect(await page.locator('.detected').textContent()).toBe('UTF-8 · JSON · dates yyyy-mm-dd · 6 order lines · EUR');
    await page.close();
  });

  it('reads two pages of a Shopify GraphQL Admin API response with the same figures as native DuckDB', async () => {
    // Two responses saved as one JSON array, as a script paging through `orders(first:, after:)` writes them.
    const pages = [
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(0, 3), true),
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(3), false),
    ];
    const file = writeScratch(scratchDirectory(), 'graphql-orders.json', JSON.stringify(pages, null, 2));
    const { page, seen } = await loadInPage(file);
    // #2001–#2005; customer 21 and the guest checkout keyed by its e-mail (22 only cancelled); one order with
    // neither; 50 + (80 − 20) + 0 + 30 + 12; the last placed on 30 June in the shop's time zone (1 July in UTC).
    expect(seen).toEqual({
      orders: 5,
      customers: 2,
      guestOrders: 1,
      revenue: 152,
      firstOrder: '2024-04-02',
      lastOrder: '2024-06-30',
    });
    await expectNativeFigures(file, seen);
    // The six line items, joined from each order's lineItems connection.
    expect(await page.locator('.detected').textContent()).toContain('JSON · ');
    expect(await page.locator('.detected').textContent()).toContain(' · 6 order lines · EUR');
    await page.close();
  });

  it('counts an order on two overlapping GraphQL pages once, as native DuckDB does', async () => {
    const pages = [
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(0, 3), true),
      graphqlPage(GRAPHQL_ORDER_EDGES.slice(1), false),
    ];
    const file = writeScratch(scratchDirectory(), 'overlapping-pages.json', JSON.stringify(pages, null, 2));
    const { page, seen } = await loadInPage(file);
    // #2002 and #2003 on both pages, each counted once: the figures of the two pages above.
    expect(seen).toMatchObject({ orders: 5, customers: 2, guestOrders: 1, revenue: 152 });
    await expectNativeFigures(file, seen);
    await page.close();
  });

  it('shows the message of a GraphQL error answer as text, in the page’s language', async () => {
    const markup = '<img src=x onerror="document.body.dataset.injected=1">';
    const answer = { ...THROTTLED_RESPONSE, errors: [{ message: `Throttled ${markup}` }] };
    const page = await app.browser.newPage({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Boutique de démonstration' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles({
      name: 'throttled.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(answer, null, 2)),
    });
    const error = page.getByTestId('import-error');
    await error.waitFor({ timeout: 30_000 });
    // The API's words as it wrote them, markup shown, never run.
    expect(await error.locator('p').first().textContent()).toBe(
      'Ce fichier est la réponse de l’API de la boutique à une requête qui a échoué, pas des commandes. ' +
        `L’API a répondu\u00a0: «\u00a0Throttled ${markup}\u00a0». Relancez la requête ou l’export (dans une ` +
        'minute si elle a été limitée, ou modifiée comme le message le demande) et enregistrez une réponse qui ' +
        'contient les commandes.',
    );
    expect(await error.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => document.body.dataset.injected)).toBeUndefined();
    await page.close();
  });

  it('shows the bytes read while the worker reads a JSON file', async () => {
    // 20,000 copies of the five orders with their own ids, about 12 MB: read in the worker as a stream, in chunks.
    const orders = Array.from({ length: 20_000 }, (_, i) => ({ ...SHOPIFY_ORDERS[i % 5], id: 100_000 + i }));
    const file = writeScratch(scratchDirectory(), 'many-orders.json', JSON.stringify({ orders }));
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    const sawBytes = page.waitForFunction(
      () =>
        /Reading orders \([\d.]+ [kM]B of [\d.]+ MB\)/.test(
          document.querySelector('[data-testid="import-progress"]')?.textContent?.replace(/\s+/g, ' ') ?? '',
        ),
      null,
      { polling: 'raf', timeout: 60_000 },
    );
    await page.getByTestId('file-input').setInputFiles(file);
    // Before: "Reading orders" alone until the whole file was read.
    await sawBytes;
    await page
      .getByTestId('data-summary')
      .getByRole('heading', { name: 'many-orders.json', exact: true })
      .waitFor({ timeout: 60_000 });
    await page.close();
  });
});
