import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';

/**
 * The smallest module using a wasm exception-handling instruction: magic and version, one type () → (), one
 * function of it, whose body is `try end end`. It validates exactly when the browser supports wasm exceptions, the
 * test DuckDB-WASM's createDuckDB makes to choose its `eh` bundle over `mvp` (WebAssembly spec, binary format:
 * sections 1 type, 3 function, 10 code; 0x06 `try`, 0x40 empty block type, 0x0b `end`). Written here rather than
 * calling DuckDB-WASM's getPlatformFeatures, which would pull its 1.2 MB bundle into the page's script; should the
 * two ever disagree, the worker ignores the page's module and fetches its own (workers/openDuckDb.ts).
 */
const EXCEPTIONS_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a,
  0x07, 0x01, 0x05, 0x00, 0x06, 0x40, 0x0b, 0x0b,
]);

/** The bundle this browser runs and the same-origin URLs of both, absolute (the worker resolves nothing itself). */
export function engineBundles(): { bundle: 'eh' | 'mvp'; ehWasm: string; mvpWasm: string } {
  const absolute = (url: string) => new URL(url, location.href).href;
  return {
    bundle: WebAssembly.validate(EXCEPTIONS_PROBE) ? 'eh' : 'mvp',
    ehWasm: absolute(ehWasm),
    mvpWasm: absolute(mvpWasm),
  };
}

let compiling: Promise<{ bundle: 'eh' | 'mvp'; module: WebAssembly.Module } | null> | null = null;

/**
 * Starts fetching and compiling DuckDB's 34 MB module on the page, as the first thing the page does: downloading it
 * was half of the engine's start-up, and it waited for the 1.9 MB worker script to load first. The worker
 * instantiates the compiled module (a WebAssembly.Module can be posted to a worker). Null when the page cannot
 * compile it (e.g. a host serving .wasm with the wrong MIME type): the worker then fetches it itself, and its
 * start-up fails with the error the page shows.
 */
export function compileEngineModule(): Promise<{ bundle: 'eh' | 'mvp'; module: WebAssembly.Module } | null> {
  compiling ??= (async () => {
    const { bundle, ehWasm: eh, mvpWasm: mvp } = engineBundles();
    try {
      return { bundle, module: await WebAssembly.compileStreaming(fetch(bundle === 'eh' ? eh : mvp)) };
    } catch {
      return null;
    }
  })();
  return compiling;
}
