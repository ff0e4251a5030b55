/**
 * Requests made while the engine is busy with a long job. The job is made long by serving the engine worker with the
 * signals' first statement slowed down (a sum over 40 million hashes that adds zero).
 * - A file dropped meanwhile goes ahead of the work queued about the current data (workers/requestQueue.ts): it waits
 *   for the running job only, says so, and the queued work the new file makes void is dropped.
 * - A rule changed again before the signals of the previous change are back: the first run ends cancelled while the
 *   second still runs, and the cell keeps showing that it is computing (src/ui/signals/behaviourState.svelte.ts).
 * - An export asked for while a new file is read is about the data the file replaces: it is not made, and the panel
 *   says so.
 */
import { expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { openWithPlantedWorker } from './plantedWorker';
import { shared } from '../fixtures/files';

const app = useBuiltApp();

/** Text of the signals' order-history statement (src/core/models/signals/orderHistory.ts), kept verbatim by the build. */
const HISTORY_STEP = 'sum(discount_amount) AS discount_amount_total';
const SLOWED =
  'sum(discount_amount) + CAST((SELECT sum(hash(i) % 7) * 0 FROM range(40000000) r(i)) AS DOUBLE) ' +
  'AS discount_amount_total';

/** The demo shop in a page whose engine worker computes the signals slowly. */
function openSlowed() {
  return openWithPlantedWorker(app.browser, app.server.url, HISTORY_STEP, SLOWED);
}

it('reads a file dropped during the signals right after them, ahead of the old data’s queued predictions', async () => {
  const { context, page } = await openSlowed();
  // The demo shop's signals are computing their first step: the predictions, asked for after the table's first
  // page, wait behind them.
  await page.getByTestId('behaviour-step').and(page.locator('[data-step="history"]')).waitFor();
  const predictions = () => page.evaluate(() => performance.getEntriesByName('prediction').length);
  expect(await predictions()).toBe(0);

  // Every frame from the drop on: the import's progress line.
  await page.evaluate(() => {
    const lines: string[] = [];
    Object.assign(window, { progressShown: lines });
    const record = () => {
      const line = document.querySelector('[data-testid="import-progress"]')?.textContent?.replace(/\s+/g, ' ').trim();
      if (line && lines.at(-1) !== line) lines.push(line);
      requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  await page.getByTestId('file-input').setInputFiles(shared('shopify_orders_export_forezia_devstore.csv'));
  await page.locator('[data-testid="orders"][data-value="19"]').waitFor();
  const progress = await page.evaluate(() => (window as unknown as { progressShown: string[] }).progressShown);
  // The page says "Recognising the file" as it hands the file over; the engine answers that it waits first.
  const waiting = progress.findIndex((line) => line.includes('Waiting for the analysis under way to finish'));
  expect(waiting, progress.join(' | ')).toBeGreaterThanOrEqual(0);
  expect(progress.slice(waiting + 1).some((line) => line.includes('Recognising the file'))).toBe(true);
  // The demo shop's predictions, queued before the drop, never ran: the file went ahead of them, and the new data
  // made them void.
  expect(await predictions()).toBe(0);

  // The new file's model, signals and predictions follow, with no failure reported on the way.
  await page.locator('[data-testid="model-customers"][data-value="3"]').waitFor();
  await page.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  await page.waitForFunction(() => performance.getEntriesByName('prediction').length === 1);
  expect(await page.getByRole('alert').count()).toBe(0);
  await context.close();
}, 120_000);

it('keeps showing that the signals are computing when a rule changes again before they are back', async () => {
  const { context, page } = await openSlowed();
  const cell = page.getByTestId('behaviour-cell');
  await cell.getByTestId('overdue-count').waitFor();
  await cell.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  const runsDone = () => page.evaluate(() => performance.getEntriesByName('behaviour').length);
  const done = await runsDone();
  const ratio = cell.getByTestId('overdue-ratio');
  await ratio.fill('1,5');
  await ratio.press('Enter');
  await cell.getByTestId('behaviour-step').waitFor();
  // Every frame from the first change's progress on: is the cell's spinner there, and how many runs have come back.
  await page.evaluate(() => {
    const frames: [boolean, number][] = [];
    Object.assign(window, { behaviourFrames: frames });
    const record = () => {
      const spinning = document.querySelector('[data-testid="behaviour-cell"] .card-head .spinner') !== null;
      frames.push([spinning, performance.getEntriesByName('behaviour').length]);
      requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  });
  await ratio.fill('1,25');
  await ratio.press('Enter');
  // The first run is superseded and never comes back; the second does.
  await page.waitForFunction((before) => performance.getEntriesByName('behaviour').length > before, done);
  await cell.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  expect(await runsDone()).toBe(done + 1);
  const frames = await page.evaluate(
    () => (window as unknown as { behaviourFrames: [boolean, number][] }).behaviourFrames,
  );
  const whileComputing = frames.filter(([, runs]) => runs === done);
  expect(whileComputing.length).toBeGreaterThan(0);
  expect(whileComputing.filter(([spinning]) => !spinning).length).toBe(0);
  // The rule in force is the last one typed, shown in the page's English number format.
  expect(await ratio.inputValue()).toBe('1.25');
  expect(await page.getByRole('alert').count()).toBe(0);
  await context.close();
}, 120_000);

it('says that an export asked for while a new file is read was not made', async () => {
  const { context, page } = await openSlowed();
  await page.locator('[data-testid="model-customers"]').waitFor();
  await page.getByTestId('segment-query').fill("spend_tier = 'HIGH'");
  await page.keyboard.press('Escape');
  let downloads = 0;
  page.on('download', () => downloads++);
  // Asked for right after the file: the export waits behind the import, and is about the data the import replaces.
  await page.getByTestId('file-input').setInputFiles(shared('shopify_orders_export_forezia_devstore.csv'));
  await page.getByTestId('export-customers').click();
  await page.locator('[data-testid="orders"][data-value="19"]').waitFor();
  await page.getByTestId('export-message').waitFor();
  expect(await page.getByTestId('export-message').textContent()).toBe(
    'Not exported: a new file was loaded before the export could run. Export again for the new file’s customers.',
  );
  expect(downloads).toBe(0);
  await context.close();
}, 120_000);
