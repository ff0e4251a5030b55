import * as arrow from 'apache-arrow';
import type {
  callSRet,
  dropResponseBuffers,
  DuckDBBindings,
  DuckDBBindingsBase,
  DuckDBModule,
  readString,
} from 'duckdb-wasm-blocking';
import type { Row, SqlExecutor, SqlValue } from '../src/core/sql/executor';
import { refuseEscapeStatements } from '../src/core/sql/lockdown';
import { quoteIdentifier } from '../src/core/sql/quote';
import { BlockScratch, FRESH_ARRAYS, fillFreshNumericTable, type Scratch } from '../src/core/sql/scratch';
import { CancelledError } from './protocol';
import type { CancelToken } from './requestQueue';

const NEVER_CANCELLED: CancelToken = { cancelled: false };

/** Yields to the worker's event loop so cancel and progress messages get through between engine polls. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/**
 * A numeric query as one row holding the list of its rows: DuckDB-WASM hands a result over one 2,048-row chunk per
 * call, and in Chromium each call cost about a millisecond when this was written, so a million rows took half a second
 * to fetch. Measured again on 2026-12-07 the calls cost less (1,498 chunks of 3M rows in 0.2 s), but joining the
 * chunks' columns cost as much again: no faster than the list (0.30–0.34 s against 0.16–0.22 s; 5M rows × 4 columns
 * 0.8–1.1 s against 0.8–1.25 s). DuckDB-WASM runs on one thread, so the list aggregate takes the rows in the query's
 * order. Cast to DOUBLE in SQL: inside a list, castBigIntToDouble labels a BIGINT Float64 but leaves its bytes 64-bit
 * integers.
 */
function rowListSql(sql: string): string {
  return `SELECT list(numeric_row) FROM (SELECT COLUMNS(*)::DOUBLE FROM (${sql})) numeric_row`;
}

/** The columns of rowListSql's one row, NULL as NaN (written into the result's own bytes). */
function columnsOfRowList(table: arrow.Table): Record<string, Float64Array> {
  const list = table.getChildAt(0)!.data[0] as arrow.Data<arrow.List<arrow.Struct>>;
  const length = list.nullCount > 0 ? 0 : list.valueOffsets[1];
  const rows = list.children[0];
  return Object.fromEntries(
    rows.type.children.map((field, j) => {
      // Fresh from IPC, one batch of one row: every offset is 0, and value i is row i. A view, not a copy: first writes
      // to fresh memory are costly on this machine (withNumericColumns says how much).
      const column = rows.children[j] as arrow.Data<arrow.Float64>;
      const values = column.values.subarray(0, length);
      if (column.nullCount > 0) {
        const bitmap = column.nullBitmap!;
        for (let r = 0; r < length; r++) if ((bitmap[r >> 3] & (1 << (r & 7))) === 0) values[r] = NaN;
      }
      return [field.name, values];
    }),
  );
}

/** What an Emscripten module offers for moving bytes into its heap. */
interface EmscriptenHeap {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/** DuckDB-WASM's exported low-level call helpers, passed in by whoever loaded the bundle (browser or Node build). */
export interface DuckDBCalls {
  callSRet: typeof callSRet;
  readString: typeof readString;
  dropResponseBuffers: typeof dropResponseBuffers;
}

/** DuckDB-WASM's status of a fetch whose rows are not ready yet (its bindings' `fetchQueryResults` returns null). */
const FETCH_PENDING = 256;

/**
 * SqlExecutor on the blocking DuckDB-WASM bindings, which run inside this worker. Long statements go through DuckDB's
 * pending-query API, polled step by step, so a running import can report progress and be cancelled.
 */
export class WasmExecutor implements SqlExecutor {
  private token: CancelToken = NEVER_CANCELLED;
  /** Called between polls of a long statement (the import reports bytes read from here). */
  onPoll: (() => void) | null = null;

