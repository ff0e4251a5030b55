/**
 * End-to-end: the segment editor in Debian's Chromium against the built app — live counts while typing (checked
 * against the CLI on the same demo shop), errors at their position, saved segments, comparison and exports.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NodeExecutor } from '../../cli/nodeExecutor';
import { DIST, useBuiltApp } from './builtApp';

const root = resolve(import.meta.dirname, '../..');
const app = useBuiltApp();

/** The CLI's answer for the same query on the same demo shop file the page loads. */
async function cliCount(query: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(root, 'cli/main.ts'),
      'segment',
      resolve(DIST, 'demo/demo-shop.csv.gz'),
      '--where',
      query,
      '--json',
    ],
    { timeout: 60_000 },
  );
  return JSON.parse(stdout).count;
}

async function openApp(): Promise<Page> {
  const page = await app.browser.newPage({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  page.setDefaultTimeout(60_000);
  await page.goto(app.server.url);
  await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
  return page;
}

const countOf = (page: Page) => page.getByTestId('segment-count').getAttribute('data-count');

async function typeQuery(page: Page, query: string): Promise<void> {
  const editor = page.getByTestId('segment-query');
  await editor.fill('');
  await editor.pressSequentially(query, { delay: 5 });
  await page.keyboard.press('Escape');
}

async function waitForCount(page: Page, expected: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="segment-count"]')?.getAttribute('data-count') === String(n),
    expected,
    { timeout: 20_000 },
  );
}

