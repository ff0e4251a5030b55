/**
 * The one interface through which src/core talks to a DuckDB engine. The browser implements it on DuckDB-WASM inside
 * the engine worker (workers/), the CLI on native DuckDB (cli/nodeExecutor.ts), so the same SQL runs in both.
 */
import type { Scratch } from './scratch';

export type SqlValue = string | number | boolean | null | Date;
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  /** Runs one or more statements that return nothing of interest. */
  run(sql: string): Promise<void>;
  /**
   * Runs a query and returns its rows as plain objects. `params` bind positionally to `?` placeholders.
   * Integers come back as JS numbers (BIGINT cast to double), dates/timestamps as ISO strings are NOT guaranteed:
   * cast in SQL (`strftime`, `CAST(... AS VARCHAR)`) when a column's text form matters.
   */
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /**
   * Creates (or replaces) table `name` with one DOUBLE column per entry, from numbers computed in TypeScript (NaN
   * becomes NULL). Bulk-loads through Arrow (browser) or the appender (Node): binding hundreds of thousands of rows
   * as INSERT parameters takes seconds to minutes. Column names are identifiers chosen by src/core, never user text.
   */
  loadNumericTable(name: string, columns: Record<string, ArrayLike<number>>): Promise<void>;
  /**
   * loadNumericTable for columns computed for the table alone: `fill` gets the columns `names`, `rows` long and all
   * zero, and a scratch of about `scratchBytes` bytes for its temporaries, fills them and returns what is kept; the
   * columns are loaded once it returns and must not be kept. In the browser they are written where the engine reads
   * them, in its heap, instead of in fresh memory and then copied there (see scratch.ts).
   */
  fillNumericTable<N extends string, R>(
    name: string,
    rows: number,
    names: readonly N[],
    fill: (columns: Record<N, Float64Array>, scratch: Scratch) => R,
    scratchBytes?: number,
  ): Promise<R>;
  /**
   * Runs a query whose columns are all numbers and returns them column by column (NULL as NaN). For results of
   * hundreds of thousands of rows, where making one object per row costs more than the query itself.
   */
  numericColumns(sql: string): Promise<Record<string, Float64Array>>;
  /**
   * numericColumns for a result used once and let go: `use` gets the columns and returns what is kept of them. In the
   * browser they are read where the engine wrote them instead of being copied out first: a large result copied into
   * fresh memory costs as much again the first time it is written (see workers/wasmExecutor.ts). So `use` must not
   * keep the columns, nor hand them on, past its return. The same holds for the arrays of `scratch`, which holds about
   * `scratchBytes(rows)` bytes for `use`'s temporaries (see scratch.ts) given the result's number of rows.
   */
  withNumericColumns<T>(
    sql: string,
    use: (columns: Record<string, Float64Array>, scratch: Scratch) => T,
    scratchBytes?: (rows: number) => number,
  ): Promise<T>;
}
