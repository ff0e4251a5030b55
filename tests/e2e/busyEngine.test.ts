/**
 * Requests made while the engine is busy with a long job. The engine worker is served with each signals run held
 * after it reports its first step, until the test lets it go: the engine stays busy exactly as long as a test needs,
 * however fast or loaded the machine (a slowed statement instead ended, on a CI machine, before the file was dropped).
 * - A file dropped meanwhile goes ahead of the work queued about the current data (workers/requestQueue.ts): it waits
 *   for the running job only, says so, and the queued work the new file makes void is dropped.
 * - A rule changed again before the signals of the previous change are back: the first run stops at once
 *   (workers/engine.worker.ts), and the cell keeps showing that it is computing until the second is back
 *   (src/ui/signals/behaviourState.svelte.ts).
 * - An export asked for while a new file is read is about the data the file replaces: it is not made, and the panel
 *   says so.
 * - An as-of date changed again while the customers of the previous change are still being built: that build stops
 *   at its next statement (workers/engine.worker.ts) instead of building customers nobody waits for, and the signals
 *   asked for about them are dropped. Here the build's second step is held instead of the signals.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { openWithPlantedWorker } from './plantedWorker';
import { shared } from '../fixtures/files';

const app = useBuiltApp();

/** The signals' first step as the build keeps it (src/core/models/signals/signals.ts): `onStep('history')`. */
const FIRST_STEP = '(`history`);';
/** The channel on which the test lets held signals runs go. */
const HOLD_CHANNEL = 'segmentlab-test-signals';
/**
 * After its first step, each signals run waits for a message on HOLD_CHANNEL. The channel is opened just after the
 * step is reported, so once the page shows the step, a message the page posts reaches the held run.
 */
const HELD_STEP = `${FIRST_STEP}await new Promise(go=>{const c=new BroadcastChannel('${HOLD_CHANNEL}');c.onmessage=()=>{c.close();go()}});`;

/** The signals' second step as the build keeps it: `onStep('cadence')`. */
const SECOND_STEP = '(`cadence`);';
/** The channel on which the engine worker says that a signals run has reached its second step. */
const SECOND_STEP_CHANNEL = 'segmentlab-test-cadence';

/**
 * The demo shop in a page whose engine worker holds every signals run at its first step, and says on
 * SECOND_STEP_CHANNEL when a run reaches its second.
 */
function openHeld() {
  return openWithPlantedWorker(app.browser, app.server.url, {
    [FIRST_STEP]: HELD_STEP,
    [SECOND_STEP]: `${SECOND_STEP}new BroadcastChannel('${SECOND_STEP_CHANNEL}').postMessage(0);`,
  });
}

/** Waits until a signals run shows its first step, where it is held. */
function heldAtFirstStep(page: Page) {
  return page.getByTestId('behaviour-step').and(page.locator('[data-step="history"]')).waitFor();
}

/** Lets the signals runs held now go on; with `always`, every run from now on too. */
function releaseSignals(page: Page, always = false) {
  return letGo(page, HOLD_CHANNEL, always);
}

/** Lets the work held on `channelName` now go on; with `always`, all held on it from now on too. */
function letGo(page: Page, channelName: string, always: boolean) {
  return page.evaluate(
    ([channelName, always]) => {
      const channel = new BroadcastChannel(channelName);
      if (always) setInterval(() => channel.postMessage('go'), 50);
      else {
        channel.postMessage('go');
        channel.close();
      }
    },
    [channelName, always] as const,
  );
}

it('reads a file dropped during the signals right after them, ahead of the old data’s queued predictions', async () => {
  const { context, page } = await openHeld();
  // The demo shop's signals are held at their first step: the predictions, asked for after the table's first
  // page, wait behind them.
  await heldAtFirstStep(page);
  const predictions = () => page.evaluate(() => performance.getEntriesByName('prediction').length);
  expect(await predictions()).toBe(0);

  await page.getByTestId('file-input').setInputFiles(shared('shopify_orders_export_forezia_devstore.csv'));
  // The page says "Recognising the file" as it hands the file over; the engine answers that it waits first.
  await page
    .getByTestId('import-progress')
    .filter({ hasText: 'Waiting for the analysis under way to finish' })
    .waitFor();
  expect(await predictions()).toBe(0);
  await releaseSignals(page);
  await page.locator('[data-testid="orders"][data-value="19"]').waitFor();
  // The new file's model follows, then its signals, held in turn at their first step, with its predictions behind.
  await page.locator('[data-testid="model-customers"][data-value="3"]').waitFor();
  await heldAtFirstStep(page);
  // The demo shop's predictions, queued before the drop, never ran: the file went ahead of them, and the new data
  // made them void.
  expect(await predictions()).toBe(0);
  // The new file's signals and predictions follow, with no failure reported on the way.
  await releaseSignals(page, true);
  await page.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  await page.waitForFunction(() => performance.getEntriesByName('prediction').length === 1);
  expect(await page.getByRole('alert').count()).toBe(0);
  await context.close();
}, 120_000);

