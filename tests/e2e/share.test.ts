/**
 * Share links end to end: a notebook, its settings and a saved segment travel in the URL hash from one browser
 * context to another (no data, no server), and a damaged link gives a clear message and a working app.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBuiltApp } from './builtApp';
import { SAVED, storedValue } from './deviceStore';
import { decodeShareState, encodeShareState, type ShareState } from '../../src/ui/share/shareLink';

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

  it("keeps the visitor's own notebook and segments a click away, and a reload keeps what the link opened", async () => {
    const context = await newContext();
    const page = await open(context, app.server.url);
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-edit').click();
    await page.getByTestId('note-editor').fill('My own plan');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await page.getByTestId('segment-query').fill("spend_tier = 'HIGH'");
    await page.getByTestId('segment-name').fill('VIP');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByTestId('segment-count').and(page.locator('[data-count]:not([data-count=""])')).waitFor();
    // Closing the tab before the note's and the segment's writes land would lose them.
    await expect.poll(async () => JSON.stringify(await storedValue(page, 'notebook')), SAVED).toContain('My own plan');
    await expect.poll(() => storedValue(page, 'segments'), SAVED).toEqual({ VIP: "spend_tier = 'HIGH'" });
    await page.close();

    // A colleague's link with a notebook of its own and another segment under the same name, opened in a new tab.
    const hash = await encodeShareState({
      v: 1,
      segments: { VIP: "rfm_group = 'Champions'" },
      notebook: { cells: [{ id: 'n1', type: 'note', params: { text: 'Team plan' } }] },
    });
    const linked = await context.newPage();
    linked.setDefaultTimeout(60_000);
    await linked.goto(`${app.server.url}#${hash}`);
    await linked.getByTestId('share-notice').waitFor({ timeout: 30_000 });
    expect(await linked.getByTestId('note-cell').textContent()).toContain('Team plan');
    // Left in the address bar, the link would be opened again over any edit at the next reload.
    expect(await linked.evaluate(() => location.hash)).toBe('');
    await linked.getByRole('button', { name: 'Back to my notebook' }).click();
    expect(await linked.getByTestId('note-cell').textContent()).toContain('My own plan');
    expect(await linked.getByTestId('share-notice').count()).toBe(0);
    await linked.getByTestId('add-compare').click();
    const compare = await linked.getByTestId('compare-cell').textContent();
    expect(compare).toContain("spend_tier = 'HIGH'");
    expect(compare).not.toContain("rfm_group = 'Champions'");

    // The edits reach the device's store after the clicks: the reload waits for the last one.
    await expect
      .poll(async () => JSON.stringify(await storedValue(linked, 'notebook')), SAVED)
      .toMatch(/My own plan.*"compare"/);
    await linked.reload();
    await linked.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    expect(await linked.getByTestId('note-cell').textContent()).toContain('My own plan');
    expect(await linked.getByTestId('share-notice').count()).toBe(0);
    await context.close();
  }, 90_000);

  it('says which of a link’s settings it cannot use, and shows the figures without them', async () => {
    const context = await newContext();
    // February 2025 has no 30th: the pattern YYYY-MM-DD alone let this date through to the engine, which refused it.
    const hash = await encodeShareState({
      v: 1,
      language: 'de',
      asOf: '2025-02-30',
      rfm: { levels: 5, cutoffs: { recency: [30, 90] } },
    } as unknown as ShareState);
    const page = await open(context, `${app.server.url}#${hash}`);
    expect(await page.getByTestId('share-ignored').textContent()).toBe(
      'Left out, as this version of Segmentlab cannot use them: the language (English, French and Dutch are offered), ' +
        'the as-of date (not a day of the calendar), and the RFM scores or cut-offs.',
    );
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).not.toContain('is not a date');
    await context.close();
  }, 60_000);

  it('opens a link pasted into a tab that already shows the app, and applies its settings to the data on screen', async () => {
    const context = await newContext();
    const page = await open(context, app.server.url);
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    const hash = await encodeShareState({
      v: 1,
      rfm: { levels: 3 },
      notebook: {
        cells: [
          { id: 'n1', type: 'note', params: { text: 'Team plan' } },
          { id: 'r1', type: 'rfm' },
        ],
      },
    });
    // Only the fragment differs: the browser does not load the page again, it only changes location.hash.
    await page.goto(`${app.server.url}#${hash}`);
    await page.getByTestId('share-notice').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('note-cell').textContent()).toContain('Team plan');
    // Scores 1–3: the 5 × 5 grid's top corner goes, the 3 × 3 grid's stays.
    await page.getByTestId('rfm-cell-5-5').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.getByTestId('rfm-cell-3-3').count()).toBe(1);
    await context.close();
  }, 60_000);

  it('says when a link’s as-of date falls outside the loaded orders, and which date is used instead', async () => {
    const context = await newContext();
    const page = await open(context, `${app.server.url}#${await encodeShareState({ v: 1, asOf: '2019-01-01' })}`);
    // The demo shop's orders run from 2023-11-02 to 2026-10-30 (its data summary): the default is the day after.
    const note = page.getByTestId('share-as-of');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.locator('span').textContent()).toBe(
      'The link’s as-of date, Jan 1, 2019, is outside these orders (Nov 2, 2023 to Oct 30, 2026): ' +
        'the day after the last order is used instead.',
    );
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('as-of').inputValue()).toBe('2026-10-31');
    await context.close();
  }, 60_000);

  it('keeps edits made after copying a link across a reload', async () => {
    const context = await newContext();
    const page = await open(context, app.server.url);
    await page.getByTestId('copy-link').click();
    expect(await page.getByTestId('share-link').locator('input').inputValue()).toMatch(/#s=[A-Za-z0-9_-]+$/);
    await page.getByTestId('add-note').click();
    await page.getByTestId('note-edit').click();
    await page.getByTestId('note-editor').fill('Written after copying the link');
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    // The note reaches the device's store in its own transaction: reloading before it lands would lose it anyway.
    await expect
      .poll(async () => JSON.stringify(await storedValue(page, 'notebook')), SAVED)
      .toContain('after copying');
    await page.reload();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    // The page opens the link before it loads the data: by now a link left in the address bar would be open.
    expect(await page.getByTestId('share-notice').count()).toBe(0);
    expect(await page.getByTestId('note-cell').textContent()).toContain('Written after copying the link');
    await context.close();
  }, 60_000);

  it('compares the saved segments a compare cell names, ignoring names that only exist on every object', async () => {
    const context = await newContext();
    const hash = await encodeShareState({
      v: 1,
      segments: { A: 'number_of_orders >= 2', B: 'number_of_orders >= 3' },
      notebook: {
        cells: [
          { id: 's', type: 'summary' },
          // "toString" and "constructor" are no saved segments, though `name in saved` says they are.
          { id: 'c', type: 'compare', params: { segments: 'toString\nconstructor\nA\nB' } },
        ],
      },
    });
    const page = await open(context, `${app.server.url}#${hash}`);
    const compare = page.getByTestId('compare-cell');
    await compare.getByTestId('compare-table').waitFor({ timeout: 30_000 });
    expect(await compare.getByRole('alert').count()).toBe(0);
    expect(
      await compare
        .getByTestId('compare-pick')
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked)),
    ).toEqual([true, true]);
    await context.close();
  }, 60_000);

  it('carries an as-of date the user chose, not the one the data gives (the day after its last order)', async () => {
    const context = await newContext();
    const page = await open(context, app.server.url);
    await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
    // The demo shop's last order is on 2026-10-30, so the date on screen is the next day, read from the data.
    expect(await page.getByTestId('as-of').inputValue()).toBe('2026-10-31');
    const state = async () => {
      await page.getByTestId('copy-link').click();
      const link = await page.getByTestId('share-link').locator('input').inputValue();
      const decoded = await decodeShareState(new URL(link).hash);
      return decoded?.ok ? decoded.state : null;
    };
    expect((await state())?.asOf).toBeUndefined();
    await page.getByTestId('as-of').fill('2026-06-30');
    await page.getByTestId('as-of').dispatchEvent('change');
    await expect.poll(async () => (await state())?.asOf, { timeout: 10_000 }).toBe('2026-06-30');
    await context.close();
  }, 60_000);

  it('opens back a notebook file as big as a notebook may be, and says a link cannot carry it', async () => {
    const context = await newContext();
    const page = await open(context, app.server.url);
    // Four notes of the longest allowed length (20,000 characters) of letters from a fixed-seed Park–Miller
    // generator: 80,000 characters that deflate to far more than a link's 32 KB.
    let seed = 7;
    const letter = () => {
      seed = (seed * 48271) % 2147483647;
      return 'abcdefghijklmnopqrstuvwxyz '[seed % 27];
    };
    const cells = ['a', 'b', 'c', 'd'].map((id) => ({
      id,
      type: 'note',
      params: { text: Array.from({ length: 20_000 }, letter).join('') },
    }));
    const file = JSON.stringify({ v: 1, notebook: { cells } }, null, 2);
    expect(file.length).toBeGreaterThan(80_000);
    await page.getByTestId('notebook-import').setInputFiles({
      name: 'big.json',
      mimeType: 'application/json',
      buffer: Buffer.from(file),
    });
    await page.getByTestId('share-notice').waitFor();
    expect(await page.getByTestId('share-notice').getAttribute('role')).toBe('status');
    expect(await page.getByTestId('note-cell').count()).toBe(4);

    await page.getByTestId('copy-link').click();
    const said = page.getByTestId('share-link');
    await said.waitFor();
    expect(await said.locator('span').first().textContent()).toBe(
      'This notebook is too big for a link: use “Export notebook” to send it as a file.',
    );
    expect(await said.locator('input').count()).toBe(0);
    await context.close();
  }, 60_000);
});
