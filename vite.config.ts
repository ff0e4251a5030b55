import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { serviceWorkerPlugin } from './build/serviceWorker.ts';

// Relative base so `dist/` works from any static host and from a sub-path (issue 3: "from a sub-path").
export default defineConfig({
  base: './',
  plugins: [svelte(), serviceWorkerPlugin()],
  resolve: {
    alias: {
      // The blocking browser build runs DuckDB inside our own engine worker (no second worker hop, byte-level read
      // progress). The package ships it but does not list it in `exports`, so point at the file directly.
      'duckdb-wasm-blocking': fileURLToPath(
        new URL('./node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', import.meta.url),
      ),
    },
  },
  // duckdb-wasm ships its own wasm/worker files; pre-bundling breaks their relative URLs. The blocking build we alias
  // loads no sibling files, and listing the worker's dependencies up front spares the dev server a reload on the
  // first visit (it would otherwise discover them only when the worker starts).
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'], include: ['duckdb-wasm-blocking', 'apache-arrow', 'comlink'] },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