it('keeps showing that the signals are computing when a rule changes again before they are back', async () => {
  const { context, page } = await openHeld();
  const cell = page.getByTestId('behaviour-cell');
  await heldAtFirstStep(page);
  await releaseSignals(page);
  await cell.getByTestId('overdue-count').waitFor();
  await cell.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  const runsDone = () => page.evaluate(() => performance.getEntriesByName('behaviour').length);
  const done = await runsDone();
  // From now on: how many signals runs get past their first step.
  await page.evaluate((channelName) => {
    Object.assign(window, { secondSteps: 0 });
    new BroadcastChannel(channelName).onmessage = () => (window as unknown as { secondSteps: number }).secondSteps++;
  }, SECOND_STEP_CHANNEL);
  const ratio = cell.getByTestId('overdue-ratio');
  await ratio.fill('1,5');
  await ratio.press('Enter');
  // The first change's run is held at its first step until the second change is made.
  await heldAtFirstStep(page);
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
  await releaseSignals(page, true);
  // The first run is superseded and never comes back; the second does. The first stopped as soon as it was let go:
  // only the second got past the first step.
  await page.waitForFunction((before) => performance.getEntriesByName('behaviour').length > before, done);
  await cell.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  expect(await runsDone()).toBe(done + 1);
  expect(await page.evaluate(() => (window as unknown as { secondSteps: number }).secondSteps)).toBe(1);
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
  const { context, page } = await openHeld();
  await page.locator('[data-testid="model-customers"]').waitFor();
  // The engine is busy with the demo shop's signals, so the file is not read before the export is asked for.
  await heldAtFirstStep(page);
  await page.getByTestId('segment-query').fill("spend_tier = 'HIGH'");
  await page.keyboard.press('Escape');
  let downloads = 0;
  page.on('download', () => downloads++);
  // Asked for right after the file: the export waits behind the import, and is about the data the import replaces.
  await page.getByTestId('file-input').setInputFiles(shared('shopify_orders_export_forezia_devstore.csv'));
  await page.getByTestId('export-customers').click();
  await releaseSignals(page, true);
  await page.locator('[data-testid="orders"][data-value="19"]').waitFor();
  await page.getByTestId('export-message').waitFor();
  expect(await page.getByTestId('export-message').textContent()).toBe(
    'Not exported: a new file was loaded before the export could run. Export again for the new file’s customers.',
  );
  expect(downloads).toBe(0);
  await context.close();
}, 120_000);

/** The start of the second step of `customers` (src/core/models/customers.ts), inside its SQL template. */
const COMPLETE_STEP = 'CREATE OR REPLACE TABLE customers AS';
/** The statement right after it, which only a second step that ran reaches. */
const AFTER_COMPLETE_STEP = 'SELECT (SELECT count(*) FROM customers) =';
const HOLD_BUILD_CHANNEL = 'segmentlab-test-build';
const BUILT_CHANNEL = 'segmentlab-test-built';

/** The channel on which the engine worker says that a signals run has started. */
const SIGNALS_STARTED_CHANNEL = 'segmentlab-test-signals-started';

it('stops building customers for an as-of date that a newer one replaced, and drops the signals asked for them', async () => {
  const { context, page } = await openWithPlantedWorker(app.browser, app.server.url, {
    // Interpolations in the statement's template: evaluated, in the async build, before the statement runs.
    [COMPLETE_STEP]: `\${await new Promise(go=>{const c=new BroadcastChannel('${HOLD_BUILD_CHANNEL}');c.onmessage=()=>{c.close();go('')}})}${COMPLETE_STEP}`,
    [AFTER_COMPLETE_STEP]: `\${new BroadcastChannel('${BUILT_CHANNEL}').postMessage(0),''}${AFTER_COMPLETE_STEP}`,
    [FIRST_STEP]: `${FIRST_STEP}new BroadcastChannel('${SIGNALS_STARTED_CHANNEL}').postMessage(0);`,
  });
  await page.evaluate(
    ([built, signals]) => {
      const counts = { builds: 0, signalsRuns: 0 };
      Object.assign(window, { counts });
      new BroadcastChannel(built).onmessage = () => counts.builds++;
      new BroadcastChannel(signals).onmessage = () => counts.signalsRuns++;
    },
    [BUILT_CHANNEL, SIGNALS_STARTED_CHANNEL] as const,
  );
  const counts = () =>
    page.evaluate(() => (window as unknown as { counts: { builds: number; signalsRuns: number } }).counts);
  const measures = (name: string) => page.evaluate((name) => performance.getEntriesByName(name).length, name);
  const release = (always: boolean) => letGo(page, HOLD_BUILD_CHANNEL, always);
  // The demo shop's own build, held at its second step until let go; then its signals.
  await page.waitForFunction(() => performance.getEntriesByName('analysis-to-overview').length === 1);
  await release(false);
  await page.waitForFunction(() => performance.getEntriesByName('behaviour').length === 1);
  expect(await counts()).toEqual({ builds: 1, signalsRuns: 1 });

  const asOf = page.getByTestId('as-of');
  await asOf.fill('2026-03-01');
  // Its overview is on screen, and the signals it sets off wait behind its second step, which is held.
  await page.waitForFunction(() => performance.getEntriesByName('analysis-to-overview').length === 2);
  await asOf.fill('2026-02-01');
  await release(true);
  await page.locator('[data-testid="as-of-badge"][data-value="2026-02-01"]').waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('behaviour').length >= 2);
  await page.getByTestId('behaviour-step').waitFor({ state: 'detached' });
  // Only the newer date's customers were built, and only their signals computed: the superseded build stopped
  // before its second step ran, and the signals asked for it were dropped before they started.
  expect(await counts()).toEqual({ builds: 2, signalsRuns: 2 });
  expect(await measures('analysis-to-overview')).toBe(3);
  expect(await page.getByRole('alert').count()).toBe(0);
  await context.close();
}, 120_000);
