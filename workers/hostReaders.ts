/**
 * Parquet and JSON lines read in the worker itself. DuckDB-WASM reads neither without downloading its parquet and
 * json extensions from extensions.duckdb.org, which the page must never contact (ARCHITECTURE.md, "No network after
 * load"). Parquet goes through parquet-wasm (the Rust `parquet` crate compiled to WebAssembly, served from our own
 * origin), which hands back Arrow with the file's own column types; JSON lines are parsed here, every value kept as
 * text, which is how the importer reads CSV too.
 */
import * as arrow from 'apache-arrow';
import initParquet, { Compression, readParquet, Table, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let parquetReady: Promise<unknown> | null = null;

/** Loads parquet-wasm's module once, on first use: most sessions never see a Parquet file. */
function loadParquet(): Promise<unknown> {
  parquetReady ??= initParquet({ module_or_path: new URL(parquetWasmUrl, self.location.href) });
  return parquetReady;
}

/** A Parquet file's rows as Arrow IPC stream bytes. */
export async function parquetToArrowIpc(file: Blob): Promise<Uint8Array> {
  await loadParquet();
  // intoIPCStream consumes the wasm-side table (frees it): nothing to release afterwards.
  return readParquet(new Uint8Array(await file.arrayBuffer())).intoIPCStream();
}

/** An Arrow table (a query result) as a zstd-compressed Parquet file. */
export async function arrowToParquet(table: arrow.Table): Promise<Uint8Array> {
  await loadParquet();
  const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  // Re-serialised by Arrow JS: DuckDB-WASM's result stream has no end-of-stream marker, which Rust's Arrow reader
  // requires.
  return writeParquet(Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), properties);
}

/**
 * JSON lines (one object per line, https://jsonlines.org) as Arrow IPC: one text column per key seen in any line, in
 * order of first appearance; numbers and booleans as they were written, nested values as JSON, absent keys as null.
 * A line that is not a JSON object stops the read with its line number.
 */
export async function jsonLinesToArrowIpc(text: ReadableStream<string>): Promise<Uint8Array> {
  const columns = new Map<string, (string | null)[]>();
  let rows = 0;
  const addLine = (line: string, lineNumber: number) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${lineNumber} is not valid JSON`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`line ${lineNumber} is not a JSON object`);
    }
    for (const [key, field] of Object.entries(value)) {
      let column = columns.get(key);
      if (!column) {
        column = new Array<string | null>(rows).fill(null);
        columns.set(key, column);
      }
      column[rows] = field === null ? null : typeof field === 'object' ? JSON.stringify(field) : String(field);
    }
    rows++;
    for (const column of columns.values()) if (column.length < rows) column.push(null);
  };
  let pending = '';
  let lineNumber = 0;
  const reader = text.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const lines = (pending + value).split('\n');
    pending = lines.pop()!;
    for (const line of lines) addLine(lineNumber === 0 ? line.replace(/^\uFEFF/, '') : line, ++lineNumber);
  }
  addLine(lineNumber === 0 ? pending.replace(/^\uFEFF/, '') : pending, ++lineNumber);
  const vectors: Record<string, arrow.Vector> = {};
  for (const [key, values] of columns) vectors[key] = arrow.vectorFromArray(values, new arrow.Utf8());
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}
