import type { SqlExecutor } from './executor';

/**
 * Typed arrays for the temporaries of a computation that runs inside `SqlExecutor.withNumericColumns`' `use`, let go
 * when it returns. They come zeroed, like a new typed array. In the browser they lie in the engine's own heap, whose
 * memory the import has written already: on this machine filling a new 200 MB array took 570–620 ms the first time
 * (135 ms once), the same bytes of the heap 28–60 ms (DuckDB-WASM inside Node after loading the benchmark's 5M file,
 * 2026-12-07; SqlExecutor.withNumericColumns says why first writes cost so much).
 */
export interface Scratch {
  int32(length: number): Int32Array;
  float64(length: number): Float64Array;
}

/** New arrays every time: where no block of memory was set aside (native DuckDB, or no room in the heap). */
export const FRESH_ARRAYS: Scratch = {
  int32: (length) => new Int32Array(length),
  float64: (length) => new Float64Array(length),
};

/**
 * Hands out `bytes` bytes of `buffer` from `start` on, each array 8-byte aligned; past the end, new arrays (slower,
 * never wrong), so a caller's estimate of what it needs only has to be good, not exact.
 */
export class BlockScratch implements Scratch {
  private next: number;
  private readonly end: number;

  constructor(
    private readonly buffer: ArrayBufferLike,
    start: number,
    bytes: number,
  ) {
    this.next = start;
    this.end = start + bytes;
  }

  int32(length: number): Int32Array {
    const at = this.take(length * Int32Array.BYTES_PER_ELEMENT);
    return at < 0 ? new Int32Array(length) : new Int32Array(this.buffer, at, length).fill(0);
  }

  float64(length: number): Float64Array {
    const at = this.take(length * Float64Array.BYTES_PER_ELEMENT);
    return at < 0 ? new Float64Array(length) : new Float64Array(this.buffer, at, length).fill(0);
  }

  /** Where the next `bytes` start, or −1 when they do not fit. */
  private take(bytes: number): number {
    const at = Math.ceil(this.next / 8) * 8;
    if (at + bytes > this.end) return -1;
    this.next = at + bytes;
    return at;
  }
}

/** SqlExecutor.fillNumericTable with new arrays: for native DuckDB, or where the engine's heap has no room. */
export async function fillFreshNumericTable<N extends string, R>(
  db: SqlExecutor,
  name: string,
  rows: number,
  names: readonly N[],
  fill: (columns: Record<N, Float64Array>, scratch: Scratch) => R,
): Promise<R> {
  const columns = Object.fromEntries(names.map((column) => [column, new Float64Array(rows)])) as Record<
    N,
    Float64Array
  >;
  const kept = fill(columns, FRESH_ARRAYS);
  await db.loadNumericTable(name, columns);
  return kept;
}
