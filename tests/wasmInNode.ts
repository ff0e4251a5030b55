import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, resolve } from 'node:path';
import type { DuckDBBindings } from 'duckdb-wasm-blocking';
import { BlobSource } from '../workers/browserSource';
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
    },
  );
}

/**
 * The worker's ImportSource over a file on disk: the file read as a Blob, its transcoded copy (big-endian UTF-16)
 * decoded with the same web streams and "registered" by writing it beside the file, where DuckDB-WASM's Node build
 * reads it by path as the browser's reads a registered Blob.
 */
export function blobSourceInNode(path: string, wasm: WasmExecutor): BlobSource {
  return new BlobSource(
    basename(path),
    path,
    new Blob([readFileSync(path)]),
    async (name, blob) => writeFileSync(name, new Uint8Array(await blob.arrayBuffer())),
    (table, ipc) => wasm.loadArrowIpc(table, ipc),
  );
}
