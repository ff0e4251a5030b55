import {
  BROWSER_RUNTIME,
  ConsoleLogger,
  createDuckDB,
  getPlatformFeatures,
  LogLevel,
  type DuckDBBindings,
} from 'duckdb-wasm-blocking';
import { lockDownSql } from '../src/core/sql/lockdown';
import { WasmExecutor } from './wasmExecutor';

/**
 * Starts DuckDB-WASM (the bundle this browser supports, from our own origin) and locks it down before anything else
 * can run: the one start-up path, shared by the engine worker and the lock-down test harness, so the test proves
 * what the app ships.
 */
export async function openLockedDuckDb(
  bundles: { ehWasm: string; mvpWasm: string },
  uploadDirectory: string,
): Promise<{ bindings: DuckDBBindings; executor: WasmExecutor; bundle: 'eh' | 'mvp' }> {
  const bindings = await createDuckDB(
    {
      mvp: { mainModule: bundles.mvpWasm, mainWorker: '' },
      eh: { mainModule: bundles.ehWasm, mainWorker: '' },
    },
    new ConsoleLogger(LogLevel.WARNING),
    BROWSER_RUNTIME,
  );
  // A wasm fetch or compile failure surfaces as an unhandled rejection inside DuckDB-WASM while instantiate() never
  // settles; turn it into a failed start so the page can say so at once instead of waiting for the timeout.
  await Promise.race([bindings.instantiate(() => undefined), rejectOnUnhandledError()]);
  bindings.open({ query: { castBigIntToDouble: true } });
  const connection = bindings.connect().useUnsafe((_bindings: DuckDBBindings, id: number) => id);
  const executor = new WasmExecutor(bindings, connection);
  await executor.run(lockDownSql([uploadDirectory]));
  // createDuckDB picks the bundle by the same feature test (wasm exceptions → eh).
  return { bindings, executor, bundle: (await getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp' };
}

function rejectOnUnhandledError(): Promise<never> {
  return new Promise((_, reject) => {
    self.addEventListener('unhandledrejection', (event) => reject(event.reason), { once: true });
  });
}
