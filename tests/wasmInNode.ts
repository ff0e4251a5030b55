import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { DuckDBBindings } from 'duckdb-wasm-blocking';
import { WasmExecutor } from '../workers/wasmExecutor';

/**
 * The app's WasmExecutor on DuckDB-WASM's Node build: the same wasm as the browser's `eh` bundle, in Node's V8, for
 * unit tests of the executor and for `npm run bench:profile`.
 */
export async function openWasmInNode(): Promise<WasmExecutor> {
  const duckdb = createRequire(import.meta.url)('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs');
  const dist = resolve(import.meta.dirname, '../node_modules/@duckdb/duckdb-wasm/dist');
  const bindings: DuckDBBindings = await duckdb.createDuckDB(
    {
      mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: '' },
      eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: '' },
    },
    new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING),
    duckdb.NODE_RUNTIME,
  );
  await bindings.instantiate(() => undefined);
  bindings.open({ query: { castBigIntToDouble: true } });
  return new WasmExecutor(
    bindings,
    bindings.connect().useUnsafe((_: unknown, id: number) => id),
    {
      callSRet: duckdb.callSRet,
      readString: duckdb.readString,
      dropResponseBuffers: duckdb.dropResponseBuffers,
    },
  );
}
