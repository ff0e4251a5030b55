import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The app opened in a page whose engine worker script is served with each of `plants`' fragments (kept verbatim by
 * the build: a statement's SQL, a step's name) replaced by its text: a real DuckDB error, a pause or a signal planted
 * at points of the engine's work. Fails unless each fragment occurs exactly once, so a changed statement cannot leave
 * a test planting nothing.
 */
export async function openWithPlantedWorker(
  browser: Browser,
  url: string,
  plants: Record<string, string>,
): Promise<{ context: Awaited<ReturnType<Browser['newContext']>>; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    // The offline service worker would answer the worker script's request itself, past the route below.
    serviceWorkers: 'block',
  });
  const planted: Record<string, number> = {};
  await context.route(/engine\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    let body = await response.text();
    for (const [find, replace] of Object.entries(plants)) {
      planted[find] = (planted[find] ?? 0) + body.split(find).length - 1;
      body = body.replace(find, replace);
    }
    await route.fulfill({ response, body });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(url);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  expect(planted).toEqual(Object.fromEntries(Object.keys(plants).map((find) => [find, 1])));
  return { context, page };
}
