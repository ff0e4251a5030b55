/**
 * The typed protocol between the page and the engine worker (style: DuckDB-WASM's worker_request.ts). Comlink turns
 * each method into a message; this interface is the whole contract. Results that are tables travel as Arrow IPC bytes
 * (transferred, not copied); small JSON-able summaries travel by structured clone.
 */
import type { ColumnMapping, ImportOutcome, ImportProgress, ImportSummary } from '../src/core/ingest/types';
import type { CustomerModelOptions, CustomerModelResult } from '../src/core/models/analyzeCustomers';
import type { CustomerFilter, TableSort } from '../src/core/models/customerTable';
import type { CustomerOverview } from '../src/core/models/overview';
import type { PredictionResult } from '../src/core/models/clv/predict';
import type { Backtest } from '../src/core/models/clv/backtest';
import type { ChartSpec } from '../src/core/models/customerChart';
import type { BehaviourOverview } from '../src/core/models/signals/behaviour';
import type { CustomerCategoryRow } from '../src/core/models/signals/categories';
import type { DiscountRevenueRow } from '../src/core/models/signals/discounts';
import type { HeatmapCell } from '../src/core/models/signals/sendTime';
import type { SignalOptions } from '../src/core/models/signals/signals';
import type { SignalStep } from '../src/core/models/signals/steps';
import type { RfmGroup } from '../src/core/models/rfmGroups';
import type { SegmentComparison } from '../src/core/segments/compare';
import type { ExportFile, ExportKind } from '../src/core/segments/exports';
import type { Outcome, SavedSegments } from '../src/core/segments/session';
import type { SegmentStats } from '../src/core/segments/segmentStats';
import type { ValueCounts } from '../src/core/segments/suggest';
import type { RefusalText } from '../src/core/models/refusalText';

export interface EngineInfo {
  duckdbVersion: string;
  bundle: 'eh' | 'mvp';
  startMs: number;
  /** Whether DuckDB started from the module the page compiled while the worker loaded (engineModule.ts). */
  precompiled: boolean;
}

/** The same-origin wasm URLs of both bundles and, when the page already compiled one, that module. */
export interface EngineBundles {
  ehWasm: string;
  mvpWasm: string;
  compiled?: { bundle: 'eh' | 'mvp'; module: WebAssembly.Module };
}

