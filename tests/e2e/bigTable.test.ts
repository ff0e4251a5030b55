/**
 * End-to-end: the customer table at a million customers. Browsers cap an element's height (Chromium near 33.5 million
 * px), so a list of 950,000 rows at 37 px (35 million px) left its last customers past the end of the scroll before
 * the table scaled its scroll offsets (rowNavigation.ts listScroll).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { scratchDirectory } from '../fixtures/files';

const app = useBuiltApp();
const CUSTOMERS = 950_000;

/** One order each: customer `c000000` spends 1.00, up to `c949999` with 950,000.00; by spend, c000000 comes last. */
async function millionShop(): Promise<string> {
  const path = join(scratchDirectory(), 'many-customers.csv');
  const out = createWriteStream(path);
  out.write('Order ID,Customer ID,Order Date,Total\n');
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = String(i).padStart(6, '0');
    if (!out.write(`o${id},c${id},2024-0${1 + (i % 9)}-15,${i + 1}.00\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

describe('the customer table at a million customers', () => {
  it('reaches the last customer with End and with the scrollbar', async () => {
    const file = await millionShop();
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles(file);
    const table = page.getByTestId('customer-table');
    await page.waitForFunction(
      (count) => Number(document.querySelector('[data-testid=customer-table]')?.getAttribute('data-total')) === count,
      CUSTOMERS,
      { timeout: 120_000 },
    );
    // Sorted by spend, most first: End goes to the 950,000th row, c000000 with 1.00, shown whole and focused.
    await table.locator('[role=row][tabindex="0"]').focus();
    await page.keyboard.press('End');
    const last = table.locator(`[aria-rowindex="${CUSTOMERS + 1}"]`);
    await last.getByText('c000000').waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe(
      String(CUSTOMERS + 1),
    );
    const inView = async (row: string) =>
      table.locator('.body').evaluate((body, index) => {
        const box = body.getBoundingClientRect();
        const shown = body.querySelector(`[aria-rowindex="${index}"]`)?.getBoundingClientRect();
        return !!shown && shown.top >= box.top - 0.5 && shown.bottom <= box.bottom + 0.5;
      }, row);
    expect(await inView(String(CUSTOMERS + 1))).toBe(true);
    // Back to the top, then the scrollbar dragged to its end shows the same last row.
    await page.keyboard.press('Home');
    await table.locator('[aria-rowindex="2"]').getByText('c949999').waitFor({ timeout: 60_000 });
    await table.locator('.body').evaluate((body) => (body.scrollTop = body.scrollHeight));
    await last.getByText('c000000').waitFor({ timeout: 60_000 });
    expect(await inView(String(CUSTOMERS + 1))).toBe(true);
    await page.close();
  }, 240_000);
});
