import type { SqlExecutor } from '../src/core/sql/executor';

/** An error as Comlink hands it over from the engine worker: a new Error carrying the original's name and message. */
export function fromWorker(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, message });
}

/**
 * Runs `work` with DuckDB's memory limit at `limit` (as a large file would find it on a small device), then sets the
 * limit back by value: RESET shows the default again but leaves the buffer manager at the low limit (DuckDB 1.4).
 */
export async function withMemoryLimit<T>(db: SqlExecutor, limit: string, work: () => Promise<T>): Promise<T> {
  const [{ before }] = await db.all<{ before: string }>(`SELECT current_setting('memory_limit') AS before`);
  await db.run(`SET memory_limit = '${limit}'`);
  try {
    return await work();
  } finally {
    await db.run(`SET memory_limit = '${before}'`);
  }
}
