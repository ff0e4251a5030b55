import {
  BROWSER_RUNTIME,
  callSRet,
  ConsoleLogger,
  createDuckDB,
  dropResponseBuffers,
  getPlatformFeatures,
  LogLevel,
  readString,
  type DuckDBBindings,
} from 'duckdb-wasm-blocking';
import { lockDownSql } from '../src/core/sql/lockdown';
import type { EngineBundles } from './protocol';
import { WasmExecutor } from './wasmExecutor';

/**
 * Starts DuckDB-WASM (the bundle this browser supports, from our own origin) and locks it down before anything else
 * can run: the one start-up path, shared by the engine worker and the lock-down test harness, so the test proves
 * what the app ships.
 */
export async function openLockedDuckDb(
  bundles: EngineBundles,
  uploadDirectory: string,
): Promise<{ bindings: DuckDBBindings; executor: WasmExecutor; bundle: 'eh' | 'mvp'; precompiled: boolean }> {
  const bindings = await createDuckDB(
    {
      mvp: { mainModule: bundles.mvpWasm, mainWorker: '' },
      eh: { mainModule: bundles.ehWasm, mainWorker: '' },
    },
    new ConsoleLogger(LogLevel.WARNING),
    BROWSER_RUNTIME,
  );
  // createDuckDB picks the bundle by the same feature test (wasm exceptions → eh).
  const bundle = (await getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp';
  const precompiled = bundles.compiled?.bundle === bundle;
  if (bundles.compiled && precompiled) instantiateFrom(bindings, bundles.compiled.module);
  // A wasm fetch or compile failure surfaces as an unhandled rejection inside DuckDB-WASM while instantiate() never
  // settles; turn it into a failed start so the page can say so at once instead of waiting for the timeout.
  await Promise.race([bindings.instantiate(() => undefined), rejectOnUnhandledError()]);
  bindings.open({ query: { castBigIntToDouble: true } });
  const connection = bindings.connect().useUnsafe((_bindings: DuckDBBindings, id: number) => id);
  const executor = new WasmExecutor(bindings, connection, { callSRet, readString, dropResponseBuffers });
  await executor.run(lockDownSql([uploadDirectory]));
  return { bindings, executor, bundle, precompiled };
}

/**
 * Makes `bindings` instantiate an already compiled module instead of fetching and compiling their own. DuckDB-WASM
 * 1.32's browser bindings hand Emscripten an `instantiateWasm` hook (Emscripten's documented way to instantiate a
 * module yourself: call back with the instance, return `{}`), read from the bindings object when `instantiate()`
 * runs; theirs first publishes the bindings' runtime as `globalThis.DUCKDB_RUNTIME` (the file-system callbacks the
 * module imports), then fetches. This one does the same with the module the page compiled. A failure rejects unhandled,
 * which the start-up race above reports.
 */
function instantiateFrom(bindings: DuckDBBindings, module: WebAssembly.Module): void {
  const hooks = bindings as unknown as {
    _runtime: unknown;
    instantiateWasm: (
      imports: WebAssembly.Imports,
      done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void,
    ) => {};
  };
  hooks.instantiateWasm = (imports, done) => {
    (globalThis as { DUCKDB_RUNTIME?: unknown }).DUCKDB_RUNTIME = hooks._runtime;
    void WebAssembly.instantiate(module, imports).then((instance) => done(instance, module));
    return {};
  };
}

function rejectOnUnhandledError(): Promise<never> {
  return new Promise((_, reject) => {
    self.addEventListener('unhandledrejection', (event) => reject(event.reason), { once: true });
  });
}
