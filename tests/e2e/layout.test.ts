/**
 * End-to-end: the page's layout at a phone's width and in the longer languages — what a visitor sees, measured in
 * Chromium: charts drawn at their width, tables wider than a phone reachable and marked, nothing wider than the page.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBuiltApp } from './builtApp';
import { headingWords, overlappingHeadings } from './headingWords';

const app = useBuiltApp();

async function openAt(width: number, language: string): Promise<Page> {
  const page = await app.browser.newPage({ locale: 'en-US', viewport: { width, height: width > 600 ? 800 : 844 } });
  await page.goto(app.server.url);
  await page.getByTestId('language').selectOption(language);
  return page;
}

/** The grey level (0 black – 255 white) of the pixels of a box's columns `left` and `right` px in from its edges. */
async function edgeShades(page: Page, box: Locator, inset: number): Promise<{ left: number; right: number }> {
  const png = await box.screenshot();
  return page.evaluate(
    async ({ base64, inset }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const shade = (x: number) => {
        const { data } = context.getImageData(x, 0, 1, canvas.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
        return sum / (data.length / 4);
      };
      return { left: shade(inset), right: shade(canvas.width - 1 - inset) };
    },
    { base64: png.toString('base64'), inset },
  );
}

/** Texts under `scope` below WCAG AA contrast against the backgrounds they are drawn on, each with its ratio. */
async function lowContrast(page: Page, scope = 'body'): Promise<string[]> {
  return page.evaluate((scope) => {
    type Rgba = [number, number, number, number];
    const parse = (color: string): Rgba | null => {
      const parts = color
        .match(/rgba?\(([^)]+)\)/)?.[1]
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      return parts ? [parts[0], parts[1], parts[2], parts[3] ?? 1] : null;
    };
    const over = (top: Rgba, under: Rgba): Rgba => [
      top[0] * top[3] + under[0] * (1 - top[3]),
      top[1] * top[3] + under[1] * (1 - top[3]),
      top[2] * top[3] + under[2] * (1 - top[3]),
      1,
    ];
    // WCAG 2.1's relative luminance and contrast ratio (w3.org/TR/WCAG21/#dfn-relative-luminance, #dfn-contrast-ratio).
    const luminance = (color: Rgba) => {
      const [r, g, b] = color.slice(0, 3).map((value) => {
        const v = value / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const found: string[] = [];
    const seen = new Set<Element>();
    const walker = document.createTreeWalker(document.querySelector(scope)!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent!.trim() || !element || seen.has(element)) continue;
      seen.add(element);
      const box = element.getBoundingClientRect();
      // Hidden, for screen readers only, inside a chart (drawn on the card, its own test), or disabled (exempt).
      if (box.width === 0 || element.closest('.sr-only, svg, option, :disabled, [aria-disabled="true"]')) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden') continue;
      // The backgrounds from the element out to the first opaque one, laid on white; a faded box (figures being
      // recomputed) is not counted.
      const layers: Rgba[] = [];
      let faded = false;
      for (let at: Element | null = element; at; at = at.parentElement) {
        const own = getComputedStyle(at);
        if (Number(own.opacity) < 1) faded = true;
        const background = parse(own.backgroundColor);
        if (background && background[3] > 0) layers.push(background);
        if (background && background[3] === 1) break;
      }
      if (faded) continue;
      const behind = layers.reverse().reduce<Rgba>((under, top) => over(top, under), [255, 255, 255, 1]);
      const text = over(parse(style.color)!, behind);
      const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      // Large text (18 pt, or 14 pt bold: #dfn-large-scale) needs 3:1, any other 4.5:1.
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
      if (ratio < (large ? 3 : 4.5)) found.push(`${ratio.toFixed(2)} “${element.textContent!.trim().slice(0, 30)}”`);
    }
    return found;
  }, scope);
}

describe('the page at phone width and in every language', () => {
  it('draws a chart with a legend at the width it was drawn for, its labels not shrunk', async () => {
    for (const width of [390, 1280]) {
      const page = await openAt(width, 'en');
      const cell = page.getByTestId('behaviour-cell');
      await cell.getByTestId('overdue-chart').locator('circle').first().waitFor({ timeout: 60_000 });
      await cell.getByTestId('sendtime-heatmap').locator('svg').first().waitFor();
      // Plot sets each SVG's width attribute to the width it laid the chart out for; drawn narrower, it is scaled.
      const scaled = await page.evaluate(() =>
        ['overdue-chart', 'sendtime-heatmap'].flatMap((id) =>
          [...document.querySelectorAll(`[data-testid="${id}"] svg[width]`)]
            .map((svg) => ({ id, drawn: Number(svg.getAttribute('width')), shown: svg.getBoundingClientRect().width }))
            .filter(({ drawn, shown }) => Math.abs(drawn - shown) > 0.5),
        ),
      );
      expect(scaled, `${width} px`).toEqual([]);
      await page.close();
    }
  }, 90_000);

  it.each(['nl', 'fr'])(
    'makes a table wider than a phone a named tab stop the arrow keys scroll, shadowed on the side with more (%s)',
    async (language) => {
      const page = await openAt(390, language);
      const cell = page.getByTestId('behaviour-cell');
      await cell.getByTestId('open-carts').waitFor({ timeout: 60_000 });
      await cell.getByTestId('overdue-customers').waitFor();
      for (const testid of ['overdue-customers', 'open-carts']) {
        const wrap = cell.getByTestId(testid).locator('xpath=..');
        const heading = await wrap.evaluate((element) => element.previousElementSibling!.textContent);
        const region = await wrap.evaluate((element) => ({
          wider: element.scrollWidth > element.clientWidth,
          role: element.getAttribute('role'),
          name: element.getAttribute('aria-label'),
          tabIndex: element.tabIndex,
        }));
        expect(region, testid).toEqual({ wider: true, role: 'region', name: heading, tabIndex: 0 });
        // The shadow, with the table's text and lines hidden so that only the backgrounds are measured: on the right
        // while there is more to the right, on the left once scrolled to the end.
        await page.addStyleTag({
          content: `[data-testid="${testid}"] * { color: transparent !important; border-color: transparent !important;
            text-decoration: none !important }`,
        });
        const start = await edgeShades(page, wrap, 2);
        expect(start.left, `${testid} left at the start`).toBeGreaterThan(250);
        expect(start.right, `${testid} right at the start`).toBeLessThan(235);
        await wrap.focus();
        expect(await wrap.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('solid');
        for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
        // Read at once after the keys it was still 0 once, under CI load (2026-12-06): the scroll gets time to happen.
        await page.waitForFunction((element) => element.scrollLeft > 0, await wrap.elementHandle(), {
          timeout: 10_000,
        });
        expect(await wrap.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
        await wrap.evaluate((element) => (element.scrollLeft = element.scrollWidth));
        const end = await edgeShades(page, wrap, 2);
        expect(end.left, `${testid} left at the end`).toBeLessThan(235);
        expect(end.right, `${testid} right at the end`).toBeGreaterThan(250);
      }
      await page.close();
    },
    90_000,
  );

  it.each(['fr', 'nl'])(
    'keeps the customer drawer within a phone’s width, its latest orders included (%s)',
    async (language) => {
      const page = await openAt(390, language);
      const rows = page.getByTestId('customer-table').locator('.spacer [role="row"]');
      await rows.first().waitFor({ timeout: 60_000 });
      const drawer = page.getByTestId('customer-drawer');
      // The biggest spenders first (the table's order): the widest amounts, and orders with discount codes.
      const wider: string[] = [];
      for (let i = 0; i < 6; i++) {
        await rows.nth(i).click();
        await drawer.getByTestId('customer-orders').waitFor();
        const sizes = await drawer.evaluate((element) => ({
          drawer: [element.scrollWidth, element.clientWidth],
          orders: element.querySelector('[data-testid="customer-orders"]')!.getBoundingClientRect().right,
          // The right edge of the drawer's text, inside its padding (and its scroll bar, where one takes room).
          edge:
            element.getBoundingClientRect().left +
            element.clientLeft +
            element.clientWidth -
            Number.parseFloat(getComputedStyle(element).paddingRight),
        }));
        if (sizes.drawer[0] > sizes.drawer[1] || sizes.orders > sizes.edge + 0.5)
          wider.push(`row ${i}: ${JSON.stringify(sizes)}`);
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'detached' });
      }
      expect(wider).toEqual([]);
      await page.close();
    },
  );

  it('writes each “make a segment” query on one line at a phone’s width, the words before it wrapping instead', async () => {
    const page = await openAt(390, 'nl');
    const cell = page.getByTestId('behaviour-cell');
    await cell.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    const lines = await cell.evaluate((element) =>
      [...element.querySelectorAll('[data-testid^="segment-"] code')].map((code) => ({
        query: code.textContent,
        // The lines its text takes: the distinct tops of its text's boxes (the code itself may be one block).
        lines: (() => {
          const range = document.createRange();
          range.selectNodeContents(code);
          return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
        })(),
        inside: code.getBoundingClientRect().right <= code.parentElement!.getBoundingClientRect().right,
      })),
    );
    expect(lines.map((line) => line.query)).toEqual([
      'overdue = true',
      'discount_hunter = true',
      'abandoned_cart_value > 0',
    ]);
    expect(lines.filter((line) => line.lines !== 1 || !line.inside)).toEqual([]);
    await page.close();
  });

  it.each([
    ['en', 1280],
    ['nl', 390],
  ])(
    'writes every text at WCAG AA contrast or more against what it is drawn on (%s, %i px)',
    async (language, width) => {
      const page = await openAt(width, language);
      await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
      await page.getByTestId('open-carts').waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => !document.querySelector('.spinner'));
      const low = await lowContrast(page);
      expect(low).toEqual([]);
      await page.close();
    },
  );

  it.each([
    ['nl', 390],
    ['fr', 1280],
  ])('gives every button, field and disclosure 24 × 24 px or more to tap (%s, %i px)', async (language, width) => {
    const page = await openAt(width, language);
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    await page.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    // WCAG 2.2's minimum target size (2.5.8): a checkbox counts with the label around it, which also toggles it.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, a[href], select, input, textarea, summary, [tabindex="0"]')]
        .filter((element) => !element.closest('.sr-only') && element.getClientRects().length > 0)
        .filter((element) => !(element instanceof HTMLInputElement && element.type === 'file'))
        .map((element) => {
          const target =
            element instanceof HTMLInputElement && element.type === 'checkbox' ? element.closest('label')! : element;
          const box = target.getBoundingClientRect();
          return { box, name: (target.textContent || target.getAttribute('aria-label') || '').trim().slice(0, 30) };
        })
        .filter(({ box }) => box.width < 24 || box.height < 24)
        .map(({ box, name }) => `“${name}” ${box.width.toFixed(1)} × ${box.height.toFixed(1)}`),
    );
    expect([...new Set(small)]).toEqual([]);
    await page.close();
  });

  it('keeps the RFM grid’s other cells readable while one group is picked', async () => {
    const page = await openAt(390, 'fr');
    await page.getByTestId('rfm-group').first().click({ timeout: 60_000 });
    const grid = page.locator('.rfm-grid');
    await grid.locator('.cell.faded').first().waitFor();
    // Faded by opacity, the counts and names fell to about 2:1 whatever the colours; the contrast is measured below.
    const seeThrough = await grid.evaluate(
      (element) =>
        [...element.querySelectorAll('.cell')].filter((cell) => Number(getComputedStyle(cell).opacity) < 1).length,
    );
    expect(seeThrough).toBe(0);
    expect(await lowContrast(page, '.rfm-grid')).toEqual([]);
    await page.close();
  });

  it('keeps the RFM grid in view beside the groups while they scroll by on a wide screen', async () => {
    const page = await openAt(1280, 'en');
    const lastGroup = page.getByTestId('rfm-group').last();
    await lastGroup.waitFor({ timeout: 60_000 });
    // Before: the grid scrolled away with the page, leaving an empty column beside the last groups.
    await lastGroup.scrollIntoViewIfNeeded();
    const inView = (box: { y: number; height: number } | null) =>
      box !== null && box.y >= 0 && box.y + box.height <= 800;
    expect(inView(await lastGroup.boundingBox())).toBe(true);
    expect(inView(await page.locator('.rfm-grid').boundingBox())).toBe(true);
    await page.close();
  });

  it('keeps the page within a phone’s width with the browser’s text size at 150 %', async () => {
    const page = await openAt(390, 'fr');
    // What a larger default font size in the browser's settings does: every rem grows by half.
    await page.addStyleTag({ content: 'html { font-size: 150% }' });
    await page.getByTestId('fit-parameters').waitFor({ timeout: 60_000 });
    await page.getByTestId('open-carts').waitFor({ timeout: 60_000 });
    await page.getByTestId('copy-link').click();
    await page.getByTestId('share-link').waitFor();
    // Past the right edge, not inside a box that scrolls sideways itself (a wide table): what a reader would have to
    // scroll the whole page sideways to see; and how far a slide scrolls sideways.
    const wide = () =>
      page.evaluate(() => {
        const slide = document.querySelector('[data-testid="presentation"] main');
        return {
          page: document.documentElement.scrollWidth,
          beyond: [...document.querySelectorAll('button, label, select, h2, h3, li, code')]
            .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
            .filter((element) => {
              for (let at = element.parentElement; at; at = at.parentElement)
                if (getComputedStyle(at).overflowX !== 'visible') return false;
              return true;
            })
            .map((element) => element.textContent!.trim().slice(0, 30)),
          slide: slide ? slide.scrollWidth - slide.clientWidth : 0,
        };
      });
    expect(await wide(), 'the notebook').toEqual({ page: 390, beyond: [], slide: 0 });
    // A chart cell's and the clause builder's selects, as wide as their longest option.
    await page.getByTestId('add-chart').click();
    await page.getByTestId('chart-cell').waitFor();
    await page.getByTestId('segment-cell').locator('summary').click();
    await page.getByTestId('clause-builder').waitFor();
    expect(await wide(), 'a chart cell, the clause builder').toEqual({ page: 390, beyond: [], slide: 0 });
    // The slides' larger type: the behaviour cell's title and queries.
    await page.getByTestId('present').click();
    await page.getByTestId('presentation').waitFor();
    for (let slide = 0; slide < 5; slide++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('presentation').getByTestId('behaviour-cell').getByTestId('segment-open-carts').waitFor();
    expect(await wide(), 'the behaviour slide').toEqual({ page: 390, beyond: [], slide: 0 });
    await page.close();
  });

  it('leaves a table that fits its column out of the tab order', async () => {
    const page = await openAt(1280, 'fr');
    const list = page.getByTestId('behaviour-cell').getByTestId('overdue-customers');
    await list.waitFor({ timeout: 60_000 });
    const wrap = await list.evaluate((table) => {
      const element = table.parentElement!;
      return {
        fits: element.scrollWidth <= element.clientWidth,
        role: element.getAttribute('role'),
        tab: element.tabIndex,
      };
    });
    expect(wrap).toEqual({ fits: true, role: null, tab: -1 });
    await page.close();
  });

  it.each(['fr', 'nl'])(
    'fits the customer table’s rows to their two lines at 150 % text on a phone, scrolling sideways rather than squeezing a column (%s)',
    async (language) => {
      const page = await openAt(390, language);
      await page.addStyleTag({ content: 'html { font-size: 150% }' });
      const table = page.getByTestId('customer-table');
      await table.locator('.spacer [role="row"]:not([aria-disabled="true"])').first().waitFor({ timeout: 60_000 });
      // The boxes a heading's words are drawn in, one per line: none over another heading's, none out of its own box.
      const headings = await headingWords(table.locator('.header [role="columnheader"]'), { checkTop: false });
      expect(headings).toHaveLength(6);
      expect(overlappingHeadings(headings)).toEqual([]);
      expect(headings.filter((heading) => !heading.inside).map((heading) => heading.text)).toEqual([]);
      // The first rows: each starts where the one above ends, its cells' lines within it; no figure, tier or group name
      // cut short (an e-mail address is, by design).
      const rows = await table.evaluate((element) =>
        [...element.querySelectorAll('.spacer [role="row"]')].slice(0, 8).map((row) => {
          const box = row.getBoundingClientRect();
          const cells = [...row.querySelectorAll<HTMLElement>('[role="cell"]')];
          return {
            top: box.top,
            bottom: box.bottom,
            // A cell's box is its line of text, as tall as the line height.
            outside: cells.filter((cell) => {
              const line = cell.getBoundingClientRect();
              return line.top < box.top - 0.5 || line.bottom > box.bottom + 0.5;
            }).length,
            cut: cells
              .filter((cell, i) => i !== 0)
              .filter((cell) => cell.scrollWidth > cell.clientWidth)
              .map((cell) => cell.textContent),
          };
        }),
      );
      expect(rows.flatMap((row) => row.cut)).toEqual([]);
      expect(rows.map((row) => row.outside)).toEqual(rows.map(() => 0));
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.top, `row ${i}`).toBeCloseTo(rows[i - 1]!.bottom, 1);
      // Wider than the phone: the rows scroll sideways in the box that scrolls them down (its scroll bar in view, a
      // test below), and a row reached by Tab scrolls it with the arrow keys, as a wide table's named tab stop does.
      const body = table.locator('.body');
      expect(await body.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
      await table.locator('.spacer [role="row"][tabindex="0"]').focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('.customer-table .body')!.scrollLeft > 0, null, {
        polling: 'raf',
      });
      await body.evaluate((element) => (element.scrollLeft = 0));
      // The rows are placed by their height: the list is as tall as all of them, and End and Page Up land on a row
      // shown whole.
      const total = Number(await table.getAttribute('data-total'));
      const height = await table
        .locator('.spacer [role="row"]')
        .first()
        .evaluate((row) => row.getBoundingClientRect().height);
      expect(await table.locator('.spacer').evaluate((spacer) => spacer.getBoundingClientRect().height)).toBeCloseTo(
        total * height,
        0,
      );
      const shownWhole = () =>
        page.evaluate(() => {
          const row = document.activeElement!.getBoundingClientRect();
          const body = document.activeElement!.closest('.body')!.getBoundingClientRect();
          return {
            row: document.activeElement!.getAttribute('aria-rowindex'),
            whole: row.top >= body.top - 0.5 && row.bottom <= body.bottom + 0.5,
          };
        });
      await table.locator('.spacer [role="row"]').first().focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        (last) => document.activeElement?.getAttribute('aria-rowindex') === last,
        String(total + 1),
      );
      expect(await shownWhole()).toEqual({ row: String(total + 1), whole: true });
      await page.keyboard.press('PageUp');
      const rowsInView = await table
        .locator('.body')
        .evaluate((body, height) => Math.floor(body.clientHeight / height), height);
      expect(await shownWhole()).toEqual({ row: String(total + 1 - (rowsInView - 1)), whole: true });
      await page.close();
    },
    90_000,
  );

  it('keeps the customer table’s headings whole above its rows at 150 % text on a wide screen', async () => {
    const page = await openAt(1280, 'fr');
    await page.addStyleTag({ content: 'html { font-size: 150% }' });
    const table = page.getByTestId('customer-table');
    await table.locator('.spacer [role="row"]').first().waitFor({ timeout: 60_000 });
    const overrun = await table.evaluate((element) => {
      const header = element.querySelector('.header')!.getBoundingClientRect();
      const body = element.querySelector('.body')!.getBoundingClientRect();
      return [...element.querySelectorAll('.header [role="columnheader"]')]
        .filter((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const drawn = range.getBoundingClientRect();
          return drawn.bottom > header.bottom + 0.5 || drawn.bottom > body.top + 0.5;
        })
        .map((cell) => cell.textContent!.trim());
    });
    expect(overrun).toEqual([]);
    await page.close();
  });

  it.each([
    ['fr', 390, 1.5],
    ['nl', 390, 1],
    ['fr', 1280, 1.5],
    ['en', 1280, 1],
  ])(
    'lines up the prediction tiers’ counts and ranges from row to row, within the card, a range on two lines at most (%s, %i px, text × %d)',
    async (language, width, scale) => {
      const page = await openAt(width, language);
      await page.addStyleTag({ content: `html { font-size: ${scale * 100}% }` });
      await page.getByTestId('prediction-tier').first().waitFor({ timeout: 60_000 });
      const lists = await page.locator('.prediction-tiers section').evaluateAll((sections) =>
        sections.map((section) => {
          const rows = [...section.querySelectorAll('[data-testid="prediction-tier"]')];
          const textBox = (element: Element) => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const rects = [...range.getClientRects()].filter((box) => box.width > 0);
            return {
              left: Math.round(Math.min(...rects.map((box) => box.left))),
              right: Math.round(Math.max(...rects.map((box) => box.right))),
              lines: new Set(rects.map((box) => Math.round(box.top))).size,
            };
          };
          const columns = rows.map((row) => [...row.children].map(textBox));
          const { left, right } = section.getBoundingClientRect();
          return {
            outside: columns.flat().filter((text) => text.left < left - 0.5 || text.right > right + 0.5).length,
            // How many different positions each column's text takes from row to row: one when they line up.
            aligned: [
              new Set(columns.map((cells) => cells[0]!.left)).size,
              new Set(columns.map((cells) => cells[1]!.right)).size,
              new Set(columns.map((cells) => cells[2]!.left)).size,
            ],
            rangeLines: Math.max(...columns.map((cells) => cells[2]!.lines)),
          };
        }),
      );
      expect(lists.map((list) => list.aligned)).toEqual([
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ]);
      expect(lists.filter((list) => list.rangeLines > 2)).toEqual([]);
      expect(lists.map((list) => list.outside)).toEqual([0, 0, 0]);
      await page.close();
    },
    90_000,
  );

  it.each([
    ['nl', 390],
    ['fr', 1280],
  ])(
    'keeps the open carts’ column headings in view while the table scrolls down (%s, %i px)',
    async (language, width) => {
      const page = await openAt(width, language);
      const carts = page.getByTestId('open-carts');
      await carts.waitFor({ timeout: 60_000 });
      const wrap = carts.locator('xpath=..');
      await wrap.scrollIntoViewIfNeeded();
      // What is drawn at the middle of each heading's part in the box, scrolled down and then to either end: the
      // heading itself, not a cart's row under it.
      const hidden: string[] = [];
      for (const end of ['start', 'end']) {
        await wrap.evaluate((element, end) => {
          element.scrollTop = 200;
          element.scrollLeft = end === 'start' ? 0 : element.scrollWidth;
        }, end);
        hidden.push(
          ...(await wrap.evaluate((element) => {
            const box = element.getBoundingClientRect();
            const [left, right] = [box.left + element.clientLeft, box.left + element.clientLeft + element.clientWidth];
            return [...element.querySelectorAll('thead th')]
              .map((th) => ({ th, cell: th.getBoundingClientRect() }))
              .filter(({ cell }) => Math.min(cell.right, right) - Math.max(cell.left, left) > 4)
              .filter(({ th, cell }) => {
                const x = (Math.max(cell.left, left) + Math.min(cell.right, right)) / 2;
                const y = cell.top + cell.height / 2;
                return y < box.top || !th.contains(document.elementFromPoint(x, y));
              })
              .map(({ th }) => th.textContent!.trim());
          })),
        );
      }
      expect(await wrap.evaluate((element) => element.scrollTop)).toBe(200);
      expect(hidden).toEqual([]);
      await page.close();
    },
  );

  it('gives the first-time customers’ explanation the card’s whole width on a phone', async () => {
    const page = await openAt(390, 'fr');
    const card = page.locator('.tiers .first-time');
    await card.waitFor({ timeout: 60_000 });
    const widths = await card.evaluate((button) => {
      const style = getComputedStyle(button);
      const inner = button.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      return {
        inner: Math.round(inner),
        help: Math.round(button.querySelector('.muted')!.getBoundingClientRect().width),
      };
    });
    expect(widths.help).toBe(widths.inner);
    await page.close();
  });

  it.each([390, 1280])(
    'rings the focused customer row in the page’s focus style, inside the table’s box (%i px)',
    async (width) => {
      const page = await openAt(width, 'en');
      const rows = page.getByTestId('customer-table').locator('.spacer [role="row"]');
      await rows.first().waitFor({ timeout: 60_000 });
      const ring = (element: Element) => {
        const style = getComputedStyle(element);
        return {
          style: style.outlineStyle,
          color: style.outlineColor,
          width: style.outlineWidth,
          offset: style.outlineOffset,
        };
      };
      // The page's other keyboard focus: a button reached by Tab.
      await page.getByTestId('copy-link').focus();
      const button = await page.getByTestId('copy-link').evaluate(ring);
      expect(button.style).toBe('solid');
      await rows.first().focus();
      await page.keyboard.press('ArrowDown');
      const row = await page.locator('[role="row"]:focus').evaluate(ring);
      expect(row).toMatchObject({ style: button.style, color: button.color, width: button.width });
      // The row fills the box that scrolls it, which would clip a ring drawn outside: it is drawn inside the row.
      expect(Number.parseFloat(row.offset)).toBeLessThanOrEqual(-Number.parseFloat(button.width));
      await page.close();
    },
  );

  it.each([
    ['fr', 390, 1.5, 'page'],
    ['nl', 390, 1.5, 'page'],
    ['fr', 1280, 1.5, 'page'],
    ['en', 1280, 1, 'page'],
    ['en', 1366, 1, 'slide'],
  ])(
    'lines up the spend tiers’ names, counts, ranges and revenue shares from row to row (%s, %i px, text × %d, %s)',
    async (language, width, scale, shown) => {
      const page = await openAt(width, language);
      await page.addStyleTag({ content: `html { font-size: ${scale * 100}% }` });
      await page.getByTestId('tier-HIGH').waitFor({ timeout: 60_000 });
      let scope = page.locator('body');
      if (shown === 'slide') {
        // The trainer's big screen: the tiers cell in the slides' larger type.
        await page.getByTestId('present').click();
        scope = page.getByTestId('presentation');
        while (!(await scope.getByTestId('tier-HIGH').count())) await page.keyboard.press('ArrowRight');
      }
      const rows = await scope.locator('.tiers ul .tier').evaluateAll((buttons) =>
        buttons.map((button) =>
          [...button.children].map((child) => {
            const range = document.createRange();
            range.selectNodeContents(child);
            const rects = [...range.getClientRects()].filter((box) => box.width > 0);
            return {
              left: Math.round(Math.min(...rects.map((box) => box.left))),
              right: Math.round(Math.max(...rects.map((box) => box.right))),
              top: Math.round(Math.min(...rects.map((box) => box.top))),
            };
          }),
        ),
      );
      expect(rows).toHaveLength(3);
      // How many different places each column's text starts at (a name, a range) or ends at (a count, a share of
      // revenue: figures, their digits aligned on the right), from row to row: one when they line up.
      const edges = (['left', 'right', 'left', 'right'] as const).map(
        (edge, column) => new Set(rows.map((cells) => cells[column]![edge])).size,
      );
      expect(edges).toEqual([1, 1, 1, 1]);
      // Side by side on a line, the name ends before the count starts (no "MEDIUM1,978").
      const touching = rows.filter(([name, count]) => name!.top === count!.top && name!.right >= count!.left);
      expect(touching).toEqual([]);
      await page.close();
    },
  );

  it.each(['fr', 'nl', 'en'])(
    'shows every RFM group’s name whole in the customer table at a phone’s width (%s)',
    async (language) => {
      const page = await openAt(390, language);
      const table = page.getByTestId('customer-table');
      await table.locator('.spacer [role="row"]').first().waitFor({ timeout: 60_000 });
      const groups = page.getByTestId('rfm-group');
      const cut: string[] = [];
      for (let i = 0; i < (await groups.count()); i++) {
        const name = (await groups.nth(i).locator('.name').textContent())!.replaceAll('\u00ad', '');
        await groups.nth(i).click();
        // The table's first row, once it lists the group picked: its group cell shows the whole name.
        const cell = table
          .locator('.spacer [role="row"]:not([aria-disabled="true"]) [role="cell"]:nth-child(5)')
          .first();
        await page.waitForFunction(
          (name) =>
            document
              .querySelector('[data-testid="customer-table"] .spacer [role="row"] [role="cell"]:nth-child(5)')
              ?.textContent?.replaceAll('\u00ad', '') === name,
          name,
          { polling: 'raf' },
        );
        if (await cell.evaluate((element) => element.scrollWidth > element.clientWidth)) cut.push(name);
        await groups.nth(i).click();
      }
      expect(cut).toEqual([]);
      await page.close();
    },
    90_000,
  );

  it.each(['fr', 'nl'])(
    'keeps the customer table’s scroll bar in view at 150 % text on a phone, the headings following the rows sideways (%s)',
    async (language) => {
      const page = await openAt(390, language);
      await page.addStyleTag({ content: 'html { font-size: 150% }' });
      const table = page.getByTestId('customer-table');
      await table.locator('.spacer [role="row"]:not([aria-disabled="true"])').first().waitFor({ timeout: 60_000 });
      // The box that scrolls the rows down, and so holds their scroll bar, on its right edge: within the card's box
      // and the screen, not out past them with the columns that need scrolling sideways to.
      const box = await table.locator('.body').evaluate((body) => ({
        scrolls: body.scrollHeight > body.clientHeight,
        right: body.getBoundingClientRect().right,
        card: body.closest('.table-wrap')!.getBoundingClientRect().right,
        screen: innerWidth,
      }));
      expect(box.scrolls).toBe(true);
      expect(box.right).toBeLessThanOrEqual(Math.min(box.card, box.screen) + 0.5);
      // Scrolled sideways to the end, the tier's heading stands over the tiers, in view.
      await table.locator('.body').evaluate((body) => body.scrollTo({ left: body.scrollWidth }));
      // The headings follow on the scroll event, which the browser fires at the frame after the scroll (a race CI lost).
      await page.waitForFunction(
        () => {
          const body = document.querySelector('.customer-table .body')!;
          const headings = document.querySelector('.customer-table .header-box')!;
          return body.scrollLeft > 0 && headings.scrollLeft === body.scrollLeft;
        },
        null,
        { polling: 'raf', timeout: 5_000 },
      );
      const tier = await table.evaluate((element) => {
        const headings = [...element.querySelectorAll('.header [role="columnheader"]')];
        const heading = headings[headings.length - 1]!.getBoundingClientRect();
        const cells = element.querySelectorAll('.spacer [role="row"]:not(.probe) [role="cell"]');
        const cell = cells[cells.length - 1]!.getBoundingClientRect();
        const body = element.querySelector('.body')!.getBoundingClientRect();
        return {
          heading: Math.round(heading.right),
          cell: Math.round(cell.right),
          inView: heading.right <= body.right + 0.5,
        };
      });
      expect(tier).toEqual({ heading: tier.cell, cell: tier.cell, inView: true });
      await page.close();
    },
    90_000,
  );
});
