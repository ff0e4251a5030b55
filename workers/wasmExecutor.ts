import * as arrow from 'apache-arrow';
import type { DuckDBBindings } from 'duckdb-wasm-blocking';
import type { Row, SqlExecutor, SqlValue } from '../src/core/sql/executor';
import { refuseEscapeStatements } from '../src/core/sql/lockdown';
import { quoteIdentifier } from '../src/core/sql/quote';
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
 * SqlExecutor on the blocking DuckDB-WASM bindings, which run inside this worker. Long statements go through DuckDB's
 * pending-query API, polled step by step, so a running import can report progress and be cancelled.
 */
export class WasmExecutor implements SqlExecutor {
  token: CancelToken = NEVER_CANCELLED;
  /** Called between polls of a long statement (the import reports bytes read from here). */
  onPoll: (() => void) | null = null;

  constructor(
    private readonly bindings: DuckDBBindings,
    private readonly connection: number,
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
    const table = arrow.tableFromIPC(await this.runToIpc(sql));
    return Object.fromEntries(
      table.schema.fields.map((field, i) => {
        const vector = table.getChildAt(i)!;
        const values = new Float64Array(table.numRows);
        if (vector.nullCount === 0) {
          // One typed array for the whole column, copied in a plain loop: Float64Array.from with a mapping
          // function, or iterating the vector, takes ten times as long on a million values.
          const typed = vector.toArray() as ArrayLike<number | bigint>;
          for (let r = 0; r < values.length; r++) values[r] = Number(typed[r]);
        } else {
          let r = 0;
          for (const value of vector) values[r++] = value === null ? NaN : Number(value);
        }
        return [field.name, values];
      }),
    );
  }

  async loadNumericTable(name: string, columns: Record<string, ArrayLike<number>>): Promise<void> {
    this.throwIfCancelled();
    const vectors: Record<string, arrow.Vector> = {};
    const withNaN: string[] = [];
    for (const [column, values] of Object.entries(columns)) {
      const data = Float64Array.from(values);
      vectors[column] = arrow.makeVector(data);
      if (data.some(Number.isNaN)) withNaN.push(column);
    }
    await this.loadArrowIpc(name, arrow.tableToIPC(new arrow.Table(vectors), 'stream'));
    // Arrow carries NaN as a value; the SQL side expects NULL for "no number".
    for (const column of withNaN) {
      const id = quoteIdentifier(column);
      await this.run(`UPDATE ${quoteIdentifier(name)} SET ${id} = NULL WHERE isnan(${id})`);
    }
  }

  /** Creates (or replaces) table `name` from Arrow IPC stream bytes, keeping the Arrow column types. */
  async loadArrowIpc(name: string, ipc: Uint8Array): Promise<void> {
    this.throwIfCancelled();
    await this.run(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`);
    this.bindings.insertArrowFromIPCStream(this.connection, ipc, { name, create: true });
  }

  /** Runs a query and returns its result as Arrow IPC stream bytes, ready to transfer to the page. */
  async runToIpc(sql: string): Promise<Uint8Array> {
    this.throwIfCancelled();
    refuseEscapeStatements(sql);
    const chunks: Uint8Array[] = [];
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
    chunks.push(header);
    for (;;) {
      const chunk = this.bindings.fetchQueryResults(this.connection);
      if (chunk === null) continue;
      if (chunk.length === 0) break;
      chunks.push(chunk);
    }
    return concatBytes(chunks);
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

  private throwIfCancelled(): void {
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
