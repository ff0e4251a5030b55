/**
 * Offline after the first visit, against `vite preview` of the built site: once the service worker is active and
 * the engine's wasm is cached, a reload with the network switched off still starts the engine and shows the demo.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { DIST } from './builtApp';
import { serveStatic } from './staticServer';

const root = resolve(import.meta.dirname, '../..');
let server: PreviewServer;
let browser: Browser;

beforeAll(async () => {
  server = await preview({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    // The build under test: dist/, or the one SEGMENTLAB_DIST names.
    build: { outDir: DIST },
    preview: { port: 0, host: '127.0.0.1' },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => server?.httpServer.close(() => done()));
});

it('reloads and works with the network off after one visit', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(server.resolvedUrls!.local[0]);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => (await (await caches.open('segmentlab-wasm')).keys()).length === 1, null, {
    timeout: 30_000,
    polling: 250,
  });
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 30_000 });
  expect(await page.getByRole('heading', { name: 'Demo shop' }).count()).toBe(1);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.close();
}, 90_000);

it('keeps one copy of the engine’s wasm: the copy an older build cached is deleted', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const wasmKeys = () =>
    page.evaluate(async () =>
      (await (await caches.open('segmentlab-wasm')).keys()).map((request) => new URL(request.url).pathname),
    );
  await page.goto(server.resolvedUrls!.local[0]);
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await expect.poll(wasmKeys, { timeout: 30_000, interval: 250 }).toHaveLength(1);
  const [current] = await wasmKeys();
  // What an earlier deployment left: its DuckDB wasm under another content hash (35–40 MB each in real life).
  await page.evaluate(async () =>
    (await caches.open('segmentlab-wasm')).put('./assets/duckdb-eh-0ldBu1ld.wasm', new Response('old build')),
  );
  expect(await wasmKeys()).toHaveLength(2);
  await page.reload();
  await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
  await expect.poll(wasmKeys, { timeout: 30_000, interval: 250 }).toEqual([current]);
  await context.close();
}, 90_000);

it('keeps serving an open page of the previous build its own files after a new build takes over', async () => {
  // Two deployments of one site: the previous one (this build with an extra lazily loaded file and its own
  // index.html and cache name), then this build. The host serves whichever `site` points at.
  const scratch = mkdtempSync(join(tmpdir(), 'segmentlab-deploy-'));
  const previous = join(scratch, 'previous');
  cpSync(DIST, previous, { recursive: true, filter: (path) => !path.endsWith('.wasm') });
  // The engine's wasm files are the same in both (and 35–40 MB each): linked, not copied.
  for (const name of readdirSync(join(DIST, 'assets')).filter((n) => n.endsWith('.wasm')))
    symlinkSync(join(DIST, 'assets', name), join(previous, 'assets', name));
  writeFileSync(join(previous, 'assets', 'previous-only.js'), 'export const previous = true;\n');
  writeFileSync(
    join(previous, 'index.html'),
    readFileSync(join(DIST, 'index.html'), 'utf8').replace('</body>', '<!-- previous build --></body>'),
  );
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  writeFileSync(
    join(previous, 'sw.js'),
    sw
      .replace(/segmentlab-shell-[0-9a-f]+'/, "segmentlab-shell-0000000000000000'")
      .replace('const FILES = ["./",', 'const FILES = ["./","assets/previous-only.js",'),
  );
  const site = join(scratch, 'site');
  const deploy = (dir: string) => {
    rmSync(site, { force: true });
    symlinkSync(dir, site);
  };
  deploy(previous);
  const host = await serveStatic(site, { basePath: '/segmentlab/' });
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const shells = () =>
    page.evaluate(async () => (await caches.keys()).filter((key) => key.startsWith('segmentlab-shell-')));
  try {
    await page.goto(host.url);
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    expect(await shells()).toEqual(['segmentlab-shell-0000000000000000']);

    deploy(DIST);
    // The reload is answered from the previous build's cache, by the previous build's worker: kept to tell the new
    // worker from it (both come from the same sw.js address).
    await page.addInitScript(() => Object.assign(window, { answeredBy: navigator.serviceWorker.controller }));
    await page.reload();
    await page.getByTestId('data-summary').waitFor({ timeout: 30_000 });
    expect(await page.content()).toContain('<!-- previous build -->');
    // The browser looks for a new sw.js after a navigation on a timer of its own, and once in a full run the new worker
    // was not in charge 30 s after the reload. The page asks for the check itself, as `registration.update()` lets any
    // page do: what is tested is the handover to the new build, not the browser's timer.
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
    // Until the new worker is in charge: its cache is made, it is installed and activated and controls the open
    // page (its `clients.claim()`). Polled as a record, so a failure shows where the handover stopped.
    const handover = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const active = registration?.active ?? null;
        return {
          installing: registration?.installing?.state ?? null,
          waiting: registration?.waiting?.state ?? null,
          active: active?.state ?? null,
          activeIsNew: active !== null && active !== (window as { answeredBy?: ServiceWorker }).answeredBy,
          controlsThePage: active !== null && navigator.serviceWorker.controller === active,
          newShell: (await caches.keys()).some((name) => /^segmentlab-shell-(?!0{16})/.test(name)),
        };
      });
    await expect.poll(handover, { timeout: 45_000, interval: 250 }).toEqual({
      installing: null,
      waiting: null,
      active: 'activated',
      activeIsNew: true,
      controlsThePage: true,
      newShell: true,
    });
    expect(await shells()).toHaveLength(2);
    expect((await shells())[0]).toBe('segmentlab-shell-0000000000000000');
    // The open page's own lazily loaded file: gone from the host, still in the previous build's cache.
    expect(await page.evaluate(async () => (await fetch('./assets/previous-only.js')).status)).toBe(200);
    // A new visit gets the new build's page, not the previous one's.
    expect(await page.evaluate(async () => (await (await fetch('./')).text()).includes('previous build'))).toBe(false);
  } finally {
    await context.close();
    await host.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}, 120_000);
