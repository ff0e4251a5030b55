/**
 * `npm run bench:engine -- [DIST] [RUNS]` — engine ready (navigation start → DuckDB started and locked down) for a
 * built site, each run in a freshly started Chromium (a cold page, as the first visit is). The full benchmark takes
 * one such sample per file size; this takes several, to compare two builds on this noisy machine: build each into
 * its own directory and run them one after the other, more than once.
 */
import { resolve } from 'node:path';
import { launchChromium } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/staticServer';

const dist = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../dist'));
const runs = Number(process.argv[3] ?? 3);
const server = await serveStatic(dist, { basePath: '/segmentlab/' });
const readyMs: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(server.url);
      await page.getByTestId('data-summary').waitFor({ timeout: 60_000 });
      readyMs.push(await page.evaluate(() => performance.getEntriesByName('engine-ready')[0].startTime));
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
console.log(`${dist}: engine ready ${readyMs.map((ms) => `${Math.round(ms)} ms`).join(', ')}`);
