/**
 * End-to-end: the notebook (cells, undo/redo, persistence, notes rendered as text, charts) and presentation mode,
 * in Debian's Chromium against the built app. `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBuiltApp } from './builtApp';
import { readFileSync } from 'node:fs';
import { scratchDirectory, shared, writeScratch } from '../fixtures/files';
import { SAVED, storedValue } from './deviceStore';
import type { Notebook } from '../../src/ui/notebook/notebook';

const app = useBuiltApp();

async function openApp(): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  await page.goto(app.server.url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  return page;
}

const cellTypes = (page: Page) =>
  page.getByTestId('cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));

describe('the notebook', () => {
  it('edits cells with undo/redo, renders notes as text, and keeps the notebook across a reload', async () => {
    const page = await openApp();
    expect(await cellTypes(page)).toEqual(['summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment']);
    await page.evaluate(() => {
      (window as unknown as { __xss?: number }).__xss = undefined;
    });

    await page.getByTestId('add-note').click();
    await page.getByTestId('note-edit').click();
    const payload = '# Plan\n\n**Call** <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>';
    await page.getByTestId('note-editor').fill(payload);
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    const note = page.getByTestId('note-cell');
    await expect(note.getByRole('heading', { name: 'Plan' }).count()).resolves.toBe(1);
    expect(await note.locator('strong').textContent()).toBe('Call');
    expect(await note.textContent()).toContain('<img src=x onerror="window.__xss=1">');
    expect(await note.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // Move the note to the top with the keyboard (Alt+↑ from inside the cell), undo, redo.
    const noteCell = page.locator('[data-testid="cell"][data-type="note"]');
    // Focus stays where it was, so the keys repeat.
    await noteCell.getByRole('button', { name: 'Move up' }).focus();
    for (let i = 0; i < 7; i++) await page.keyboard.press('Alt+ArrowUp');
    expect((await cellTypes(page))[0]).toBe('note');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    expect((await cellTypes(page))[0]).toBe('summary');
    await page.keyboard.press('Control+Shift+z');
    expect((await cellTypes(page))[0]).toBe('note');

    // Alt+↓ from an RFM grid cell moves the notebook cell, not the focus within the grid.
    await page.getByTestId('rfm-cell-5-5').focus();
    await page.keyboard.press('Alt+ArrowDown');
    expect((await cellTypes(page)).slice(0, 4)).toEqual(['note', 'summary', 'tiers', 'rfm']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rfm-cell-5-5');
    await page.getByTestId('undo').click();
    expect((await cellTypes(page)).slice(0, 4)).toEqual(['note', 'summary', 'rfm', 'tiers']);

    // Remove the tiers cell, then undo it back.
    await page.locator('[data-testid="cell"][data-type="tiers"]').getByTestId('cell-remove').click();
    expect(await cellTypes(page)).not.toContain('tiers');
    await page.getByTestId('undo').click();
    expect(await cellTypes(page)).toContain('tiers');

    const edited = ['note', 'summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment'];
    // Each edit reaches the device's store in a transaction of its own, after the click: a reload before the undo's
    // write lands would lose it in any browser (CI once reloaded in between), so the test waits for it.
    await expect
      .poll(
        async () => ((await storedValue(page, 'notebook')) as Notebook | undefined)?.cells.map((c) => c.type),
        SAVED,
      )
      .toEqual(edited);
    await page.reload();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    expect(await cellTypes(page)).toEqual(edited);
    expect(await page.getByTestId('note-cell').textContent()).toContain('<script>window.__xss=2</script>');
    await page.close();
  });

  it('keeps the keyboard’s focus in place: inside a presentation, back on its button after, on moved and removed cells', async () => {
    const page = await openApp();
    // Where the focus is: the notebook cell holding it and the control's name, or where else it went.
    const focus = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        // Past the last control Tab leaves the page for the browser's own bar (the body, headless).
        if (active === document.body) return 'browser';
        if (active.closest('[data-testid="presentation"]')) return 'presentation';
        const cell = active.closest('[data-testid="cell"]')?.getAttribute('data-type');
        return `${cell ?? 'page'}: ${active.getAttribute('aria-label') ?? active.textContent?.trim()}`;
      });
    await page.getByTestId('present').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('presentation').waitFor();
    // The page behind the slide is out of reach: Tab cycles through the presentation and the browser's bar only.
    const stops = new Set<string>();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      stops.add(await focus());
    }
    expect(stops).toEqual(new Set(['presentation', 'browser']));
    await page.keyboard.press('Escape');
    await page.getByTestId('presentation').waitFor({ state: 'detached' });
    expect(await focus()).toBe('page: ▶ Present');

    const cell = (type: string) => page.locator(`[data-testid="cell"][data-type="${type}"]`);
    await cell('rfm').getByRole('button', { name: 'Present from this cell' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('presentation').getByRole('button', { name: 'Leave presentation' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('presentation').waitFor({ state: 'detached' });
    expect(await focus()).toBe('rfm: Present from this cell');

    await cell('summary').getByRole('button', { name: 'Move down' }).focus();
    await page.keyboard.press('Enter');
    expect((await cellTypes(page)).slice(0, 2)).toEqual(['rfm', 'summary']);
    expect(await focus()).toBe('summary: Move down');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    expect((await cellTypes(page)).slice(0, 2)).toEqual(['summary', 'rfm']);
    // At the top "Move up" is disabled and cannot hold the focus: "Move down" takes it.
    expect(await focus()).toBe('summary: Move down');

    await cell('tiers').getByTestId('cell-remove').focus();
    await page.keyboard.press('Enter');
    expect(await cellTypes(page)).toEqual(['summary', 'rfm', 'clv', 'backtest', 'behaviour', 'segment']);
    expect(await focus()).toBe('clv: Collapse');
    await cell('segment').getByTestId('cell-remove').focus();
    await page.keyboard.press('Enter');
    expect(await focus()).toBe('behaviour: Collapse');

    // Undo pressed until nothing is left to undo: the disabled button cannot keep the focus, Redo takes it (and back).
    await page.getByTestId('undo').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    expect(await cellTypes(page)).toEqual(['summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment']);
    expect(await focus()).toBe('page: ↷ Redo');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    expect(await cellTypes(page)).toEqual(['summary', 'rfm', 'clv', 'backtest', 'behaviour']);
    expect(await focus()).toBe('page: ↶ Undo');
    await page.close();
  });

  it('names each note being edited by its own label, and gives the focus back to its Edit button when done', async () => {
    const page = await openApp();
    await page.getByTestId('add-note').click();
    await page.getByTestId('add-note').click();
    const edit = page.getByTestId('note-edit');
    await edit.nth(0).click();
    await edit.nth(0).click();
    // Both editors open at once: each textarea is named by one label, its own.
    const editors = page.getByTestId('note-editor');
    expect(await editors.evaluateAll((areas) => areas.map((a) => (a as HTMLTextAreaElement).labels?.length))).toEqual([
      1, 1,
    ]);
    expect(await page.getByRole('textbox', { name: 'Note text (Markdown)' }).count()).toBe(2);
    await editors.nth(1).fill('Second');
    await page.keyboard.press('Escape');
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLElement;
        return `${active.getAttribute('data-testid')} in “${active.closest('[data-testid="note-cell"]')?.querySelector('p')?.textContent}”`;
      });
    expect(await focused()).toBe('note-edit in “Second”');
    await editors.nth(0).fill('First');
    await page.keyboard.press('Control+Enter');
    expect(await focused()).toBe('note-edit in “First”');
    await page.close();
  });

  it('draws a chart cell and redraws it when the measure changes', async () => {
    const page = await openApp();
    await page.getByTestId('add-chart').click();
    const chart = page.getByTestId('chart-cell');
    await chart.getByTestId('custom-chart').locator('svg').first().waitFor({ timeout: 30_000 });
    expect(await chart.locator('figcaption').textContent()).toBe('Revenue by RFM group');
    await chart.getByLabel('Measure').selectOption('customers');
    await chart.getByLabel('Broken down by').selectOption('first_order_month');
    // The demo shop spans November 2023 to October 2026: one category per first-order month.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="chart-cell"] [aria-label="x-axis tick label"] text')?.textContent ===
        '2023-11',
    );
    // The dimension sits mid-sentence in the caption: in lower case, an acronym that starts it left as it is.
    expect(await chart.locator('figcaption').textContent()).toBe('Customers by first-order month');
    const ticks = await chart.locator('svg [aria-label="x-axis tick label"] text').allTextContents();
    expect(ticks).toContain('2026-10');
    await page.getByTestId('language').selectOption('fr');
    expect(await chart.locator('figcaption').textContent()).toBe('Clients par mois de la première commande');
    await chart.getByLabel('Réparti par').selectOption('rfm_group');
    await chart.locator('figcaption', { hasText: 'Clients par groupe RFM' }).waitFor();
    // The figures drawn are there as text too, for a screen reader: one row per RFM group, adding up to every customer.
    const table = chart.getByRole('table');
    await table.getByRole('row').nth(1).waitFor({ state: 'attached' });
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Groupe RFM', 'Clients']);
    const groups = await page.getByTestId('rfm-group').count();
    const counts = await table.locator('tbody td').allTextContents();
    expect(counts).toHaveLength(groups);
    const total = counts.reduce((sum, count) => sum + Number(count.replace(/\s/g, '')), 0);
    expect(String(total)).toBe(await page.getByTestId('model-customers').first().getAttribute('data-value'));
    await page.close();
  });

  it('opens a lesson and presents it one cell at a time with the arrow keys', async () => {
    const page = await openApp();
    await page.getByTestId('lesson-select').selectOption('rfm');
    expect(await cellTypes(page)).toEqual(['note', 'summary', 'note', 'rfm', 'note', 'chart', 'tiers', 'note']);
    await page.getByTestId('present').click();
    const position = page.getByTestId('slide-position');
    expect(await position.textContent()).toContain('1 of 8 · Note');
    expect(await page.getByTestId('presentation').getByRole('heading', { name: 'RFM in 10 minutes' }).count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await position.textContent()).toContain('4 of 8 · RFM groups');
    // Pointing at a group lights up its cells in the grid and fades the others.
    await page.locator('[data-group="At risk"]').focus();
    const spotlit = await page.locator('.cell.spotlit .group').allTextContents();
    expect(spotlit.length).toBeGreaterThan(0);
    expect(new Set(spotlit)).toEqual(new Set(['At risk']));
    // Inside a slide, keys a control uses stay with it: arrows move between the table's rows, Escape closes the
    // drawer — neither steps nor leaves.
    const row = page.getByTestId('customer-table').locator('.spacer [role="row"]').first();
    await row.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-drawer').waitFor();
    // Over the slide, not behind it.
    const onTop = await page.getByTestId('customer-drawer').evaluate((drawer) => {
      const box = drawer.getBoundingClientRect();
      return drawer.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
    });
    expect(onTop).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-drawer').waitFor({ state: 'detached' });
    expect(await position.textContent()).toContain('4 of 8 · RFM groups');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('End');
    expect(await position.textContent()).toContain('8 of 8');
    await page.keyboard.press('Escape');
    await page.getByTestId('presentation').waitFor({ state: 'detached' });
    expect(await cellTypes(page)).toHaveLength(8);
    await page.close();
  });

  it('fits every figure in its card at 1280 and 390 px, in English and French, in the notebook and presenting', async () => {
    /** Figures whose text runs past their card's edge (a card with overflowing content is wider inside than out). */
    const spilling = (page: Page) =>
      page
        .locator('.figure')
        .evaluateAll((cards) =>
          cards
            .filter((card) => card.checkVisibility() && card.scrollWidth > card.clientWidth)
            .map(
              (card) => `${card.querySelector('dd')?.textContent?.trim()}: ${card.scrollWidth} > ${card.clientWidth}`,
            ),
        );
    for (const locale of ['en-US', 'fr-FR']) {
      for (const width of [1280, 390]) {
        const page = await app.browser.newPage({ locale, viewport: { width, height: 800 } });
        await page.goto(app.server.url);
        await page.getByTestId('model-customers').waitFor({ timeout: 30_000 });
        const where = `${locale} at ${width} px`;
        expect(await page.locator('.figure').count(), where).toBe(11);
        expect(await spilling(page), `${where} in the notebook`).toEqual([]);
        await page.getByTestId('present').click();
        // The data summary's six figures, then the customers' five.
        expect(await page.getByTestId('presentation').locator('.figure').count(), where).toBe(6);
        expect(await spilling(page), `${where} presenting the summary`).toEqual([]);
        await page.keyboard.press('ArrowRight');
        expect(await page.getByTestId('presentation').locator('.figure').count(), where).toBe(5);
        expect(await spilling(page), `${where} presenting the customers`).toEqual([]);
        await page.close();
      }
    }
  });

  it('starts every slide below the presentation bar on a phone, at the slide’s top', async () => {
    const page = await app.browser.newPage({ locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    await page.goto(app.server.url);
    await page.getByTestId('model-customers').waitFor({ timeout: 30_000 });
    await page.getByTestId('present').click();
    const presentation = page.getByTestId('presentation');
    /** How far the bar reaches below the slide's first card's top edge, in px (0 or less: nothing hidden). */
    const hidden = () =>
      presentation.evaluate((dialog) => {
        const bar = dialog.querySelector('header')!.getBoundingClientRect();
        const card = dialog.querySelector('main .card')!.getBoundingClientRect();
        return bar.bottom - card.top;
      });
    expect(await hidden()).toBeLessThanOrEqual(0);
    // Scrolled down the summary, the next slide still opens at its top.
    await presentation.locator('main').evaluate((main) => main.scrollBy(0, 600));
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('slide-position').textContent()).toContain('2 sur 7');
    expect(await hidden()).toBeLessThanOrEqual(0);
    expect(await presentation.locator('main').evaluate((main) => main.scrollTop)).toBe(0);
    // The bar stays compact: the position on one row, the buttons on another.
    const barHeight = await presentation.locator('header').evaluate((bar) => bar.getBoundingClientRect().height);
    expect(barHeight).toBeLessThan(100);
    await page.close();
  });

  it('remembers a loaded file on this device only when asked, and forgets everything on request', async () => {
    const page = await openApp();
    const summaryTitle = page.getByTestId('data-summary').getByRole('heading').first();
    await page.getByTestId('file-input').setInputFiles(shared('shopify_orders_export_forezia_devstore.csv'));
    await page
      .getByTestId('data-summary')
      .getByRole('heading', { name: 'shopify_orders_export_forezia_devstore.csv' })
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('remember-file').check();
    await page.getByTestId('storage-message').waitFor();
    expect(await page.getByTestId('storage-message').textContent()).toBe(
      'Kept on this device only; it opens next time.',
    );

    await page.reload();
    await page
      .getByTestId('data-summary')
      .getByRole('heading', { name: 'shopify_orders_export_forezia_devstore.csv' })
      .waitFor({ timeout: 30_000 });
    // The box reads the remembered name from storage after the file is shown: wait for it, do not race it.
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="remember-file"]') as HTMLInputElement | null)?.checked === true,
      undefined,
      { timeout: 10_000 },
    );

    // Asked once: keeping them changes nothing; confirming deletes everything.
    await page.getByTestId('forget-all').click();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Keep them');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('forget-all-question').count()).toBe(0);
    await page.getByTestId('forget-all').click();
    await page.getByTestId('forget-all-confirm').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="storage-message"]')?.textContent?.startsWith('Everything'),
    );
    const leftInOpfs = await page.evaluate(async () => {
      const names: string[] = [];
      const root = await navigator.storage.getDirectory();
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    });
    expect(leftInOpfs).toEqual([]);
    await page.reload();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    expect(await summaryTitle.textContent()).toBe('Demo shop');
    await page.close();
  }, 90_000);

  it('reads a remembered file next time the way the user had it read: mapped columns, dates turned round', async () => {
    const dir = scratchDirectory();
    const page = await openApp();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    // Columns the app cannot name, and dates that could be either way round (read month-first at first).
    await page
      .getByTestId('file-input')
      .setInputFiles(writeScratch(dir, 'cryptic.csv', 'a,b,c\nx1,03/04/2024,9.99\nx2,05/06/2024,1.01\n'));
    const mapping = page.getByTestId('column-mapping');
    await mapping.locator('select[data-field="customer_id"]').selectOption('a');
    await mapping.locator('select[data-field="order_date"]').selectOption('b');
    await mapping.locator('select[data-field="amount"]').selectOption('c');
    await mapping.getByRole('button', { name: 'Import with these columns' }).click();
    await page.locator('[data-testid="first-order"][data-value="2024-03-04"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('remember-file').check();
    await page.getByTestId('storage-message').waitFor();
    await page.getByTestId('reread-dates').click();
    await page.locator('[data-testid="first-order"][data-value="2024-04-03"]').waitFor({ timeout: 30_000 });
    // Another export that happens to share the name leaves the remembered file's reading alone.
    await page
      .getByTestId('file-input')
      .setInputFiles(writeScratch(scratchDirectory(), 'cryptic.csv', 'customer,date,amount\nc1,2024-05-06,3.00\n'));
    await page.locator('[data-testid="first-order"][data-value="2024-05-06"]').waitFor({ timeout: 30_000 });

    await page.reload();
    await page.locator('[data-testid="first-order"][data-value="2024-04-03"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('column-mapping').count()).toBe(0);
    expect(await page.getByTestId('date-order').textContent()).toContain('Dates read as dd/mm/yyyy, as you chose.');
    await page.getByTestId('remember-file').uncheck();
    await page.close();
  }, 90_000);

  it('exports the notebook as a JSON file and imports it back; a broken file is refused with a message', async () => {
    const page = await app.browser.newPage({
      locale: 'en-US',
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
    });
    await page.goto(app.server.url);
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    await page.getByTestId('add-note').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('notebook-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('segmentlab-notebook.json');
    const path = (await file.path())!;
    const exported = JSON.parse(readFileSync(path, 'utf8'));
    expect(exported.v).toBe(1);
    expect(exported.notebook.cells.map((c: { type: string }) => c.type)).toEqual(await cellTypes(page));
    expect(JSON.stringify(exported)).not.toMatch(/@example\.com|demo-shop/);

    await page.getByTestId('lesson-select').selectOption('again');
    expect((await cellTypes(page))[0]).toBe('note');
    await page.getByTestId('notebook-import').setInputFiles(path);
    await page.getByTestId('share-notice').waitFor();
    expect(await cellTypes(page)).toEqual(exported.notebook.cells.map((c: { type: string }) => c.type));

    const broken = writeScratch(scratchDirectory(), 'broken.json', '{"v": 1, "notebook": ');
    await page.getByTestId('notebook-import').setInputFiles(broken);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="share-notice"]')?.getAttribute('role') === 'alert',
    );
    expect(await page.getByTestId('share-notice').textContent()).toContain('could not be opened (it is damaged');
    await page.close();
  }, 60_000);
});
