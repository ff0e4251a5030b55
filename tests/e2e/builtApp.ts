import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchChromium } from './browser';
import { serveStatic, type StaticServer } from './staticServer';

/** dist/ unless SEGMENTLAB_DIST names another build (one built with `vite build --outDir`, to test beside it). */
export const DIST = process.env.SEGMENTLAB_DIST ?? resolve(import.meta.dirname, '../../dist');

/**
 * The built app (dist/, as `npm test` builds it) served from a sub-path, and Debian's Chromium, for one test file:
 * registers the start and stop hooks and returns the handles they fill in.
 */
export function useBuiltApp(): { readonly browser: Browser; readonly server: StaticServer } {
  const app = {} as { browser: Browser; server: StaticServer };
  beforeAll(async () => {
    if (!existsSync(resolve(DIST, 'index.html')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does).');
    app.server = await serveStatic(DIST, { basePath: '/segmentlab/' });
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Vite's dev server (what `npm start` runs) on a free port, and Chromium, for one test file. */
export function useDevServer(): { readonly browser: Browser; readonly server: ViteDevServer; readonly url: string } {
  const app = {} as { browser: Browser; server: ViteDevServer; url: string };
  beforeAll(async () => {
    app.server = await createServer({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      server: { port: 0, host: '127.0.0.1' },
    });
    await app.server.listen();
    app.url = app.server.resolvedUrls!.local[0];
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
