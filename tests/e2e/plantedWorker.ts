import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The app opened in a page whose engine worker script is served with `find` (a fragment the build keeps verbatim: a
 * statement's SQL, a step's name) replaced by `replace`: a real DuckDB error or a pause planted at one point of the
 * engine's work.
 * Fails unless the fragment occurs exactly once, so a changed statement cannot leave a test planting nothing.
 */
export async function openWithPlantedWorker(
  browser: Browser,
  url: string,
  find: string,
  replace: string,
): Promise<{ context: Awaited<ReturnType<Browser['newContext']>>; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    // The offline service worker would answer the worker script's request itself, past the route below.
    serviceWorkers: 'block',
  });
  let planted = 0;
  await context.route(/engine\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    planted += body.split(find).length - 1;
    await route.fulfill({ response, body: body.replace(find, replace) });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  expect(planted).toBe(1);
  return { context, page };
}