  constructor(
    private readonly bindings: DuckDBBindings,
    private readonly connection: number,
    private readonly calls: DuckDBCalls,
  ) {}

  async run(sql: string): Promise<void> {
    await this.runToIpc(sql);
  }

  async all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return tableToRows(arrow.tableFromIPC(await this.ipc(sql, params))) as T[];
  }

  /** A query's result as Arrow IPC bytes, to transfer to the page without copying. */
  async ipc(sql: string, params?: SqlValue[]): Promise<Uint8Array> {
    return params && params.length > 0 ? this.runPrepared(sql, params) : this.runToIpc(sql);
  }

  async numericColumns(sql: string): Promise<Record<string, Float64Array>> {
    return columnsOfRowList(arrow.tableFromIPC(await this.runToChunks(rowListSql(sql))));
  }

  /**
   * The columns are views into the wasm heap, on the result DuckDB-WASM hands over, which is let go once `use` returns.
   * Its bindings would copy the result into a fresh buffer first, and on this machine first writes to fresh memory
   * cost 0.4–2.7 ms per MB (a new 200 MB array took 80–540 ms to fill the first time, ~10 ms after): reading the 5M
   * benchmark file's category lines (4 columns × 5M rows) took 1.25 s in Chromium the first time and 0.8 s when
   * repeated. The heap's memory was written before (by the import), so reading it in place costs no such price.
   */
  async withNumericColumns<T>(
    sql: string,
    use: (columns: Record<string, Float64Array>, scratch: Scratch) => T,
    scratchBytes?: (rows: number) => number,
  ): Promise<T> {
    const header = await this.startQuery(rowListSql(sql));
    const mod = this.module();
    let result: { value: T } | null = null;
    // One row holds the result; a fetch of no bytes ends it.
    for (;;) {
      const [status, data, length] = this.calls.callSRet(
        mod,
        'duckdb_web_query_fetch_results',
        ['number'],
        [this.connection],
      );
      try {
        if (status === FETCH_PENDING) continue;
        if (status !== 0) throw new Error(this.calls.readString(mod, data, length));
        if (length === 0) break;
        // The heap may have grown during the fetch: its current view, read after it.
        const columns = () => columnsOfRowList(arrow.tableFromIPC([header, mod.HEAPU8.subarray(data, data + length)]));
        let read = columns();
        const first = Object.values(read)[0];
        const bytes = scratchBytes?.(first?.length ?? 0) ?? 0;
        const block = bytes > 0 ? mod._malloc(bytes) : 0;
        try {
          // Setting the block aside may grow the heap, which leaves views of the old one empty: read them again.
          if (block !== 0 && first?.buffer !== mod.HEAPU8.buffer) read = columns();
          result = { value: use(read, block === 0 ? FRESH_ARRAYS : new BlockScratch(mod.HEAPU8.buffer, block, bytes)) };
        } finally {
          if (block !== 0) mod._free(block);
        }
      } finally {
        this.calls.dropResponseBuffers(mod);
      }
    }
    if (result === null) throw new Error('the engine returned no result row');
    return result.value;
  }

  async fillNumericTable<N extends string, R>(
    name: string,
    rows: number,
    names: readonly N[],
    fill: (columns: Record<N, Float64Array>, scratch: Scratch) => R,
    scratchBytes = 0,
  ): Promise<R> {
    this.throwIfCancelled();
    const mod = this.module();
    const columnBytes = rows * Float64Array.BYTES_PER_ELEMENT;
    const blockBytes = columnBytes * names.length + scratchBytes;
    const block = blockBytes > 0 ? mod._malloc(blockBytes) : 0;
    if (block === 0) return fillFreshNumericTable(this, name, rows, names, fill);
    try {
      // Nothing between here and the load's start calls the engine, so the heap keeps its size and the views stay valid.
      const heap = mod.HEAPU8.buffer;
      const columns = Object.fromEntries(
        names.map((column, j) => [column, new Float64Array(heap, block + j * columnBytes, rows).fill(0)]),
      ) as Record<N, Float64Array>;
      const scratch =
        scratchBytes > 0 ? new BlockScratch(heap, block + columnBytes * names.length, scratchBytes) : FRESH_ARRAYS;
      const kept = fill(columns, scratch);
      await this.loadNumericTable(name, columns);
      return kept;
    } finally {
      mod._free(block);
    }
  }

