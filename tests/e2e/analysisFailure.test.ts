/**
 * A rebuild of the customers that fails after its overview was drawn (the build's second step: purchase days, e-mail,
 * country, tags) must not leave that overview beside a table of the previous build, nor, after new data, the
 * previous file's overview beside the new file's summary. The failure is a real DuckDB error, planted by serving the
 * engine worker with one expression added to the second step's SQL: it fails only when every counted order is before
 * 1 July 2025, so the demo shop's own build (as of 31 October 2026) succeeds.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { openWithPlantedWorker } from './plantedWorker';

const app = useBuiltApp();

/** The table's first customer row, once its page has loaded. */
const FIRST_ROW = '[data-testid="customer-table"] [role="row"][aria-rowindex="2"][aria-disabled="false"]';

/** Text of the second step's text-column aggregation (src/core/models/customers.ts), kept verbatim by the build. */
const SECOND_STEP = "string_agg(tags, ','";
const PLANTED =
  "coalesce(CASE WHEN max(max(order_ts)) OVER () < TIMESTAMP '2025-07-01' " +
  "THEN error('planted failure of the second step') END, '') || ";

/** A page whose engine worker carries the planted failure, with the demo shop's build complete. */
async function openPlanted() {
  const { context, page } = await openWithPlantedWorker(app.browser, app.server.url, {
    [SECOND_STEP]: PLANTED + SECOND_STEP,
  });
  const badge = page.getByTestId('as-of-badge');
  await page.waitForFunction(() => document.querySelector('[data-testid="as-of-badge"]')?.getAttribute('data-value'));
  expect(await badge.getAttribute('data-value')).toBe('2026-10-31');
  return { context, page, badge };
}

/** The worded failure of the planted error, once it shows. */
async function plantedFailure(page: Page): Promise<string | null> {
  const alert = page.getByRole('alert').filter({ hasText: 'planted failure of the second step' });
  await alert.waitFor();
  return alert.locator('p').textContent();
}

// DuckDB's line is quoted inside a sentence that says what failed and what to do, not shown on its own.
const WORDED_FAILURE =
  'The analysis engine stopped while analysing the customers: “Invalid Input Error: planted failure of the second ' +
  'step”. The data you loaded is unchanged. Try again; if the same message comes back, it is a fault in ' +
  'Segmentlab: please report it, quoting this message.';

it('puts back the last complete build when a rebuild fails after drawing its overview', async () => {
  const { context, page, badge } = await openPlanted();
  await page.getByTestId('customer-table-listing').waitFor({ state: 'detached' });
  const title = await page.locator('#table-title').textContent();
  const firstRow = await page.locator(FIRST_ROW).textContent();

  const overviewsDrawn = () => page.evaluate(() => performance.getEntriesByName('analysis-to-overview').length);
  const drawnBefore = await overviewsDrawn();

  await page.getByTestId('as-of').fill('2025-06-30');
  await page.getByTestId('as-of').dispatchEvent('change');
  expect(await plantedFailure(page)).toBe(WORDED_FAILURE);

  // The failed build's overview was drawn first…
  expect(await overviewsDrawn()).toBeGreaterThan(drawnBefore);
  // …and is gone: the overview, the as-of date and the table are the demo shop's complete build again.
  expect(await badge.getAttribute('data-value')).toBe('2026-10-31');
  expect(await page.getByTestId('as-of').inputValue()).toBe('2026-10-31');
  await page.getByTestId('customer-table-listing').waitFor({ state: 'detached' });
  expect(await page.locator('#table-title').textContent()).toBe(title);
  expect(await page.locator(FIRST_ROW).textContent()).toBe(firstRow);

  // "Try again" asks for the date that failed, not the one put back: it fails the same way, and the page goes back
  // again. (The date put back would have succeeded, without an error.)
  const drawnBeforeRetry = await overviewsDrawn();
  await page.getByTestId('customers-retry').click();
  await page.waitForFunction(
    (before) => performance.getEntriesByName('analysis-to-overview').length > before,
    drawnBeforeRetry,
  );
  expect(await plantedFailure(page)).toBe(WORDED_FAILURE);
  expect(await badge.getAttribute('data-value')).toBe('2026-10-31');
  await context.close();
}, 120_000);

it('shows no overview when the analysis of a newly loaded file fails: the previous file’s would describe other orders', async () => {
  const { context, page } = await openPlanted();
  const overviewsDrawn = () => page.evaluate(() => performance.getEntriesByName('analysis-to-overview').length);
  const drawnBefore = await overviewsDrawn();
  // Two customers, every order before July 2025: the first step succeeds, the planted second step fails.
  await page.getByTestId('file-input').setInputFiles({
    name: 'early-orders.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'order_id,customer_id,order_date,amount\n1,ann,2024-03-01,20\n2,ann,2024-05-01,30\n3,bob,2024-06-01,15\n',
    ),
  });
  await page.getByTestId('data-summary').getByRole('heading', { name: 'early-orders.csv', exact: true }).waitFor();
  expect(await plantedFailure(page)).toBe(WORDED_FAILURE);
  // The new file's overview was drawn, then taken away with the failure; the demo shop's is not put back.
  expect(await overviewsDrawn()).toBeGreaterThan(drawnBefore);
  expect(await page.getByTestId('model-customers').count()).toBe(0);
  expect(await page.getByTestId('as-of-badge').count()).toBe(0);
  expect(await page.getByTestId('customer-table').count()).toBe(0);
  expect(await page.getByTestId('orders').first().getAttribute('data-value')).toBe('3');
  // The cells built on the customer model say they follow it, rather than spin on or keep the demo shop's figures.
  for (const cell of ['tiers-cell', 'predictions', 'behaviour-cell']) {
    const awaiting = page.getByTestId(cell).getByTestId('awaiting-customers');
    await awaiting.waitFor();
    expect(await awaiting.textContent()).toBe('Shown once the customer analysis above has completed.');
    expect(await page.getByTestId(cell).getByRole('alert').count()).toBe(0);
  }
  expect(await page.getByTestId('behaviour-cell').getByText('repeat customers').count()).toBe(0);
  await context.close();
}, 120_000);
