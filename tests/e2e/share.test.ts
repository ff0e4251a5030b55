/**
 * Share links end to end: a notebook, its settings and a saved segment travel in the URL hash from one browser
 * context to another (no data, no server), and a damaged link gives a clear message and a working app.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBuiltApp } from './builtApp';

const app = useBuiltApp();

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  return page;
}

const newContext = () => app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });

describe('share links', { timeout: 120_000 }, () => {
  it('carries the notebook, settings, language and segments to another browser, and never the data', async () => {
    const sender = await newContext();
    const page = await open(sender, app.server.url);
    await page.getByTestId('rfm-levels').selectOption('3');
    await page.getByTestId('rfm-cell-3-3').waitFor();
    await page.getByTestId('segment-query').fill("spend_tier = 'HIGH'");
    await page.getByTestId('segment-name').fill('VIP');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-edit').click();
    await page.getByTestId('note-editor').fill('Shared plan for the team');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByTestId('language').selectOption('nl');
    await page.getByTestId('copy-link').click();
    const link = await page.getByTestId('share-link').locator('input').inputValue();
    expect(link).toMatch(/#s=[A-Za-z0-9_-]+$/);
    expect(link).not.toMatch(/demo|csv|@example/i);
    await sender.close();

    const receiver = await newContext();
    const other = await open(receiver, link);
    expect(await other.getByTestId('share-notice').textContent()).toContain('Gedeeld notitieboek geopend');
    expect(await other.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await other.getByTestId('note-cell').textContent()).toContain('Shared plan for the team');
    await other.getByTestId('rfm-cell-3-3').waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('rfm-cell-5-5').count()).toBe(0);
    await other.getByTestId('add-compare').click();
    expect(await other.getByTestId('compare-cell').textContent()).toContain("spend_tier = 'HIGH'");
    await receiver.close();
  }, 90_000);

  it('says a damaged link cannot be opened and carries on with the default notebook', async () => {
    const context = await newContext();
    const page = await open(context, `${app.server.url}#s=AAAAdamaged`);
    const notice = page.getByTestId('share-notice');
    expect(await notice.textContent()).toContain('This link could not be opened (it is damaged');
    expect(await notice.getAttribute('role')).toBe('alert');
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    const types = await page.getByTestId('cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));
    expect(types).toEqual(['summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment']);
    await context.close();
  }, 60_000);
});
