/**
 * The engine lock-down in real Chromium: DuckDB-WASM started and locked down by the app's own code path
 * (workers/openDuckDb.ts, through a test-only harness page on Vite's dev server) refuses URLs, extension loading, ATTACH,
 * COPY … TO, other paths and any attempt to undo the settings, while the upload directory stays readable. The native
 * CLI side is src/core/sql/lockdown.test.ts; user text reaching SQL at all is covered by the segment tests.
 */
import { expect, it } from 'vitest';
import { useDevServer } from './builtApp';

const dev = useDevServer();

it('refuses every way out of the sandbox from DuckDB-WASM, and still reads uploads', async () => {
  const page = await dev.browser.newPage();
  const requests: string[] = [];
  page.context().on('request', (request) => requests.push(request.url()));
  const origin = new URL(dev.url).origin;
  await page.goto(`${origin}/tests/e2e/harness/lockdown.html`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'starting', null, {
    timeout: 60_000,
  });
  expect(await page.locator('#status').textContent()).toBe('done');
  const results = await page.evaluate(() => (window as unknown as { __results: Record<string, string> }).__results);
  expect(Object.keys(results)).toHaveLength(16);
  for (const [sql, outcome] of Object.entries(results)) expect(outcome, sql).toMatch(/^refused: /);
  // DuckDB-WASM itself would run INSTALL as a no-op after the lock-down (it downloads only on LOAD): the executor
  // refuses install, load and attach statements before the engine sees them (src/core/sql/lockdown.ts).
  expect(results['INSTALL httpfs']).toBe(
    'refused: Permission Error: INSTALL statements are never run: the engine is locked down',
  );
  // Everything else is refused by DuckDB's own lock-down settings.
  expect(results["SELECT * FROM read_csv('https://example.com/x.csv')"]).toMatch(/^refused: Permission Error/);
  expect(results["COPY (SELECT 1) TO '/other/out.csv'"]).toMatch(/^refused: Permission Error/);
  expect(results['SET enable_external_access = true']).toMatch(/locked/);
  expect(await page.evaluate(() => (window as unknown as { __allowedRows: number }).__allowedRows)).toBe(1);
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  await page.close();
}, 90_000);
