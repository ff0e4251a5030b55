import type { Page } from 'playwright-core';

/** A value of the app's IndexedDB store, read the way the app writes it (src/ui/storage/browserStore.ts). */
export function storedValue(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('segmentlab', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('kv').objectStore('kv').get(key);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      }),
    key,
  );
}

/**
 * How long a save may take to reach IndexedDB. It is one small write, but in a full run two test files load Chromium
 * and DuckDB-WASM on the same two cores, and a one-second poll (vitest's default) once missed it: a missing save
 * still fails after this long.
 */
export const SAVED = { timeout: 10_000 };
