import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { BlobSource } from '../workers/browserSource';
import type { WasmExecutor } from '../workers/wasmExecutor';

/**
 * The worker's ImportSource over a file on disk: the file read as a Blob, its transcoded copy (big-endian UTF-16)
 * decoded with the same web streams and "registered" by writing it beside the file, where DuckDB-WASM's Node build
 * reads it by path as the browser's reads a registered Blob. Kept apart from wasmInNode.ts: the worker's sources import
 * parquet-wasm, whose .wasm module a plain `tsx` script (bench/profile.ts) cannot load.
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
