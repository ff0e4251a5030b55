/**
 * Offline after the first visit, against `vite preview` of the built site: once the service worker is active and
 * the engine's wasm is cached, a reload with the network switched off still starts the engine and shows the demo.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preview, type PreviewServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

const root = resolve(import.meta.dirname, '../..');
let server: PreviewServer;
let browser: Browser;

beforeAll(async () => {
  server = await preview({
    root,
    configFile: resolve(root, 'vite.config.ts'),
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