  async loadNumericTable(name: string, columns: Record<string, ArrayLike<number>>): Promise<void> {
    this.throwIfCancelled();
    const vectors: Record<string, arrow.Vector> = {};
    for (const [column, values] of Object.entries(columns)) {
      // Typed arrays go in as they are; a NaN becomes NULL through Arrow's validity bitmap (set bit = valid).
      const data = values instanceof Float64Array ? values : Float64Array.from(values);
      let nullBitmap: Uint8Array | undefined;
      let nullCount = 0;
      for (let i = 0; i < data.length; i++) {
        if (data[i] === data[i]) continue;
        nullBitmap ??= new Uint8Array((data.length + 7) >> 3).fill(255);
        nullBitmap[i >> 3] &= ~(1 << (i & 7));
        nullCount++;
      }
      const type = new arrow.Float64();
      vectors[column] = arrow.makeVector(arrow.makeData({ type, length: data.length, nullCount, nullBitmap, data }));
    }
    const pieces: Uint8Array[] = [];
    for await (const piece of arrow.RecordBatchStreamWriter.writeAll(new arrow.Table(vectors))) pieces.push(piece);
    await this.createFromIpc(name, pieces);
  }

  /** Creates (or replaces) table `name` from a whole Arrow IPC stream, keeping the Arrow column types. */
  async loadArrowIpc(name: string, ipc: Uint8Array): Promise<void> {
    await this.createFromIpc(name, [ipc]);
  }

