/**
 * The engine worker: owns DuckDB-WASM (blocking bindings, running right here, so results need no second hop), runs
 * every request through one queue, and never lets SQL from anywhere but src/core reach the engine.
 */
import * as arrow from 'apache-arrow';
import * as Comlink from 'comlink';
import { DuckDBDataProtocol, type DuckDBBindings } from 'duckdb-wasm-blocking';
import { importFile } from '../src/core/ingest/importFile';
import type { ImportProgress, ImportSummary } from '../src/core/ingest/types';
import { BlobSource } from './browserSource';
import type {
  CustomerAnalysis,
  CustomerDetail,
  BacktestResult,
  CustomerPage,
  EngineApi,
  EngineInfo,
  ImportRequest,
  ImportResult,
  RequestKind,
} from './protocol';
import { buildAndScore, scoreCustomers, type CustomerModelOptions } from '../src/core/models/analyzeCustomers';
import {
  customerCountSql,
  customerOrdersSql,
  customerPageRowsSql,
  customerPageSql,
  customerPredictionSql,
  customerRowSql,
  ChosenRows,
  type CustomerFilter,
  type TableSort,
} from '../src/core/models/customerTable';
import type { CustomerMeasures } from '../src/core/models/customerMeasures';
import { customerBaseOverview, customerOverview, type CustomerBaseOverview } from '../src/core/models/overview';
import { customerChartData, type ChartSpec } from '../src/core/models/customerChart';
import { predictWithFit, type PredictionResult } from '../src/core/models/clv/predict';
import { fitPurchaseModel, hasPurchaseModel } from '../src/core/models/clv/fitClv';
import { calibrationFromOrders } from '../src/core/models/clv/calibrationColumns';
import { dropCustomerClv } from '../src/core/models/clv/scoreCustomers';
import { backtest } from '../src/core/models/clv/backtest';
import { RequestQueue } from './requestQueue';
import { SegmentSession } from '../src/core/segments/session';
import { exportFileName } from '../src/core/segments/exports';
import { arrowToParquet } from './hostReaders';
import { behaviourOverview, groupHeatmap } from '../src/core/models/signals/behaviour';
import { customerCategoriesSql, type CustomerCategoryRow } from '../src/core/models/signals/categories';
import { discountRevenueByGroup } from '../src/core/models/signals/discounts';
import { KeptSignals } from '../src/core/models/signals/keptSignals';
import {
  EVENTS_TABLE,
  EventsColumnsError,
  EventsFileError,
  loadEventsCsv,
} from '../src/core/models/signals/lastAction';
import { customerSignalsSql, type SignalOptions } from '../src/core/models/signals/signals';
import type { SignalStep } from '../src/core/models/signals/steps';
import { englishRefusal, type RefusalText } from '../src/core/models/refusalText';
import { openLockedDuckDb } from './openDuckDb';
import type { WasmExecutor } from './wasmExecutor';

let bindings: DuckDBBindings | null = null;
let executor: WasmExecutor | null = null;
let summary: ImportSummary | null = null;
/**
 * The day/month order the user chose for the loaded orders (none: the file's own or its convention). An events file
 * comes from the same shop: where its dates cannot tell, they are read the same way (lastAction.ts).
 */
let ordersDateOrder: 'DMY' | 'MDY' | undefined;
/** The as-of date the current `customers` table was built for; null after an import (it must be rebuilt). */
let currentAsOf: string | null = null;
/**
 * What a cut-off change reuses from the current build of `customers`: every customer's RFM measures
 * (customerMeasures.ts) and the overview's score-free part; `version` tells the page when the latter changed.
 */
