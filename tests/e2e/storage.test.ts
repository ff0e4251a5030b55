/**
 * Device storage end to end: "Forget all data" forgets what the page holds as well as what the browser stored, so
 * nothing deleted comes back through a later save or a "Back to my notebook".
 */
import { expect, it } from 'vitest';
import { useBuiltApp } from './builtApp';
import { encodeShareState } from '../../src/ui/share/shareLink';
import { SAVED, storedValue } from './deviceStore';

const app = useBuiltApp();

it('forgets saved segments on the page too: a later save does not write them back', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  // A link with a segment, so that there is also a "Back to my notebook" that could bring things back.
  await page.goto(`${app.server.url}#${await encodeShareState({ v: 1, segments: { Old: "spend_tier = 'HIGH'" } })}`);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Back to my notebook' }).waitFor();
  expect(await storedValue(page, 'segments')).toEqual({ Old: "spend_tier = 'HIGH'" });

  await page.getByTestId('forget-all').click();
  await page.getByTestId('forget-all-confirm').click();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="storage-message"]')?.textContent?.startsWith('Everything'),
  );
  expect(await page.getByRole('button', { name: 'Back to my notebook' }).count()).toBe(0);

  await page.getByTestId('segment-query').fill("spend_tier = 'LOW'");
  await page.getByTestId('segment-name').fill('New');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect.poll(() => storedValue(page, 'segments'), SAVED).toEqual({ New: "spend_tier = 'LOW'" });
  await page.getByTestId('add-compare').click();
  expect(await page.getByTestId('compare-cell').textContent()).not.toContain('Old');
  await context.close();
}, 90_000);

it('forgets notebooks and segments where the browser refuses its private file system (Firefox private windows)', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  // Firefox's private windows refuse navigator.storage.getDirectory() with a SecurityError.
  await context.addInitScript(() => {
    StorageManager.prototype.getDirectory = () =>
      Promise.reject(new DOMException('The request is not allowed.', 'SecurityError'));
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(app.server.url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await page.getByTestId('segment-query').fill("spend_tier = 'HIGH'");
  await page.getByTestId('segment-name').fill('VIP');
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect.poll(() => storedValue(page, 'segments'), SAVED).toEqual({ VIP: "spend_tier = 'HIGH'" });

  await page.getByTestId('forget-all').click();
  await page.getByTestId('forget-all-confirm').click();
  await page.getByTestId('storage-message').waitFor();
  expect(await page.getByTestId('storage-message').textContent()).toBe(
    'Everything this app kept on this device is deleted.',
  );
  expect(await storedValue(page, 'segments')).toBeUndefined();
  await context.close();
}, 90_000);

it('keeps a long saved segment across a reload: the query box takes no more than storage keeps', async () => {
  const context = await app.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(app.server.url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  // 100 clauses "number_of_orders >= 1" joined by " AND ": 100 × 21 + 99 × 5 = 2,595 characters, past the 2,000 a
  // saved query may hold (SEGMENT_LIMITS).
  const long = Array.from({ length: 100 }, () => 'number_of_orders >= 1').join(' AND ');
  expect(long.length).toBe(2_595);
  await page.getByTestId('segment-query').fill(long);
  const kept = await page.getByTestId('segment-query').inputValue();
  await page.getByTestId('segment-name').fill('Long');
  await page.getByTestId('segment-query').fill(kept.slice(0, kept.lastIndexOf(' AND ')));
  const saved = await page.getByTestId('segment-query').inputValue();
  await page.getByRole('button', { name: 'Save segment' }).click();
  await expect.poll(() => storedValue(page, 'segments'), SAVED).toEqual({ Long: saved });

  await page.reload();
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await page.getByTestId('add-compare').click();
  expect(await page.getByTestId('compare-cell').locator('code').allTextContents()).toEqual([saved]);
  // The box took 2,000 characters; whole clauses of them are 76 clauses and 75 ANDs: 76 × 21 + 75 × 5 = 1,971.
  expect(saved.length).toBe(1_971);
  await context.close();
}, 90_000);
