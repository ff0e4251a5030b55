import * as Comlink from 'comlink';
import type { EngineApi, EngineInfo } from '../../workers/protocol';
import { compileEngineModule, engineBundles } from './engineModule';
import { formatInteger } from './format';
import { i18n, t } from './i18n/i18n.svelte';
import { enableOffline } from './offline';

/** Start-up must end in a result or a visible error, never an endless spinner (issue 3, point 5). */
export const ENGINE_START_TIMEOUT_MS = 15_000;

export interface Engine {
  api: Comlink.Remote<EngineApi>;
  info: EngineInfo;
  terminate(): void;
}

export class EngineStartError extends Error {}

/** Spawns the engine worker and starts DuckDB in it, failing with a plain-words error after the timeout. */
export async function startEngine(timeoutMs = ENGINE_START_TIMEOUT_MS): Promise<Engine> {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<EngineApi>(worker);
  const workerFailed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) =>
      reject(new EngineStartError(t('engine.loadFailed', { detail: event.message || 'worker error' }))),
    );
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new EngineStartError(t('engine.timedOut', { seconds: formatInteger(i18n.locale, timeoutMs / 1000) }))),
      timeoutMs,
    );
  });
  const { ehWasm, mvpWasm } = engineBundles();
  try {
    // The worker script loads while the page finishes compiling DuckDB's module (started by main.ts).
    const start = async () => {
      const compiled = await compileEngineModule();
      return api.start({ ehWasm, mvpWasm, ...(compiled ? { compiled } : {}) });
    };
    const info = await Promise.race([start(), workerFailed, timedOut]);
    void enableOffline(info.bundle === 'eh' ? ehWasm : mvpWasm);
    return { api, info, terminate: () => worker.terminate() };
  } catch (error) {
    worker.terminate();
    if (error instanceof EngineStartError) throw error;
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
    throw new EngineStartError(t('engine.startFailed', { detail }));
  } finally {
    clearTimeout(timer);
  }
}