describe('the segment editor', { timeout: 120_000 }, () => {
  it('counts live while typing, with the same numbers as the CLI, and points at mistakes', async () => {
    const page = await openApp();
    const broad = "amount_spent > 100 AND email_subscription_status = 'SUBSCRIBED'";
    const narrow = `${broad} AND rfm_group IN ('Champions', 'Loyal')`;
    const [broadCount, narrowCount] = await Promise.all([cliCount(broad), cliCount(narrow)]);
    expect(narrowCount).toBeLessThan(broadCount);
    await typeQuery(page, broad);
    await waitForCount(page, broadCount);
    await typeQuery(page, narrow);
    await waitForCount(page, narrowCount);
    expect(await page.getByTestId('segment-count').textContent()).toMatch(
      /customers · [\d.]+% of all · [\d.]+% of revenue · AOV €/,
    );

    await typeQuery(page, 'amout_spent > 5');
    const problem = page.getByTestId('segment-problem');
    // The whole query, not a prefix still being typed ('amout_spen' has a problem of its own).
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="segment-problem"]')?.textContent?.includes("'amout_spent' — did you mean"),
    );
    expect((await problem.textContent())?.trim()).toBe(
      "unknown attribute 'amout_spent' — did you mean 'amount_spent'? · column 1",
    );
    expect(await page.getByTestId('segment-query').getAttribute('aria-invalid')).toBe('true');
    // In French the same problem reads in French, reworded as the language changes.
    await page.getByTestId('language').selectOption('fr');
    await problem
      .getByText(
        'attribut inconnu «\u00a0amout_spent\u00a0» — vouliez-vous dire «\u00a0amount_spent\u00a0»\u202f? · colonne 1',
        { exact: true },
      )
      .waitFor();
    await page.close();
  });

  it('completes attributes and values from the data with the keyboard', async () => {
    const page = await openApp();
    const editor = page.getByTestId('segment-query');
    await editor.click();
    await editor.pressSequentially('coun');
    await page.getByRole('option', { name: /^country/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: /^!=/ }).waitFor();
    await page.keyboard.press('Enter'); // the first operator: =
    await page.getByRole('option', { name: /^NL/ }).waitFor();
    await page.keyboard.press('Enter'); // the most common country
    expect(await editor.inputValue()).toBe("country = 'NL' ");
    await waitForCount(page, await cliCount("country = 'NL'"));
    await page.close();
  }, 120_000);

  it('saves segments, compares them side by side and exports one for Mailchimp with the consent filter', async () => {
    const page = await openApp();
    await typeQuery(page, "spend_tier = 'HIGH'");
    // A name typed while the query is still being written back to the notebook must survive that write.
    await page.getByTestId('segment-name').fill('High spenders');
    await page.waitForTimeout(1200);
    expect(await page.getByTestId('segment-name').inputValue()).toBe('High spenders');
    const high = await cliCount("spend_tier = 'HIGH'");
    await waitForCount(page, high);
    await page.getByRole('button', { name: 'Save segment' }).click();

    const download = page.waitForEvent('download');
    await page.getByTestId('export-mailchimp').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('high-spenders-mailchimp.csv');
    const text = readFileSync((await file.path())!, 'utf8');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Email Address,Tags');
    expect(lines.slice(1).every((line) => /^[^,]+@[^,]+,High spenders$/.test(line))).toBe(true);
    const subscribed = await cliCount(
      "spend_tier = 'HIGH' AND email_subscription_status = 'SUBSCRIBED' AND email IS NOT NULL",
    );
    expect(lines.length - 1).toBe(subscribed);
    expect(await page.getByTestId('export-message').textContent()).toContain(
      `${high - subscribed} left out: no marketing consent.`,
    );

    // The plain rows as Parquet, written by DuckDB-WASM inside the locked-down engine, read back by native DuckDB.
    const parquetDownload = page.waitForEvent('download');
    await page.getByTestId('export-parquet').click();
    const parquet = await parquetDownload;
    expect(parquet.suggestedFilename()).toBe('high-spenders-customers.parquet');
    const native = await NodeExecutor.open();
    try {
      const [read] = await native.all<{ n: number; amount: string; last: string; consent: string }>(
        `SELECT count(*) AS n, any_value(typeof(amount_spent)) AS amount, any_value(typeof(last_order_date)) AS last,
           any_value(typeof(accepts_marketing)) AS consent FROM read_parquet('${await parquet.path()}')`,
      );
      expect({ ...read, n: Number(read.n) }).toEqual({ n: high, amount: 'DOUBLE', last: 'DATE', consent: 'BOOLEAN' });
    } finally {
      native.close();
    }
    expect(await page.getByTestId('export-message').textContent()).toBe(
      `${high.toLocaleString('en-US')} customers in high-spenders-customers.parquet.`,
    );

    // For a French spreadsheet the plain CSV takes semicolons and decimal commas, so Excel opens it in columns.
    await page.getByTestId('language').selectOption('fr');
    const csvDownload = page.waitForEvent('download');
    await page.getByTestId('export-customers').click();
    const rows = readFileSync((await (await csvDownload).path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe(
      '\ufeffcustomer_id;email;accepts_marketing;amount_spent;number_of_orders;last_order_date;rfm_group;country;city',
    );
    expect(rows).toHaveLength(high + 1);
    expect(
      rows.slice(1).every((row) => /^[^;]+;[^;]*;(true|false);-?\d+(,\d{1,2})?;\d+;\d{4}-\d\d-\d\d;/.test(row)),
    ).toBe(true);
    await page.getByTestId('language').selectOption('en');

    await typeQuery(page, "segment = 'High spenders' AND first_time = true");
    await waitForCount(page, await cliCount("spend_tier = 'HIGH' AND first_time = true"));
    await typeQuery(page, 'first_time = true');
    await page.getByTestId('segment-name').fill('First-timers');
    await page.getByRole('button', { name: 'Save segment' }).click();

    await page.getByTestId('add-compare').click();
    const compare = page.getByTestId('compare-cell');
    await compare.getByTestId('compare-pick').nth(0).check();
    await compare.getByTestId('compare-pick').nth(1).check();
    const table = compare.getByTestId('compare-table');
    await table.waitFor({ timeout: 20_000 });
    const firstTimers = await cliCount('first_time = true');
    const sizes = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect(sizes.map((s) => Number(s.replace(/,/g, '')))).toEqual([high, firstTimers]);
    await compare.getByTestId('compare-cohorts').locator('svg').first().waitFor();
    // Deleting a saved segment can be taken back.
    await compare.getByRole('button', { name: 'Delete saved segment First-timers' }).click();
    await compare.getByTestId('segment-deleted').waitFor();
    expect(await compare.getByText('First-timers', { exact: true }).count()).toBe(0);
    await compare.getByRole('button', { name: 'Undo' }).click();
    await compare.getByTestId('segment-deleted').waitFor({ state: 'detached' });
    expect(await compare.getByTestId('compare-pick').count()).toBe(2);
    await page.close();
  }, 180_000);
});