  /**
   * Creates (or replaces) table `name` from an Arrow IPC stream given as pieces (the stream writer's views of the
   * columns, or one whole buffer), each copied into the wasm heap and kept there until DuckDB has read the
   * end-of-stream marker. DuckDB keeps pointers into every piece until then, while DuckDB-WASM's own
   * `insertArrowFromIPCStream` frees each copy as soon as the call returns: pieces inserted through it were read after
   * being freed (wrong numbers in 3 of 1,000 rows and all of 10 — the regression test in wasmExecutor.test.ts).
   * Joining the pieces first would avoid that too, but filling a fresh buffer as big as the columns cost more than the
   * insert: the first load of 1M rows × 6 columns took 0.88–1.14 s that way against 0.61–0.88 s here (DuckDB-WASM
   * inside Node, fresh processes).
   */
  private async createFromIpc(name: string, pieces: Uint8Array[]): Promise<void> {
    this.throwIfCancelled();
    const mod = this.module();
    // Pieces already in the heap (columns filled there, fillNumericTable) are read where they are. Where and how long
    // they are is taken now: the statement below may grow the heap, which empties the views of the old one.
    const inHeap = pieces.map((piece) => (piece.buffer === mod.HEAPU8.buffer ? piece.byteOffset : -1));
    const sizes = pieces.map((piece) => piece.length);
    await this.run(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`);
    const options = JSON.stringify({ name, create: true });
    const held: number[] = [];
    try {
      for (const [k, piece] of pieces.entries()) {
        if (sizes[k] === 0) continue;
        let pointer = inHeap[k]!;
        if (pointer < 0) {
          pointer = mod._malloc(piece.length);
          held.push(pointer);
          mod.HEAPU8.set(piece, pointer);
        }
        const [status, message, length] = this.calls.callSRet(
          mod,
          'duckdb_web_insert_arrow_from_ipc_stream',
          ['number', 'number', 'number', 'string'],
          [this.connection, pointer, sizes[k]!, options],
        );
        if (status !== 0) throw new Error(this.calls.readString(mod, message, length));
      }
    } finally {
      for (const pointer of held) mod._free(pointer);
    }
  }

  /** The Emscripten module under the bindings, for moving bytes in and out of its heap. */
  private module(): DuckDBModule & EmscriptenHeap {
    // The blocking bindings are a DuckDBBindingsBase, whose module the DuckDBBindings interface leaves out; the module
    // is an Emscripten one, whose heap functions its type leaves out.
    return (this.bindings as unknown as DuckDBBindingsBase).mod as DuckDBModule & EmscriptenHeap;
  }

  /**
   * Runs `work` with every statement checking `token` between polls of the engine, so that a job cancelled while it
   * runs stops at the next one (with a CancelledError) instead of running to its end.
   */
  async cancellable<T>(token: CancelToken, work: () => Promise<T>): Promise<T> {
    this.token = token;
    try {
      return await work();
    } finally {
      this.token = NEVER_CANCELLED;
    }
  }

  /** Runs a query and returns its result as Arrow IPC stream bytes, ready to transfer to the page. */
  async runToIpc(sql: string): Promise<Uint8Array> {
    return concatBytes(await this.runToChunks(sql));
  }

  /** The result's IPC stream as DuckDB-WASM hands it over: the schema, then one message per chunk of rows. */
  async runToChunks(sql: string): Promise<Uint8Array[]> {
    const chunks = [await this.startQuery(sql)];
    for (;;) {
      const chunk = this.bindings.fetchQueryResults(this.connection);
      if (chunk === null) continue;
      if (chunk.length === 0) break;
      chunks.push(chunk);
    }
    return chunks;
  }

  /** Starts `sql` and polls it until its result is ready (or it is cancelled); returns the result's schema message. */
  private async startQuery(sql: string): Promise<Uint8Array> {
    this.throwIfCancelled();
    refuseEscapeStatements(sql);
    let header = this.bindings.startPendingQuery(this.connection, sql, false);
    while (header === null) {
      this.onPoll?.();
      await yieldToEventLoop();
      if (this.token.cancelled) {
        this.bindings.cancelPendingQuery(this.connection);
        throw new CancelledError();
      }
      header = this.bindings.pollPendingQuery(this.connection);
    }
    return header;
  }

  private runPrepared(sql: string, params: SqlValue[]): Uint8Array {
    this.throwIfCancelled();
    refuseEscapeStatements(sql);
    const statement = this.bindings.createPrepared(this.connection, sql);
    try {
      const values = params.map((p) => (p instanceof Date ? p.toISOString() : p));
      return this.bindings.runPrepared(this.connection, statement, values);
    } finally {
      this.bindings.closePrepared(this.connection, statement);
    }
  }

  /**
   * Throws a CancelledError when the job running under `cancellable` was cancelled: statements check before they
   * start and between polls; work that runs no statement (a step served from memory) calls this itself.
   */
  throwIfCancelled(): void {
    if (this.token.cancelled) throw new CancelledError();
  }
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Arrow rows → plain objects, matching NodeExecutor: numbers for integers (castBigIntToDouble), arrays for lists.
 * HUGEINT (what DuckDB sums BIGINTs into) does not come back as a number: core SQL casts such sums to DOUBLE.
 */
export function tableToRows(table: arrow.Table): Row[] {
  const names = table.schema.fields.map((f) => f.name);
  // Column by column through each vector's iterator, which walks the record batches in order: `get(r)` searches
  // for the batch holding row r on every call, which made a 160k-row result take twice as long to convert.
  const columns = names.map((_, i) => {
    const values: unknown[] = new Array(table.numRows);
    let r = 0;
    for (const value of table.getChildAt(i) ?? []) values[r++] = toPlain(value);
    return values;
  });
  const rows: Row[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][r];
    rows[r] = row;
  }
  return rows;
}

function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof arrow.Vector) return Array.from(value, toPlain);
  return value;
}