let customerBuild: { measures: CustomerMeasures; base: CustomerBaseOverview; version: number } | null = null;
let builds = 0;
/** The customer table's pages already chosen for the current `customers`. */
const chosenRows = new ChosenRows();
/** The build of `customers` the stored signals were computed from (`builds` numbers them); -1 for none. */
let signalsBuild = -1;
/** The rules the behaviour view last asked the signals for: the segments compute theirs with them too. */
let signalRules: Omit<SignalOptions, 'asOf'> = {};
/** What the signals' runs keep for each other over the current `customers` (keptSignals.ts). */
const keptSignals = new KeptSignals();
/** customer_clv_tiers exists for the current data (at least the purchase model's figures). */
let hasPredictions = false;
/** …and holds predicted spend and CLV too (the spend model was not refused). */
let hasSpendPredictions = false;
let uploadCounter = 0;
/** The only directory DuckDB may read after the lock-down; every file the user gives is registered under it. */
const UPLOAD_DIRECTORY = '/uploads/';
const queue = new RequestQueue();
/** Segments over the loaded data; told when the customer model or predictions change. */
let segments: SegmentSession | null = null;

function requireEngine(): { bindings: DuckDBBindings; executor: WasmExecutor } {
  if (!bindings || !executor) throw new Error('The analysis engine has not started yet.');
  return { bindings, executor };
}

/** Safe file name for DuckDB's virtual file system: keeps the extension, which DuckDB uses for compression. */
function virtualPath(fileName: string): string {
  const extension = (fileName.toLowerCase().match(/(\.[a-z0-9]{1,8}){1,2}$/)?.[0] ?? '').replace(/[^a-z0-9.]/g, '');
  return `${UPLOAD_DIRECTORY}upload_${++uploadCounter}${extension}`;
}

async function registerBlob(name: string, blob: Pick<Blob, 'size' | 'slice'>): Promise<void> {
  const { bindings } = requireEngine();
  await bindings.registerFileHandleAsync(name, blob, DuckDBDataProtocol.BROWSER_FILEREADER, true);
}

/** `customers` is being replaced (a new file, a rebuild): what was derived from the current one no longer holds. */
function forgetCustomers(): void {
  customerBuild = null;
  chosenRows.clear();
  signalsBuild = -1;
  keptSignals.clear();
  hasPredictions = false;
  hasSpendPredictions = false;
}

/** Counts the customers the table's filter keeps and picks one page of them, in order; remembered in chosenRows. */
async function choosePageRows(filter: CustomerFilter, sort: TableSort, offset: number, limit: number) {
  const { executor } = requireEngine();
  const count = customerCountSql(filter);
  const [{ n }] = await executor.all<{ n: number }>(count.sql, count.params);
  const chosen = customerPageRowsSql(filter, sort, offset, limit);
  const rows = (await executor.all<{ customer_row: number }>(chosen.sql, chosen.params)).map((row) => row.customer_row);
  chosenRows.set(filter, sort, offset, limit, n, rows);
  return { total: n, rows };
}

