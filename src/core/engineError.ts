/**
 * An error thrown by the database engine (DuckDB, native or WASM) or by the code around it, sorted by what the person
 * reading it can do about it. The page and the CLI word each kind their own way; this module only tells them apart.
 *
 * - `cancelled`: a newer request superseded this one (the engine worker's queue rejects it with 'cancelled'); no
 *   failure to report.
 * - `outOfMemory`: DuckDB's buffer manager could not allocate ("Out of Memory Error: could not allocate block of size
 *   256.0 KiB (7.5 MiB/7.6 MiB used)", followed by advice on temp directories that does not apply in a browser), or V8
 *   could not make an array for a result (RangeError "Array buffer allocation failed", "Invalid typed array length").
 * - `crashed`: the WebAssembly module trapped (a `WebAssembly.RuntimeError`: "memory access out of bounds",
 *   "unreachable", "Aborted()"); the engine cannot be trusted after that.
 * - `explained`: one of our own sentences meant for the user ("Analyse the customers first."), shown as it is.
 * - `failed`: anything else — DuckDB's "<Kind> Error: …" or a fault in our code — worth reporting as written.
 * `detail` is the message's first line: DuckDB's further lines (the query text, a caret, tuning advice) only bury it.
 */
export type EngineError =
  | { kind: 'cancelled' }
  | { kind: 'outOfMemory'; detail: string }
  | { kind: 'crashed'; detail: string }
  | { kind: 'explained'; message: string }
  | { kind: 'failed'; detail: string };

/** DuckDB's error messages start with their exception type: "Binder Error: ", "Out of Memory Error: ", "INTERNAL Error: ". */
const DUCKDB_KIND = /^[A-Z][A-Za-z]*(?: [A-Za-z]+)* Error: /;
const OUT_OF_MEMORY = /out of memory|Array buffer allocation failed|Invalid typed array length/i;
const TRAP = /memory access out of bounds|^unreachable|Aborted\(/;

export function classifyEngineError(error: unknown): EngineError {
  // Comlink rebuilds an error thrown in the worker as an Error carrying the original's name and message.
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (message === 'cancelled') return { kind: 'cancelled' };
  const detail = message.split('\n')[0]!.trim();
  if (OUT_OF_MEMORY.test(detail)) return { kind: 'outOfMemory', detail };
  if (name === 'RuntimeError' || TRAP.test(detail)) return { kind: 'crashed', detail };
  // Our own sentences read as sentences: a capital first, a full stop last, and no exception type in front.
  if ((name === 'Error' || name === '') && !DUCKDB_KIND.test(detail) && /^[A-Z].*[.!?]$/.test(detail))
    return { kind: 'explained', message: detail };
  return { kind: 'failed', detail };
}
