/**
 * `npm start` serves the app with Vite's dev server, which sends public/*.gz with Content-Encoding: gzip, so the
 * demo arrives already decompressed under a .gz name. This checks the README's run command really shows the demo.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

const root = resolve(import.meta.dirname, '../..');
let server: ViteDevServer;
let browser: Browser;

beforeAll(async () => {
  server = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('the dev server (npm start) opens with the demo shop loaded', async () => {
  const page = await browser.newPage({ locale: 'en-US' });
  await page.goto(server.resolvedUrls!.local[0]);
  await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 60_000 });
  expect(await page.getByRole('heading', { name: 'Demo shop' }).count()).toBe(1);
  expect(Number(await page.getByTestId('orders').getAttribute('data-value'))).toBeGreaterThan(10_000);
  await page.close();
}, 90_000);