const api: EngineApi = {
  async start(bundles) {
    const started = performance.now();
    const engine = await openLockedDuckDb(bundles, UPLOAD_DIRECTORY);
    bindings = engine.bindings;
    executor = engine.executor;
    segments = new SegmentSession(
      executor,
      () => ({ asOf: currentAsOf, predictions: hasPredictions, spendPredictions: hasSpendPredictions, signalRules }),
      keptSignals,
    );
    const info: EngineInfo = {
      duckdbVersion: bindings.getVersion(),
      bundle: engine.bundle,
      startMs: Math.round(performance.now() - started),
      precompiled: engine.precompiled,
    };
    return info;
  },

  importData(request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
    // The file goes ahead of queued work (requestQueue.ts) but waits for the running job: the page says so.
    const waited = queue.busy;
    if (waited) onProgress?.({ phase: 'waiting' });
    return queue.enqueue('import', async (token) => {
      if (waited) onProgress?.({ phase: 'sniffing' });
      const started = performance.now();
      const { executor } = requireEngine();
      const blob = request.file ?? (await fetchDemo(request.demoUrl));
      const fileName = request.file?.name ?? request.demoUrl?.split('/').pop() ?? 'file';
      const source = new BlobSource(fileName, virtualPath(fileName), blob, registerBlob, (table, ipc) =>
        executor.loadArrowIpc(table, ipc),
      );
      await registerBlob(source.path, source.countingHandle);
      executor.onPoll = () => onProgress?.({ phase: 'loading', bytesRead: source.bytesRead, totalBytes: source.size });
      try {
        return await executor.cancellable(token, async () => {
          // Gone even if this import fails: one that stops after replacing `orders` must not leave signals kept.
          keptSignals.clear();
          const outcome = await importFile(executor, source, {
            columns: request.columns,
            dateOrder: request.dateOrder,
            sheet: request.sheet,
            onProgress: (progress) => onProgress?.({ totalBytes: source.size, ...progress }),
          });
          if (outcome.ok) {
            summary = outcome.summary;
            ordersDateOrder = request.dateOrder;
            // Events belong to the file they came with: a new file starts without them.
            await executor.run(`DROP TABLE IF EXISTS ${EVENTS_TABLE}`);
            currentAsOf = null;
            forgetCustomers();
            segments?.reset();
            queue.dataReplaced();
          }
          return { outcome, workerMs: performance.now() - started };
        });
      } finally {
        executor.onPoll = null;
      }
    });
  },

  async currentSummary() {
    return summary;
  },

  analyzeCustomers(options: CustomerModelOptions, rebuild: boolean, onOverview): Promise<CustomerAnalysis> {
    // A newer analysis (another as-of date, a cut-off changed again) supersedes this one: it stops at its next
    // statement, and the worker state it leaves is one a rebuild starts from (the kept build was forgotten first).
    // A rebuild also makes the signals asked for about the customers it replaces void (the page asks again for the
    // new ones, BehaviourCell.svelte): queued ahead of it, they kept it waiting ~5 s at a million customers
    // (Chromium, the benchmark's 5M file, 2026-12-07). A cut-off change keeps them: only a new build asks again.
    if (rebuild) queue.cancel('signals');
    return queue.enqueue('analysis', async (token) => {
      const { executor } = requireEngine();
      return executor.cancellable(token, async () => {
        const started = performance.now();
        const keep = !rebuild && currentAsOf && (!options.asOf || options.asOf === currentAsOf) ? currentAsOf : null;
        const reuse = keep && customerBuild ? { asOf: keep, build: customerBuild } : null;
        if (reuse) {
          chosenRows.rescored();
          keptSignals.scoresChanged();
        } else {
          // A rebuild replaces `customers`: what was kept from the old one is void even if the rebuild fails, and the
          // predictions, stored row for row with it, go too (the page asks for new ones).
          forgetCustomers();
          await dropCustomerClv(executor);
        }
        let base = reuse?.build.base ?? null;
        const version = reuse?.build.version ?? ++builds;
        const { model, cells, measures } = reuse
          ? await scoreCustomers(executor, reuse.asOf, options, reuse.build.measures)
          : await buildAndScore(executor, options, (early) => {
              base = customerBaseOverview(early.measures);
              const overview = customerOverview(base, early.cells);
              void onOverview?.({
                model: early.model,
                overview,
                baseVersion: version,
                workerMs: performance.now() - started,
              });
            });
        const build = { measures, base: base ?? customerBaseOverview(measures), version };
        if (!reuse) segments?.customersRebuilt();
        customerBuild = build;
        if (currentAsOf !== model.asOf) segments?.reset();
        currentAsOf = model.asOf;
        segments?.invalidate();
        return {
          model,
          overview: customerOverview(build.base, cells),
          baseVersion: build.version,
          workerMs: performance.now() - started,
        };
      });
    });
  },

  customerPage(filter: CustomerFilter, sort: TableSort, offset: number, limit: number): Promise<CustomerPage> {
    return queue.enqueue('table', async () => {
      const { executor } = requireEngine();
      const { total, rows } =
        chosenRows.get(filter, sort, offset, limit) ?? (await choosePageRows(filter, sort, offset, limit));
      const page = customerPageSql(rows, sort);
      const ipc = await executor.ipc(page.sql, page.params);
      return Comlink.transfer({ total, offset, ipc }, [ipc.buffer as ArrayBuffer]);
    });
  },

  customerDetail(customerId: string): Promise<CustomerDetail | null> {
    return queue.enqueue('detail', async () => {
      const { executor } = requireEngine();
      const row = customerRowSql(customerId);
      const [customer] = await executor.all(row.sql, row.params);
      if (!customer) return null;
      const orders = customerOrdersSql(customerId);
      const predictionQuery = customerPredictionSql(customerId);
      const [prediction] = hasPredictions ? await executor.all(predictionQuery.sql, predictionQuery.params) : [];
      const signalsQuery = customerSignalsSql(customerId);
      const categoriesQuery = customerCategoriesSql(customerId);
      const withSignals = signalsBuild === builds;
      return {
        customer,
        orders: (await executor.all(orders.sql, orders.params)) as CustomerDetail['orders'],
        prediction: prediction ?? null,
        signals: withSignals ? ((await executor.all(signalsQuery.sql, signalsQuery.params))[0] ?? null) : null,
        categories: withSignals
          ? await executor.all<CustomerCategoryRow>(categoriesQuery.sql, categoriesQuery.params)
          : null,
      };
    });
  },

  predict(options: { yearlyDiscountRate?: number }): Promise<PredictionResult> {
    return queue.enqueue('prediction', async () => {
      const { executor } = requireEngine();
      if (!currentAsOf) throw new Error('Analyse the customers first.');
      const result = await predictWithFit(executor, currentAsOf, options, customerBuild?.measures);
      hasPredictions = hasPurchaseModel(result.fit);
      hasSpendPredictions = result.fit.eligible;
      segments?.invalidate();
      return result;
    });
  },

  backtest(calibrationEnd: string): Promise<BacktestResult> {
    return queue.enqueue('backtest', async () => {
      const { executor } = requireEngine();
      const holdoutEnd = summary?.lastOrder;
      if (!holdoutEnd || calibrationEnd >= holdoutEnd) {
        const text: RefusalText = { id: 'refusal.cutoffNotBeforeLastOrder' };
        return { eligible: false, reason: englishRefusal(text), text };
      }
      // The purchase model alone: the back-test compares purchases, so a spend the model cannot fit does not hide it.
      const calibration = await calibrationFromOrders(executor, calibrationEnd, holdoutEnd);
      const fit = fitPurchaseModel(calibration, { calibrationEnd, holdoutEnd, timeUnit: 'week' });
      if (!fit.eligible) return { eligible: false, reason: fit.reason, text: fit.text };
      const { r, alpha, a, b } = fit.bgnbd.params;
      return {
        eligible: true,
        calibrationEnd,
        holdoutEnd,
        ...(await backtest(executor, { r, alpha, a, b }, calibrationEnd, holdoutEnd)),
      };
    });
  },

  chartData(spec: ChartSpec) {
    // Several chart cells may ask at once: each request stands (no superseding within the kind).
    return queue.enqueue('chart', () => customerChartData(requireEngine().executor, spec), false);
  },

  segmentStats(query, saved, channel = '') {
    return queue.enqueue(
      'segment',
      async () => {
        const started = performance.now();
        return { ...(await requireSegments().stats(query, saved)), workerMs: performance.now() - started };
      },
      true,
      channel,
    );
  },

  segmentValues() {
    return queue.enqueue('segmentValues', () => requireSegments().values());
  },

  segmentSizes(saved) {
    return queue.enqueue('segmentSizes', async () => {
      const sizes: Record<string, number | null> = {};
      for (const [name, query] of Object.entries(saved)) {
        const outcome = await requireSegments().stats(query, saved);
        sizes[name] = outcome.ok ? outcome.value.count : null;
      }
      return sizes;
    });
  },

  compareSegments(queries, saved) {
    return queue.enqueue('compare', async () => {
      const started = performance.now();
      return { ...(await requireSegments().compare(queries, saved)), workerMs: performance.now() - started };
    });
  },

  exportSegment(query, saved, kind, options) {
    return queue.enqueue('export', () => requireSegments().export(query, saved, kind, options), false);
  },

  exportSegmentParquet(query, saved, segmentName) {
    return queue.enqueue(
      'export',
      async () => {
        const rows = await requireSegments().customerRows(query, saved);
        if (!rows.ok) return rows;
        const table = arrow.tableFromIPC(await requireEngine().executor.ipc(rows.value.sql, rows.value.params));
        const bytes = await arrowToParquet(table);
        const value = { fileName: exportFileName(segmentName, 'customers.parquet'), bytes, rows: table.numRows };
        return Comlink.transfer({ ok: true as const, value }, [bytes.buffer as ArrayBuffer]);
      },
      false,
    );
  },

  behaviour(options, onStep) {
    signalRules = options;
    return queue.enqueue('signals', async (token) => {
      if (!currentAsOf) throw new Error('Analyse the customers first.');
      const asOf = currentAsOf;
      const build = builds;
      const { executor } = requireEngine();
      // A newer run (a rule changed again, a new model) makes this one's answer void: it stops at the engine's next
      // poll instead of running on (~10 s at a million customers) before the newer one may start. What it replaced
      // until then leaves the stored signals incomplete: they count as not computed until a run succeeds.
      signalsBuild = -1;
      // Between steps too: a signal kept from an earlier run takes no statement, so no poll would notice.
      const step = (next: SignalStep) => {
        executor.throwIfCancelled();
        onStep?.(next);
      };
      const compute = () => behaviourOverview(executor, { ...options, asOf }, step, keptSignals);
      const overview = await executor.cancellable(token, () =>
        segments ? segments.computeSignalsWith(compute) : compute(),
      );
      signalsBuild = build;
      return overview;
    });
  },

  behaviourByGroup() {
    return queue.enqueue(
      'signals',
      async () => (signalsBuild === builds ? discountRevenueByGroup(requireEngine().executor) : null),
      true,
      'by-group',
    );
  },

  groupHeatmap(group) {
    return queue.enqueue('heatmap', async () => {
      if (!currentAsOf) throw new Error('Analyse the customers first.');
      return groupHeatmap(requireEngine().executor, currentAsOf, group);
    });
  },

  segmentHeatmap(query, saved) {
    return queue.enqueue('heatmap', () => requireSegments().heatmap(query, saved));
  },

  loadEvents(request) {
    return queue.enqueue('events', async () => {
      const blob = request.file ?? (await fetchDemo(request.demoUrl));
      const path = `${UPLOAD_DIRECTORY}events_${++uploadCounter}.csv`;
      await registerBlob(path, blob);
      keptSignals.eventsChanged();
      try {
        const result = await loadEventsCsv(requireEngine().executor, path, { dateOrder: ordersDateOrder });
        segments?.reset();
        return { ok: true as const, ...result };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof EventsColumnsError)
          return { ok: false as const, message, missing: error.missing, columns: error.columns };
        if (error instanceof EventsFileError)
          return { ok: false as const, message, problem: error.problem, rows: error.rows };
        return { ok: false as const, message };
      }
    });
  },

  async cancel(kind: RequestKind) {
    queue.cancel(kind);
  },
};

function requireSegments(): SegmentSession {
  if (!segments) throw new Error('The analysis engine has not started yet.');
  return segments;
}

async function fetchDemo(url: string | undefined): Promise<Blob> {
  if (!url) throw new Error('Nothing to import: no file and no demo URL.');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The demo shop could not be loaded (${response.status}).`);
  return response.blob();
}

Comlink.expose(api);
