/**
 * The typed protocol between the page and the engine worker (style: DuckDB-WASM's worker_request.ts). Comlink turns
 * each method into a message; this interface is the whole contract. Results that are tables travel as Arrow IPC bytes
 * (transferred, not copied); small JSON-able summaries travel by structured clone.
 */
import type { ColumnMapping, ImportOutcome, ImportProgress, ImportSummary } from '../src/core/ingest/types';

export interface EngineInfo {
  duckdbVersion: string;
  bundle: 'eh' | 'mvp';
  startMs: number;
}

export interface ImportRequest {
  /** The user's file (registered with DuckDB as a handle: never copied into the wasm heap). */
  file?: File;
  /** Same-origin URL of the built-in demo shop. */
  demoUrl?: string;
  columns?: ColumnMapping;
  dateOrder?: 'DMY' | 'MDY';
}

/** Why a request ended without a result: a newer request of the same kind replaced it, or the user cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface ImportResult {
  outcome: ImportOutcome;
  /** Time inside the worker from the request to the canonical tables and summary being ready (for the benchmark). */
  workerMs: number;
}

export interface EngineApi {
  /** Starts DuckDB with the bundle this browser supports. Wasm URLs are same-origin (no CDN). */
  start(bundles: { ehWasm: string; mvpWasm: string }): Promise<EngineInfo>;
  importData(request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult>;
  /** The summary of what is loaded now, or null before any successful import. */
  currentSummary(): Promise<ImportSummary | null>;
  /** Cancels the running and queued requests of a kind (e.g. the user pressed "Cancel import"). */
  cancel(kind: RequestKind): Promise<void>;
}

export type RequestKind = 'import' | 'analysis';
