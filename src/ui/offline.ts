/**
 * Offline use after the first visit: registers the service worker the build emits (build/serviceWorker.ts) and keeps
 * a copy of the DuckDB wasm this browser started with, which the worker's precache leaves out. Production builds only:
 * the dev server's files change on every edit.
 */
export const WASM_CACHE = 'segmentlab-wasm';

export async function enableOffline(wasmUrl: string): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !('caches' in window)) return;
  try {
    await navigator.serviceWorker.register('./sw.js', { scope: './' });
    const cache = await caches.open(WASM_CACHE);
    if (!(await cache.match(wasmUrl))) await cache.add(wasmUrl);
    // The wasm's name carries its content hash: a copy under another name is an earlier build's, 35–40 MB that no
    // page will ask for again.
    const current = new URL(wasmUrl, location.href).href;
    for (const request of await cache.keys()) if (request.url !== current) await cache.delete(request);
  } catch {
    // Private browsing or a host without HTTPS: the app still works, only not offline.
  }
}
