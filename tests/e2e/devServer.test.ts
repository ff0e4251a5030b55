/**
 * `npm start` serves the app with Vite's dev server, which sends public/*.gz with Content-Encoding: gzip, so the
 * demo arrives already decompressed under a .gz name. This checks the README's run command really shows the demo.
 */
import { expect, it } from 'vitest';
import { useDevServer } from './builtApp';

const dev = useDevServer();

it('the dev server (npm start) opens with the demo shop loaded', async () => {
  const page = await dev.browser.newPage({ locale: 'en-US' });
  await page.goto(dev.url);
  await page.getByTestId('rfm-cell-5-5').waitFor({ timeout: 60_000 });
  expect(await page.getByRole('heading', { name: 'Demo shop' }).count()).toBe(1);
  expect(Number(await page.getByTestId('orders').getAttribute('data-value'))).toBeGreaterThan(10_000);
  await page.close();
}, 90_000);