export interface ImportRequest {
  /** The user's file (registered with DuckDB as a handle: never copied into the wasm heap). */
  file?: File;
  /** Same-origin URL of the built-in demo shop. */
  demoUrl?: string;
  columns?: ColumnMapping;
  dateOrder?: 'DMY' | 'MDY';
  /** An Excel workbook's worksheet to read, by its tab name (the summary's sheet choice); else the importer picks. */
  sheet?: string;
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
  start(bundles: EngineBundles): Promise<EngineInfo>;
  importData(request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult>;
  /** The summary of what is loaded now, or null before any successful import. */
  currentSummary(): Promise<ImportSummary | null>;
  /**
   * Builds the customer model (customers, RFM, tiers) and the overview. With `rebuild: false` only the scores are
   * recomputed (a cut-off changed), which is the cheap path for live edits. A rebuild tells `onOverview` the model
   * and the overview as soon as they are known, before the rest of each customer's row (e-mail, country, tags,
   * purchase days) is: at a million customers the overview can be drawn seconds earlier. The table, the drawer and
   * the segments wait for the answer, which comes when `customers` is complete.
   */
  analyzeCustomers(
    options: CustomerModelOptions,
    rebuild: boolean,
    onOverview?: (analysis: CustomerAnalysis) => void,
  ): Promise<CustomerAnalysis>;
  /** One page of the customer table as Arrow IPC bytes (transferred), plus the filtered total. */
  customerPage(filter: CustomerFilter, sort: TableSort, offset: number, limit: number): Promise<CustomerPage>;
  customerDetail(customerId: string): Promise<CustomerDetail | null>;
  /** Fits BG/NBD + Gamma-Gamma up to the as-of date and scores every customer (after analyzeCustomers). */
  predict(options: { yearlyDiscountRate?: number }): Promise<PredictionResult>;
  /** Fits on orders up to `calibrationEnd` and compares with what happened after it. */
  backtest(calibrationEnd: string): Promise<BacktestResult>;
  /** A notebook chart cell's data: one measure by one dimension over `customer_model` (after analyzeCustomers). */
  chartData(spec: ChartSpec): Promise<{ category: string; value: number | null; customers: number }[]>;
  /**
   * The live count of a segment query (newer calls supersede older ones: typing must not queue stale counts).
   * A query problem comes back as data with its span; `workerMs` is for the benchmark.
   */
  segmentStats(
    query: string,
    saved: SavedSegments,
    channel?: string,
  ): Promise<Outcome<SegmentStats> & { workerMs: number }>;
  /** The data's most common values per text attribute, for autocomplete. */
  segmentValues(): Promise<ValueCounts>;
  /** Sizes of several saved segments at once (the saved-segment list). */
  segmentSizes(saved: SavedSegments): Promise<Record<string, number | null>>;
  compareSegments(queries: string[], saved: SavedSegments): Promise<Outcome<SegmentComparison> & { workerMs: number }>;
  exportSegment(
    query: string,
    saved: SavedSegments,
    kind: ExportKind,
    /** `decimalComma`: the plain customers CSV in the `;` and decimal-comma convention of the reader's spreadsheet. */
    options: { segmentName: string; consentOnly: boolean; decimalComma?: boolean },
  ): Promise<Outcome<ExportFile>>;
  /** The matching customers' rows as a Parquet file (bytes transferred, not copied). */
  exportSegmentParquet(
    query: string,
    saved: SavedSegments,
    segmentName: string,
  ): Promise<Outcome<{ fileName: string; bytes: Uint8Array; rows: number }>>;
  /**
   * The behavioural signals over the current customer model (issue 7), with the view's chart data; `onStep` hears each
   * step as it starts (signals.ts SIGNAL_STEPS).
   */
  behaviour(options: Omit<SignalOptions, 'asOf'>, onStep?: (step: SignalStep) => void): Promise<BehaviourOverview>;
  /**
   * After a cut-off change: the discount figures per RFM group again, from the signals already computed for the
   * current customers (the only signal figures the scores split). Null when they were not: call `behaviour`.
   */
  behaviourByGroup(): Promise<DiscountRevenueRow[] | null>;
  /** Orders per weekday × hour of one RFM group (or the whole shop). */
  groupHeatmap(group?: RfmGroup): Promise<HeatmapCell[]>;
  /** Orders per weekday × hour of a segment's customers. */
  segmentHeatmap(query: string, saved: SavedSegments): Promise<Outcome<HeatmapCell[]>>;
  /**
   * Loads an events file (abandoned carts, returns, reviews…) beside the orders; a bad file is refused with the
   * reason and changes nothing. Call `behaviour` afterwards to see it. Dates whose day/month order the file cannot
   * tell are read in the order the user chose for the orders (ImportRequest.dateOrder), if they chose one.
   */
  loadEvents(request: { file?: File; demoUrl?: string }): Promise<
    | { ok: true; loaded: number; rejected: number }
    /**
     * `missing`: the columns the file lacks (each entry: names any one of which would do), when that is why;
     * `problem` and `rows`: the file gave no event (lastAction.ts, EventsFileError).
     */
    | {
        ok: false;
        message: string;
        missing?: string[][];
        columns?: string[];
        problem?: 'empty' | 'no_rows' | 'no_usable_rows' | 'unreadable';
        rows?: number;
      }
  >;
  /** Cancels the running and queued requests of a kind (e.g. the user pressed "Cancel import"). */
  cancel(kind: RequestKind): Promise<void>;
}

export type RequestKind =
  | 'import'
  | 'analysis'
  | 'table'
  | 'detail'
  | 'prediction'
  | 'backtest'
  | 'chart'
  | 'segment'
  | 'segmentValues'
  | 'segmentSizes'
  | 'compare'
  | 'export'
  | 'signals'
  | 'heatmap'
  | 'events';

export type BacktestResult =
  | ({ eligible: true; calibrationEnd: string; holdoutEnd: string } & Backtest)
  /** `text` words the reason in the user's language; a failure the page itself reports has only `reason`. */
  | { eligible: false; reason: string; text?: RefusalText };

export interface CustomerAnalysis {
  model: CustomerModelResult;
  overview: CustomerOverview;
  /** Changes when the overview's score-free part (totals, Pareto curve, histograms) was recomputed. */
  baseVersion: number;
  /** Time in the worker, for the benchmark. */
  workerMs: number;
}

export interface CustomerPage {
  total: number;
  offset: number;
  ipc: Uint8Array;
}

export interface CustomerDetail {
  customer: Record<string, unknown>;
  /** The customer's predictions, once the CLV model has run and found the data eligible. */
  prediction: Record<string, unknown> | null;
  /** The customer's behavioural signals, once they have been computed for the current customers. */
  signals: Record<string, unknown> | null;
  /** The categories they bought, the favourite first, with the signals (empty for a customer without lines). */
  categories: CustomerCategoryRow[] | null;
  orders: { order_id: string; ordered_at: string; amount: number; discount_code: string | null }[];
}
