/**
 * `npm run bench`: issue 3's speed targets, measured in headless Debian Chromium and on native DuckDB.
 * Not a test: it prints and records figures (bench/results/latest.json, bench/README.md).
 *   npm run bench -- --sizes 100000,1000000   (default 100000,1000000,5000000)
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '../tests/e2e/browser';
import { serveStatic } from '../tests/e2e/staticServer';
import { importWithNode } from '../tests/nodeImport';
import { ensureShopifyFile } from './generate';

const root = resolve(import.meta.dirname, '..');
const sizesFlag = process.argv.indexOf('--sizes');
const sizes = (sizesFlag > 0 ? process.argv[sizesFlag + 1] : '100000,1000000,5000000').split(',').map(Number);

interface Row {
  lineRows: number;
  fileMB: number;
  orders: number;
  engineReadyMs: number;
  browserImportMs: number | null;
  workerMs: number | null;
  renderMs: number | null;
  nativeMs: number;
  ratio: number | null;
  customers: number | null;
  overviewMs: number | null;
  rescoreMs: number | null;
  predictionMs: number | null;
  note: string;
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

async function main(): Promise<void> {
  console.log('building the app…');
  execSync('npm run --silent build', { cwd: root, stdio: 'ignore' });
  const server = await serveStatic(resolve(root, 'dist'), { basePath: '/segmentlab/' });
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      const file = resolve(root, `bench/data/shopify-${label(size)}.csv`);
      console.log(`generating ${file}…`);
      await ensureShopifyFile(file, size);
      const lineRows = Number(execSync(`wc -l < '${file}'`).toString()) - 1;
      const native = await timeNative(file);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      let row: Row;
      try {
        await page.goto(server.url);
        await page.getByTestId('data-summary').waitFor({ timeout: 60_000 });
        const engineReadyMs = await page.evaluate(() => performance.getEntriesByName('engine-ready')[0].startTime);
        // Let the demo's own analysis finish first: the engine runs one request at a time.
        await page.waitForFunction(() => performance.getEntriesByName('prediction').length >= 1, null, {
          timeout: 60_000,
        });
        await page.getByTestId('file-input').setInputFiles(file);
        await page.waitForFunction(() => performance.getEntriesByName('import-to-summary').length >= 2, null, {
          timeout: 600_000,
          polling: 50,
        });
        // Issue 4: tables ready → customer overview rendered, then a cut-off change (5 → 3 score levels).
        await page.waitForFunction(() => performance.getEntriesByName('analysis-to-overview').length >= 2, null, {
          timeout: 600_000,
          polling: 50,
        });
        const overviewMs = await page.evaluate(() => performance.getEntriesByName('analysis-to-overview')[1].duration);
        // Issue 5: BG/NBD + Gamma-Gamma fit and per-customer scoring (the demo's run is the first measure).
        await page.waitForFunction(() => performance.getEntriesByName('prediction').length >= 2, null, {
          timeout: 600_000,
          polling: 50,
        });
        const predictionMs = await page.evaluate(() => performance.getEntriesByName('prediction')[1].duration);
        const customers = Number(await page.getByTestId('model-customers').getAttribute('data-value'));
        await page.getByTestId('rfm-levels').selectOption('3');
        await page.waitForFunction(() => performance.getEntriesByName('rescore-to-overview').length >= 1, null, {
          timeout: 120_000,
          polling: 20,
        });
        const rescoreMs = await page.evaluate(() => performance.getEntriesByName('rescore-to-overview')[0].duration);
        const [, measure] = await page.evaluate(() =>
          performance.getEntriesByName('import-to-summary').map((m) => ({
            duration: m.duration,
            workerMs: (m as PerformanceMeasure).detail.workerMs as number,
          })),
        );
        row = {
          lineRows,
          fileMB: statSync(file).size / 1e6,
          orders: native.orders,
          engineReadyMs,
          browserImportMs: measure.duration,
          workerMs: measure.workerMs,
          renderMs: measure.duration - measure.workerMs,
          nativeMs: native.ms,
          ratio: measure.duration / native.ms,
          customers,
          overviewMs,
          rescoreMs,
          predictionMs,
          note: '',
        };
      } catch (error) {
        row = {
          lineRows,
          fileMB: statSync(file).size / 1e6,
          orders: native.orders,
          engineReadyMs: NaN,
          browserImportMs: null,
          workerMs: null,
          renderMs: null,
          nativeMs: native.ms,
          ratio: null,
          customers: null,
          overviewMs: null,
          rescoreMs: null,
          predictionMs: null,
          note: `browser failed: ${(error as Error).message.split('\n')[0]}`,
        };
      } finally {
        await page.close();
      }
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  record(rows);
}

async function timeNative(file: string): Promise<{ ms: number; orders: number }> {
  const started = performance.now();
  const summary = await importWithNode(file);
  return { ms: performance.now() - started, orders: summary.orders };
}

function record(rows: Row[]): void {
  const machine = `${execSync('nproc').toString().trim()} cores, Chromium ${execSync('chromium --version').toString().trim().split(' ')[1]}, Node ${process.version}`;
  mkdirSync(resolve(root, 'bench/results'), { recursive: true });
  writeFileSync(
    resolve(root, 'bench/results/latest.json'),
    JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2),
  );
  const ms = (v: number | null) => (v === null || Number.isNaN(v) ? '—' : `${Math.round(v)} ms`);
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
    '',
    '| line rows | file | orders | customers | engine ready | drop → summary rendered (browser) | of which worker import | native import (CLI path) | browser / native | tables → customer overview rendered | cut-off change re-rendered | CLV fit + scoring every customer | note |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.lineRows.toLocaleString('en-US')} | ${r.fileMB.toFixed(0)} MB | ${r.orders.toLocaleString('en-US')} | ${r.customers?.toLocaleString('en-US') ?? '—'} | ${ms(r.engineReadyMs)} | ${ms(r.browserImportMs)} | ${ms(r.workerMs)} | ${ms(r.nativeMs)} | ${r.ratio === null ? '—' : r.ratio.toFixed(2) + '×'} | ${ms(r.overviewMs)} | ${ms(r.rescoreMs)} | ${ms(r.predictionMs)} | ${r.note} |`,
    ),
  ].join('\n');
  const readmePath = resolve(root, 'bench/README.md');
  const readme = readFileSync(readmePath, 'utf8');
  writeFileSync(
    readmePath,
    readme.replace(
      /<!-- results:start -->[\s\S]*<!-- results:end -->/,
      `<!-- results:start -->\n${table}\n<!-- results:end -->`,
    ),
  );
  console.log(table);
}

await main();
