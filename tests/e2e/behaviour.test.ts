/**
 * End-to-end: the behaviour view on the demo shop (its planted weekly and quarterly buyers, seasonal and one-off
 * categories, discount hunters and events file; scripts/README.md), and a bad events file refused without losing
 * the orders.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { scratchDirectory, shared, writeScratch } from '../fixtures/files';

const app = useBuiltApp();

/** Types `ratio` as the overdue multiple in the behaviour view and waits for its overdue count to change to a new one. */
async function changeOverdueRule(page: Page, ratio: string): Promise<string> {
  const cell = page.getByTestId('behaviour-cell');
  const before = await cell.getByTestId('overdue-count').getAttribute('data-count');
  await cell.getByTestId('overdue-ratio').fill(ratio);
  await cell.getByTestId('overdue-ratio').press('Enter');
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid="overdue-count"]')?.getAttribute('data-count') !== before,
    before,
    { timeout: 30_000 },
  );
  return (await cell.getByTestId('overdue-count').getAttribute('data-count'))!;
}

describe('the behaviour view', () => {
  it("shows a customer's own signals in their drawer, agreeing with the open carts view", async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const carts = page.getByTestId('behaviour-cell').getByTestId('open-carts');
    await carts.waitFor({ timeout: 60_000 });
    const [email, , cart] = await carts.locator('tbody tr').first().locator('td').allTextContents();
    await page.getByTestId('customer-search').fill(email!);
    const row = page.getByTestId('customer-table').locator('.spacer [role="row"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="customer-table"]')?.getAttribute('data-total') === '1',
    );
    await row.first().click();
    const signals = page.getByTestId('customer-drawer').getByTestId('customer-signals');
    await signals.waitFor();
    const text = (await signals.textContent())!;
    expect(text).toContain(`open cart of ${cart}`);
    expect(text).toMatch(/Favourite category\s*\S/);
    expect(text).toMatch(/Best time to send\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) · \d\d:00/);
    // The categories they bought, the favourite first, each with its shares of their orders and spend.
    const facts = await signals.evaluate((list) =>
      Object.fromEntries(
        [...list.querySelectorAll('dt')].map((dt) => [dt.textContent!.trim(), dt.nextElementSibling!.textContent!]),
      ),
    );
    const bought = await signals.getByTestId('customer-categories').locator('li').allTextContents();
    expect(bought.length).toBeGreaterThan(0);
    expect(bought[0]!.trim().startsWith(`${facts['Favourite category']!.trim()} on `)).toBe(true);
    for (const item of bought) expect(item).toMatch(/ on [\d.]+% of orders · [\d.]+% of spend/);

    // Sorted by the day the cart was left, latest first; a customer in the list opens their own drawer.
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-drawer').waitFor({ state: 'detached' });
    await carts.getByRole('button', { name: 'Abandoned on' }).click();
    await carts.locator('th[aria-sort="descending"]', { hasText: 'Abandoned on' }).waitFor();
    const days = (await carts.locator('tbody tr td:nth-child(4)').allTextContents()).map((d) => Date.parse(d));
    expect(days.every((day) => Number.isFinite(day))).toBe(true);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    const latest = carts.locator('tbody tr').first().getByRole('button');
    const who = (await latest.textContent())!.trim();
    await latest.click();
    await page.locator('#drawer-title', { hasText: who }).waitFor();

    // From a signal's count to its customers: a segment cell right below the behaviour cell, counting the same ones.
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-drawer').waitFor({ state: 'detached' });
    const behaviourCell = page.getByTestId('behaviour-cell');
    const overdue = await behaviourCell.getByTestId('overdue-count').getAttribute('data-count');
    await behaviourCell.getByTestId('segment-overdue').click();
    const types = await page.getByTestId('cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));
    const added = page.getByTestId('cell').nth(types.indexOf('behaviour') + 1);
    expect(await added.getAttribute('data-type')).toBe('segment');
    expect(await added.getByTestId('segment-query').inputValue()).toBe('overdue = true');
    expect(await added.getByTestId('segment-name').inputValue()).toBe('Overdue customers');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('segment-query');
    await added.locator(`[data-testid="segment-count"][data-count="${overdue}"]`).waitFor({ timeout: 30_000 });
    // A rule changed in the behaviour view changes who is overdue: the segment counts them again.
    const overdueNow = await changeOverdueRule(page, '1.5');
    expect(Number(overdueNow)).toBeGreaterThan(Number(overdue));
    await added.locator(`[data-testid="segment-count"][data-count="${overdueNow}"]`).waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('lists the overdue customers who spent the most, and opens a customer from the list or the chart', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    const list = cell.getByTestId('overdue-customers');
    await list.waitFor({ timeout: 60_000 });
    const rows = list.locator('tbody tr');
    expect(await rows.count()).toBe(10);
    const spent = (await list.locator('tbody tr td:nth-child(2)').allTextContents()).map((text) =>
      Number(text.replace(/[^0-9.]/g, '')),
    );
    expect(spent.every((amount) => amount > 0)).toBe(true);
    expect(spent).toEqual([...spent].sort((a, b) => b - a));
    const first = rows.first().getByRole('button');
    const who = (await first.textContent())!.trim();
    await first.click();
    await page.locator('#drawer-title', { hasText: who }).waitFor();
    expect(await page.getByTestId('customer-signals').textContent()).toMatch(/\d+ days overdue/);
    await page.keyboard.press('Escape');
    await page.getByTestId('customer-drawer').waitFor({ state: 'detached' });

    // A point of the scatter: its tip names the customer, and a click opens them.
    const chart = cell.getByTestId('overdue-chart');
    await chart.scrollIntoViewIfNeeded();
    const dot = (await chart.locator('circle').nth(10).boundingBox())!;
    await page.mouse.move(dot.x + dot.width / 2, dot.y + dot.height / 2);
    const tip = chart.locator('text', { hasText: '@example.com' });
    await tip.waitFor();
    const pointed = (await tip.locator('tspan').first().textContent())!.trim();
    await page.mouse.click(dot.x + dot.width / 2, dot.y + dot.height / 2);
    await page.locator('#drawer-title', { hasText: pointed }).waitFor();
    await page.close();
  });

  it('fits the overdue customers in their column in French, headers whole, and on a phone scrolls only the table', async () => {
    for (const width of [1280, 390]) {
      const page = await app.browser.newPage({ locale: 'fr-FR', viewport: { width, height: 800 } });
      await page.goto(app.server.url);
      const list = page.getByTestId('behaviour-cell').getByTestId('overdue-customers');
      await list.waitFor({ timeout: 60_000 });
      const fit = await list.evaluate((table) => ({
        table: table.getBoundingClientRect().width,
        column: table.parentElement!.clientWidth,
        cutHeaders: [...table.querySelectorAll('th')]
          .filter((th) => th.scrollWidth > th.clientWidth)
          .map((th) => th.textContent),
        page: document.documentElement.scrollWidth,
      }));
      expect(fit.cutHeaders, `${width} px`).toEqual([]);
      expect(fit.page, `${width} px`).toBeLessThanOrEqual(width);
      if (width === 1280) expect(fit.table).toBeLessThanOrEqual(fit.column);
      await page.close();
    }
  });

  it('draws the overdue chart’s “due now” label over the points with a halo, crossing neither line', async () => {
    for (const [locale, due] of [
      ['fr-FR', 'c’est le moment'],
      ['en-US', 'due now'],
    ]) {
      for (const width of [390, 1280]) {
        const page = await app.browser.newPage({ locale, viewport: { width, height: 800 } });
        await page.goto(app.server.url);
        const chart = page.getByTestId('behaviour-cell').getByTestId('overdue-chart');
        await chart.locator('circle').first().waitFor({ timeout: 60_000 });
        const drawn = await chart.evaluate((root, due) => {
          const label = [...root.querySelectorAll('text')].find((text) => text.textContent === due)!;
          const svg = label.ownerSVGElement!;
          const onScreen = (element: SVGGraphicsElement, x: number, y: number) =>
            new DOMPoint(x, y).matrixTransform(element.getScreenCTM()!);
          const ends = (path: SVGPathElement) =>
            [0, path.getTotalLength()].map((along) => {
              const point = path.getPointAtLength(along);
              return onScreen(path, point.x, point.y);
            });
          // Which side of the line A→B each corner of each character of the label lies on: one side only, or it crosses.
          const sides = ([a, b]: DOMPoint[]) => {
            const found = new Set<number>();
            for (let i = 0; i < label.getNumberOfChars(); i++) {
              const box = label.getExtentOfChar(i);
              for (const [x, y] of [
                [box.x, box.y],
                [box.x + box.width, box.y],
                [box.x, box.y + box.height],
                [box.x + box.width, box.y + box.height],
              ]) {
                const p = onScreen(label, x, y);
                found.add(Math.sign((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)));
              }
            }
            return found.size;
          };
          const group = label.parentElement!;
          const dots = svg.querySelector('circle')!.parentElement!;
          return {
            afterDots: Boolean(dots.compareDocumentPosition(group) & Node.DOCUMENT_POSITION_FOLLOWING),
            halo: [getComputedStyle(label).paintOrder, Number.parseFloat(getComputedStyle(label).strokeWidth) >= 3],
            dueLineSides: sides(ends(svg.querySelector<SVGPathElement>('g[stroke-dasharray] path')!)),
            overdueLineSides: sides(ends(svg.querySelector<SVGPathElement>('g[stroke="#dc2626"] path')!)),
          };
        }, due);
        expect(drawn, `${locale} at ${width} px`).toEqual({
          afterDots: true,
          halo: ['stroke', true],
          dueLineSides: 1,
          overdueLineSides: 1,
        });
        await page.close();
      }
    }
  });

  it('shows overdue customers, send times, categories with reasons, discount hunters and open carts', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    expect(Number(await cell.getByTestId('overdue-count').getAttribute('data-count'))).toBeGreaterThan(0);
    expect(Number(await cell.getByTestId('discount-hunters').getAttribute('data-count'))).toBeGreaterThan(50);
    await cell.getByTestId('overdue-chart').locator('svg').first().waitFor();
    await cell.getByTestId('sendtime-heatmap').locator('svg').first().waitFor();
    const excluded = await cell.getByTestId('excluded-categories').textContent();
    expect(excluded).toMatch(/Christmas decorations — seasonal: [\d.]+% of its revenue falls in November–December/);
    // The generator plants furniture as bought once by everyone (scripts/README.md).
    expect(excluded).toMatch(/Furniture — one-off: none of its [\d,]+ buyers bought it again/);
    expect(await cell.getByTestId('events-summary').textContent()).toMatch(/^demo-events\.csv: [\d,]+ events/);
    expect(await cell.getByTestId('open-carts').locator('tbody tr').count()).toBeGreaterThan(0);

    // The overdue rule: text is refused with a message; a decimal comma is read (a French keypad types one), and a
    // lower multiple makes more customers overdue.
    const overdueBefore = Number(await cell.getByTestId('overdue-count').getAttribute('data-count'));
    const ratio = cell.getByTestId('overdue-ratio');
    await ratio.fill('two');
    await ratio.press('Enter');
    await cell.getByTestId('overdue-rule-error').waitFor();
    expect(await ratio.getAttribute('aria-invalid')).toBe('true');
    expect(await cell.getByTestId('overdue-shrinkage').getAttribute('aria-invalid')).toBe('false');
    expect(Number(await cell.getByTestId('overdue-count').getAttribute('data-count'))).toBe(overdueBefore);
    await ratio.fill('1,5');
    await ratio.press('Enter');
    await cell.getByTestId('overdue-rule-error').waitFor({ state: 'detached' });
    await page.waitForFunction(
      (before) => Number(document.querySelector('[data-testid="overdue-count"]')?.getAttribute('data-count')) > before,
      overdueBefore,
      { timeout: 30_000 },
    );
    // The other rules are editable the same way: a lower share makes more discount hunters; a higher seasonal share
    // leaves Christmas decorations (87.9% of its revenue in two months) no longer seasonal.
    const huntersBefore = Number(await cell.getByTestId('discount-hunters').getAttribute('data-count'));
    await cell.getByTestId('hunter-min-share').fill('50');
    await cell.getByTestId('hunter-min-share').press('Enter');
    await page.waitForFunction(
      (before) =>
        Number(document.querySelector('[data-testid="discount-hunters"]')?.getAttribute('data-count')) > before,
      huntersBefore,
      { timeout: 30_000 },
    );
    await cell.getByTestId('seasonal-share').fill('95');
    await cell.getByTestId('seasonal-share').press('Enter');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="excluded-categories"]')?.textContent?.includes('Christmas'),
      undefined,
      { timeout: 30_000 },
    );
    expect(await cell.getByTestId('excluded-categories').textContent()).toContain('Furniture');

    // A group's and a saved segment's own heatmaps, then a bad events file: refused with the reason, the orders
    // and carts untouched.
    const heatmap = cell.getByTestId('sendtime-heatmap');
    const redrawn = (before: string) =>
      page.waitForFunction(
        (previous) => {
          const chart = document.querySelector('[data-testid="sendtime-heatmap"]');
          return chart !== null && chart.querySelector('svg') !== null && chart.innerHTML !== previous;
        },
        before,
        { timeout: 30_000 },
      );
    const shopMarkup = await heatmap.innerHTML();
    await cell.getByTestId('heatmap-group').selectOption('Champions');
    await redrawn(shopMarkup);
    const championsMarkup = await heatmap.innerHTML();
    await page.getByTestId('segment-query').fill('discount_hunter = true');
    await page.getByTestId('segment-name').fill('Deal seekers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await cell.getByRole('option', { name: 'Deal seekers' }).waitFor({ state: 'attached' });
    await cell.getByTestId('heatmap-group').selectOption({ label: 'Deal seekers' });
    await redrawn(championsMarkup);
    expect(await cell.getByRole('alert').count()).toBe(0);
    const bad = writeScratch(scratchDirectory(), 'events.csv', 'when,what\n2024-01-01,nothing\n');
    await cell.getByTestId('events-input').setInputFiles(bad);
    const error = cell.getByTestId('events-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /^events\.csv could not be loaded: The events file needs the column\(s\) timestamp, type, customer_id or email; .* Your orders are unchanged\.$/,
    );
    expect(await cell.getByTestId('open-carts').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Demo shop' }).count()).toBe(1);
    // In Dutch the refusal is Dutch, reworded as the language changes.
    await page.getByTestId('language').selectOption('nl');
    await error
      .getByText(
        'events.csv kon niet worden geladen: Het gebeurtenissenbestand heeft de kolom(men) timestamp, type, ' +
          'customer_id of email nodig; het heeft when, what. Je orders blijven ongewijzigd.',
        { exact: true },
      )
      .waitFor();
    await page.close();
  }, 90_000);

  it('refuses an events file with no usable event, saying why, and keeps the demo shop’s events', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    const carts = cell.getByTestId('open-carts').locator('tbody tr');
    await carts.first().waitFor({ timeout: 60_000 });
    const cartsBefore = await carts.count();
    // Before: a header alone was "loaded" — 0 events — and the demo shop's carts vanished without a word.
    const headerOnly = writeScratch(scratchDirectory(), 'header-only.csv', 'customer_id,email,timestamp,type\n');
    await cell.getByTestId('events-input').setInputFiles(headerOnly);
    const error = cell.getByTestId('events-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'header-only.csv could not be loaded: the file has a header but no events below it. Your orders are unchanged.',
    );
    expect(await carts.count()).toBe(cartsBefore);
    const undated = writeScratch(
      scratchDirectory(),
      'undated.csv',
      'email,timestamp,type\na@b.c,soon,review\nd@e.f,,return\n',
    );
    await cell.getByTestId('events-input').setInputFiles(undated);
    await error.getByText(/^undated\.csv/).waitFor();
    await page.getByTestId('language').selectOption('fr');
    await error
      .getByText(
        'undated.csv n’a pas pu être chargé : aucune de ses 2 lignes n’a de date lisible, de type et d’identifiant ' +
          'client ou d’e-mail. Vos commandes sont inchangées.',
        { exact: true },
      )
      .waitFor();
    expect(await carts.count()).toBe(cartsBefore);
    await page.close();
  }, 90_000);

  it('loads Shopify’s “Abandoned checkouts” export as it is, one open cart per checkout at its total', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('open-carts').locator('tbody tr').first().waitFor({ timeout: 60_000 });
    // The orders export's layout with the checkout's Id first (lastAction.ts), for the customer and time of the demo
    // events file's first abandoned cart (demo-events.csv, open in the view): lines of 120.00 and 25.00, 8.50 shipping.
    const header = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8');
    const columns = header.slice(0, header.indexOf('\n')).split(',');
    columns[0] = 'Id';
    const line = (cells: Record<string, string>) => columns.map((c) => cells[c] ?? '').join(',');
    const checkout: Record<string, string>[] = [
      {
        Email: 'daan.miller4632@example.com',
        Shipping: '8.50',
        Total: '153.50',
        'Lineitem name': 'Espresso beans 1 kg',
        'Lineitem price': '120.00',
      },
      { 'Lineitem name': 'Milk jug', 'Lineitem price': '25.00' },
    ];
    const lines = checkout.map((cells) => line({ Id: '35001', 'Created at': '2026-10-14 03:26:43 +0200', ...cells }));
    const file = writeScratch(scratchDirectory(), 'abandoned_checkouts.csv', [columns.join(','), ...lines].join('\n'));
    await cell.getByTestId('events-input').setInputFiles(file);
    // Before: refused, "The events file needs the column(s) timestamp, type".
    await cell
      .getByTestId('events-summary')
      .getByText('abandoned_checkouts.csv: 1 event for 1 customer; 1 open abandoned cart worth €153.50.', {
        exact: true,
      })
      .waitFor({ timeout: 30_000 });
    expect(await cell.getByTestId('events-error').count()).toBe(0);
    await page.close();
  }, 90_000);

  it('reads an ambiguous events file’s dates the way the user chose for the orders (day first)', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Demo shop' }).waitFor({ timeout: 30_000 });
    // Comma-separated with slashes and no day above 12: read month-first at first, then day-first as the user asks.
    // Day-first: c1 bought on 2 January (100.00, the top spender), c2 on 5 January, c3 on 10 March → as of 11 March.
    const orders = writeScratch(
      scratchDirectory(),
      'ambiguous-orders.csv',
      'order_id,customer_id,order_date,amount\nA1,c1,02/01/2024,100\nA2,c2,05/01/2024,20\nA3,c3,10/03/2024,30\n',
    );
    await page.getByTestId('file-input').setInputFiles(orders);
    await page.getByTestId('data-summary').getByRole('heading', { name: 'ambiguous-orders.csv' }).waitFor();
    await page.getByTestId('reread-dates').click();
    await page.locator('[data-testid="last-order"][data-value="2024-03-10"]').waitFor({ timeout: 30_000 });
    // The same convention, the same ambiguity: day-first, c1's cart is from 4 March, open (after their order of
    // 2 January) and before the as-of date; c2's review from 1 February. Read month-first, as before, the cart was
    // from 3 April, after the as-of date and so ignored: 1 event, no open cart.
    const events = writeScratch(
      scratchDirectory(),
      'ambiguous-events.csv',
      'customer_id,timestamp,type,value\nc1,04/03/2024 09:00,abandoned_cart,55.00\nc2,01/02/2024 10:00,review,\n',
    );
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('events-input').setInputFiles(events);
    const summary = cell.getByTestId('events-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toContain(
      'ambiguous-events.csv: 2 events for 2 customers; 1 open abandoned cart worth 55.00.',
    );
    expect(await cell.getByTestId('open-carts').locator('tbody tr td').allTextContents()).toEqual([
      'c1',
      '100.00',
      '55.00',
      'Mar 4, 2024',
    ]);
    await page.close();
  }, 90_000);

  it('follows a cut-off change by regrouping the discount figures, which a later rule change keeps', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    await cell.getByTestId('heatmap-group').selectOption('Champions');
    const markup = () =>
      page.evaluate(() =>
        ['discount-chart', 'sendtime-heatmap'].map((id) => document.querySelector(`[data-testid="${id}"]`)!.innerHTML),
      );
    // The Champions heatmap drawn: the page is idle.
    await page.waitForFunction(() => !document.querySelector('[data-testid="behaviour-cell"] .spinner'));
    const [discounts, heatmap] = await markup();
    await page.getByTestId('rfm-levels').selectOption('3');
    await page.waitForFunction(
      (before) => {
        const now = ['discount-chart', 'sendtime-heatmap'].map(
          (id) => document.querySelector(`[data-testid="${id}"]`)?.innerHTML,
        );
        return now[0] !== before[0] && now[1] !== before[1];
      },
      [discounts, heatmap],
      { timeout: 30_000 },
    );
    // One full computation (the demo's), measured by the page each time it runs.
    expect(await page.evaluate(() => performance.getEntriesByName('behaviour').length)).toBe(1);
    expect(await cell.getByRole('alert').count()).toBe(0);

    // A rule change then computes the signals again, keeping those whose rule did not change (keptSignals.ts): the
    // discount figures it keeps must be split by the new groups, not the ones they were first computed for.
    const [regrouped] = await markup();
    await changeOverdueRule(page, '1,5');
    await page.waitForFunction(() => !document.querySelector('[data-testid="behaviour-cell"] .spinner'));
    expect(await page.evaluate(() => performance.getEntriesByName('behaviour').length)).toBe(2);
    expect((await markup())[0]).toBe(regrouped);
    expect((await markup())[0]).not.toBe(discounts);
    await page.close();
  }, 90_000);

  it('says what a file without times, categories, discounts or repeat customers cannot show, instead of empty charts', async () => {
    const page = await app.browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url);
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    // With the demo shop's events file loaded, the same query needs no such note.
    await page.getByTestId('segment-query').fill("last_action = 'return'");
    await page.locator('[data-testid="segment-count"][data-count]:not([data-count=""])').waitFor();
    expect(await page.getByTestId('segment-needs-events').count()).toBe(0);
    // While the signals are computed, a progress line names each step as it starts; record what it shows.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { stepsSeen: string[] }).stepsSeen = seen;
      new MutationObserver(() => {
        const step = document.querySelector('[data-testid="behaviour-step"]')?.getAttribute('data-step');
        if (step && seen[seen.length - 1] !== step) seen.push(step);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] });
    });
    // CDNOW: dates without times, no product lines, no discounts (../shared/data/README.md).
    await page.getByTestId('file-input').setInputFiles(shared('CDNOW_sample.txt'));
    await cell.getByText('No customer order in this file has a discount amount or code').waitFor({ timeout: 60_000 });
    await cell.getByTestId('behaviour-step').waitFor({ state: 'detached' });
    const steps = ['history', 'cadence', 'categories', 'discounts', 'sendTime', 'lastAction', 'views'];
    const seen = await page.evaluate(() => (window as unknown as { stepsSeen: string[] }).stepsSeen);
    expect(seen.length).toBeGreaterThan(0);
    // Steps the page had no time to draw may be missing, but what it showed went forward, in the documented order.
    const positions = seen.map((step) => steps.indexOf(step));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(await cell.getByTestId('discount-chart').count()).toBe(0);
    expect(await cell.getByTestId('discount-hunters').getAttribute('data-count')).toBe('0');
    expect(await cell.getByText('This file has no product lines with categories or products.').count()).toBe(1);
    expect(await cell.getByText('This file has dates without times of day').count()).toBe(1);
    // Without an events file, a query on the last actions counts nobody, and the segment cell says why.
    await page.getByTestId('segment-query').fill("last_action = 'return' OR amount_spent > 100000");
    await page
      .getByTestId('segment-needs-events')
      .getByText(
        'No events file is loaded, so no customer has a value for last_action yet. Load one with “Load events” in the Behaviour cell.',
        { exact: true },
      )
      .waitFor();
    // WooCommerce sample: three customers with one order each, so no rhythm to judge.
    await page.getByTestId('file-input').setInputFiles(shared('woocommerce_orders_webtoffee_sample.csv'));
    await cell.getByText('No customer has ordered twice yet').waitFor({ timeout: 60_000 });
    expect(await cell.getByTestId('overdue-chart').count()).toBe(0);
    await page.close();
  }, 90_000);
});
