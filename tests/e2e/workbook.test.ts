/**
 * End-to-end: Excel workbooks in the built app — which sheet is read, choosing another from the data summary with the
 * keyboard, and a sheet too large to convert — in Debian's Chromium. The workbooks are written by
 * tests/fixtures/workbook.ts (no spreadsheet program needed).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBuiltApp } from './builtApp';
import { scratchDirectory, writeScratch } from '../fixtures/files';
import { claimInflatedSize, ordersBehindSummary } from '../fixtures/workbook';

const app = useBuiltApp();
const dir = scratchDirectory();

async function openApp(): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await page.goto(app.server.url);
  await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
  return page;
}

const figure = (page: Page, testid: string) => page.getByTestId(testid).first().getAttribute('data-value');

describe('Excel workbooks in Chromium', () => {
  it('reads the orders tab behind a pivot table, and reads another sheet chosen with the keyboard', async () => {
    const page = await openApp();
    await page.getByTestId('file-input').setInputFiles(writeScratch(dir, 'shop.xlsx', ordersBehindSummary()));
    await page.getByRole('heading', { name: 'shop.xlsx', exact: true }).waitFor({ timeout: 30_000 });
    // tests/fixtures/workbook.ts: "Orders" holds six orders, 140 in all; "Orders 2023" two, dan 50 and ann 5.
    expect(await figure(page, 'orders')).toBe('6');
    expect(await figure(page, 'revenue')).toBe('140');
    expect(await page.locator('.detected').textContent()).toMatch(
      /^Excel workbook, sheet “Orders” \(of 4, the one that looks like a table of orders\) · /,
    );
    const select = page.getByTestId('sheet-select');
    expect(await select.locator('option').allTextContents()).toEqual(['Summary', 'Notes', 'Orders 2023']);
    expect(await page.getByLabel('Read another sheet').getAttribute('data-testid')).toBe('sheet-select');

    // Keyboard only: the list from Summary down twice to Orders 2023, Tab to the button, Enter.
    await select.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('Orders 2023');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('read-sheet');
    await page.keyboard.press('Enter');
    await expect.poll(() => figure(page, 'orders'), { timeout: 30_000 }).toBe('2');
    expect(await figure(page, 'revenue')).toBe('55');
    expect(await figure(page, 'last-order')).toBe('2023-12-01');
    expect(await page.locator('.detected').textContent()).toMatch(
      /^Excel workbook, sheet “Orders 2023” \(of 4, as you chose\) · /,
    );
    expect(await select.locator('option').allTextContents()).toEqual(['Summary', 'Orders', 'Notes']);

    // A sheet that cannot be imported (the notes: one line, no orders) leaves Orders 2023 on the page.
    await select.selectOption('Notes');
    await page.getByTestId('read-sheet').click();
    await page.getByTestId('import-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-error').textContent()).toMatch(/header row but no orders under it/);
    expect(await figure(page, 'orders')).toBe('2');
    expect(await page.locator('.detected').textContent()).toMatch(/sheet “Orders 2023”/);
    await page.close();
  });

  it('offers the other sheets beside the column mapping a sheet needs', async () => {
    const page = await openApp();
    await page.getByTestId('file-input').setInputFiles(writeScratch(dir, 'shop.xlsx', ordersBehindSummary()));
    await page.getByRole('heading', { name: 'shop.xlsx', exact: true }).waitFor({ timeout: 30_000 });
    // The pivot table's columns (Row Labels, Sum of Amount) name no customer and no date: the mapping step asks.
    await page.getByTestId('data-summary').getByTestId('sheet-select').selectOption('Summary');
    await page.getByTestId('data-summary').getByTestId('read-sheet').click();
    const step = page.getByTestId('column-mapping');
    await step.waitFor({ timeout: 30_000 });
    expect(await step.getByTestId('mapping-sheet').textContent()).toBe(
      'These columns are from the sheet “Summary”, one of 4 in the workbook.',
    );
    expect(await step.getByTestId('sheet-select').locator('option').allTextContents()).toEqual([
      'Orders',
      'Notes',
      'Orders 2023',
    ]);
    // Two lists on the page, each named by its own label.
    expect(await page.getByLabel('Read another sheet').count()).toBe(2);
    await step.getByTestId('read-sheet').click();
    await step.waitFor({ state: 'detached', timeout: 30_000 });
    expect(await figure(page, 'orders')).toBe('6');
    expect(await page.locator('.detected').textContent()).toMatch(
      /^Excel workbook, sheet “Orders” \(of 4, as you chose\)/,
    );
    await page.close();
  });

  it('opens a remembered workbook next time on the sheet the user chose', async () => {
    const page = await openApp();
    await page.getByTestId('file-input').setInputFiles(writeScratch(dir, 'shop.xlsx', ordersBehindSummary()));
    await page.getByRole('heading', { name: 'shop.xlsx', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByTestId('remember-file').check();
    await page.getByTestId('storage-message').waitFor();
    await page.getByTestId('sheet-select').selectOption('Orders 2023');
    await page.getByTestId('read-sheet').click();
    // Orders 2023 starts on 2023-11-02 (tests/fixtures/workbook.ts); Orders on 2024-03-05.
    await page.locator('[data-testid="first-order"][data-value="2023-11-02"]').waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator('[data-testid="first-order"][data-value="2023-11-02"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('.detected').textContent()).toMatch(/sheet “Orders 2023” \(of 4, as you chose\)/);
    await page.getByTestId('remember-file').uncheck();
    await page.close();
  }, 90_000);

  it('says a sheet too large to convert is too large, what to do, and keeps the data loaded before', async () => {
    const page = await openApp();
    const demoOrders = await figure(page, 'orders');
    // The Orders sheet's XML said to inflate to 600,000,000 bytes, past the longest string a browser holds.
    const big = claimInflatedSize(ordersBehindSummary(), 'xl/worksheets/sheet2.xml', 6e8);
    await page.getByTestId('file-input').setInputFiles(writeScratch(dir, 'big.xlsx', big));
    await page.getByTestId('import-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-error').textContent()).toContain(
      'The sheet ‘Orders’ of this Excel workbook is too large to convert (600 MB of cell data; a sheet can have ' +
        '536 MB at most). Save that sheet as CSV in your spreadsheet program and load the CSV',
    );
    expect(await page.getByTestId('data-summary').getByRole('heading').first().textContent()).toBe('Demo shop');
    expect(await figure(page, 'orders')).toBe(demoOrders);
    await page.close();
  });
});
