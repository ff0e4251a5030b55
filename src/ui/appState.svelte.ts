import * as Comlink from 'comlink';
import { tick } from 'svelte';
import type { ColumnMapping, ImportOptions, ImportOutcome, ImportProgress, ImportSummary } from '../core/ingest/types';
import type { CustomerModelOptions } from '../core/models/analyzeCustomers';
import { defaultAsOfAfter } from '../core/models/asOf';
import type { ChartSpec } from '../core/models/customerChart';
import { startEngine, type Engine } from './engineClient';
import { keepReadingIfRemembered, rememberedFile, type FileReading } from './storage/browserStore';
import { SegmentStore } from './segments/segmentStore.svelte';
import { BehaviourState } from './signals/behaviourState.svelte';
import { importProblemMessage } from './i18n/importProblem';
import { t, failureMessage } from './i18n/i18n.svelte';
import { CustomerState } from './customerState.svelte';
import { PredictionState } from './predictionState.svelte';

type DateOrder = NonNullable<ImportOptions['dateOrder']>;

export type EngineStatus = 'starting' | 'ready' | 'failed';

/** A mapping step in progress: the file waits while the user picks its columns. */
export interface MappingStep {
  file: File;
  outcome: Extract<ImportOutcome, { kind: 'needs_mapping' }>;
  /** The workbook sheet whose columns are mapped, when the user chose one. */
  sheet?: string;
}

/** Resolved against the page, not the worker: the worker lives in assets/ and relative URLs would point there. */
const demoUrl = (file = 'demo-shop.csv.gz') => new URL(`${import.meta.env.BASE_URL}demo/${file}`, location.href).href;

/** Everything the page knows: engine status, what is loaded, and the import in flight. */
export class AppState {
  engineStatus = $state<EngineStatus>('starting');
  engineError = $state<string | null>(null);
  engineStartMs = $state<number | null>(null);
  summary = $state<ImportSummary | null>(null);
  loadedFrom = $state<'demo' | 'file' | null>(null);
  importing = $state<string | null>(null);
  progress = $state<ImportProgress | null>(null);
  /** Why the last import failed, worded when shown, so switching the language rewords it. */
  importError = $state<(() => string) | null>(null);
  mapping = $state<MappingStep | null>(null);
  /** The user's file now loaded (null for the demo): what "Remember this file on this device" keeps. */
  currentFile = $state.raw<File | null>(null);
  /** How the loaded file was read: its columns as the user mapped them, and the day/month order if they chose one. */
  currentReading = $state.raw<FileReading>({});
  private engine: Engine | null = null;
  /** Counts imports started: an import a newer one superseded leaves the page (progress, errors) to the newer one. */
  private importRun = 0;
  /** Model settings for a newly loaded file (a shared link sets them; otherwise the defaults). */
  optionsFor: (summary: ImportSummary) => CustomerModelOptions = () => ({});
  readonly predictions = new PredictionState(() => this.engine);
  readonly segments = new SegmentStore(() => this.engine);
  readonly behaviour = new BehaviourState(
    () => this.engine,
    () => this.segments.snapshot(),
  );
  readonly customers = new CustomerState(
    () => this.engine,
    () => void this.predictions.run(),
  );

  async start(demoLabel: string): Promise<void> {
    try {
      this.engine = await startEngine();
      this.engineStartMs = this.engine.info.startMs;
      this.engineStatus = 'ready';
      // The engine's details ride on the mark, for the benchmark and the end-to-end tests.
      performance.mark('engine-ready', { detail: this.engine.info });
    } catch (error) {
      this.engineStatus = 'failed';
      this.engineError = error instanceof Error ? error.message : String(error);
      return;
    }
    // A file the user asked to keep on this device opens instead of the demo.
    const remembered = await rememberedFile();
    if (remembered) {
      const { columns, dateOrder, sheet } = remembered.reading;
      await this.loadFile(remembered.file, columns, dateOrder, sheet);
    }
    if (!this.summary) await this.runImport(demoLabel, { demoUrl: demoUrl() }, 'demo');
  }

  async loadFile(file: File, columns?: ColumnMapping, dateOrder?: DateOrder, sheet?: string): Promise<void> {
    this.mapping = null;
    await this.runImport(file.name, { file, columns, dateOrder, sheet }, 'file');
  }

  /**
   * Reads another worksheet of the loaded workbook, afresh: the columns mapped and the day/month order chosen were
   * the other sheet's. A sheet that cannot be read leaves the loaded one in place, with the reason shown.
   */
  async readSheet(name: string): Promise<void> {
    if (this.currentFile) await this.loadFile(this.currentFile, undefined, undefined, name);
  }

  /**
   * The loaded file's day/month dates and the other way to read them, when its sample could not tell the order (no
   * day above 12) or the user already chose one; null when there is no such choice to offer.
   */
  get dateReading(): { pattern: string; other: string; chosen: boolean } | null {
    const pattern = this.summary?.detected.dateFormat ?? '';
    const chosen = this.currentReading.dateOrder !== undefined;
    const ambiguous = (this.summary?.issues.ambiguous_date_format ?? 0) > 0;
    if (!this.currentFile || !(chosen || ambiguous) || !/^(dd|mm)\W/.test(pattern)) return null;
    return { pattern, other: pattern.replace(/^(dd|mm)(\W)(dd|mm)/, '$3$2$1'), chosen };
  }

  /** Reads the loaded file again with day and month the other way round, as it was read otherwise. */
  async readDatesTheOtherWay(): Promise<void> {
    const reading = this.dateReading;
    if (!reading || !this.currentFile) return;
    const dateOrder = reading.other.startsWith('dd') ? 'DMY' : 'MDY';
    await this.loadFile(this.currentFile, this.currentReading.columns, dateOrder, this.currentReading.sheet);
  }

  async cancelImport(): Promise<void> {
    await this.engine?.api.cancel('import');
  }

  dismissImportError(): void {
    this.importError = null;
  }

  /** A notebook chart's data (the chart cells ask for it themselves; they are many and independent). */
  async chartData(spec: ChartSpec): Promise<{ category: string; value: number | null }[]> {
    if (!this.engine) throw new Error(t('engine.starting'));
    return this.engine.api.chartData(spec);
  }

  dismissMapping(): void {
    this.mapping = null;
  }

  /** Reads another worksheet of the workbook the mapping step holds: its columns may need no mapping, or other. */
  async readMappingSheet(name: string): Promise<void> {
    if (this.mapping) await this.runImport(this.mapping.file.name, { file: this.mapping.file, sheet: name }, 'file');
  }

  /**
   * Imports the file the mapping step holds with the user's columns. The step stays on screen until the file is
   * read: columns the importer cannot read (text as the amount, say) leave it open, the user's picks in place, to
   * correct beside the error rather than start again from the file.
   */
  async applyMapping(columns: ColumnMapping): Promise<void> {
    if (!this.mapping) return;
    const { file, sheet } = this.mapping;
    await this.runImport(file.name, { file, columns, sheet }, 'file');
  }

  private async runImport(
    label: string,
    request: { file?: File; demoUrl?: string; columns?: ColumnMapping; dateOrder?: DateOrder; sheet?: string },
    from: 'demo' | 'file',
  ): Promise<void> {
    if (!this.engine) return;
    const run = ++this.importRun;
    const current = () => run === this.importRun;
    this.importing = label;
    this.importError = null;
    this.progress = { phase: 'sniffing' };
    try {
      performance.mark('import-start');
      const { outcome, workerMs } = await this.engine.api.importData(
        request,
        Comlink.proxy((progress: ImportProgress) => {
          if (current()) this.progress = progress;
        }),
      );
      if (outcome.ok) {
        // Plain copies: IndexedDB cannot store the mapping step's reactive proxy.
        const reading = {
          columns: request.columns && { ...request.columns },
          dateOrder: request.dateOrder,
          sheet: request.sheet,
        };
        // Saved before the new figures show, so that what the page shows is what opens next time (a few ms).
        if (request.file) await keepReadingIfRemembered(request.file, reading);
        this.summary = outcome.summary;
        this.mapping = null;
        this.loadedFrom = from;
        this.currentFile = request.file ?? null;
        this.currentReading = reading;
        await tick();
        // Read by `npm run bench`: drop → summary rendered, and the worker's share of it.
        performance.measure('import-to-summary', { start: 'import-start', detail: { workerMs } });
        // The default as-of date shows in its field at once, not only once the new model is built.
        const { lastOrder } = outcome.summary;
        this.customers.options = {
          ...(lastOrder ? { asOf: defaultAsOfAfter(lastOrder) } : {}),
          ...this.optionsFor(outcome.summary),
        };
        this.customers.dataReplaced();
        this.behaviour.dataReplaced();
        // The demo shop comes with its events file (abandoned carts, returns, reviews) for the behaviour view.
        if (from === 'demo') void this.behaviour.loadEvents({ demoUrl: demoUrl('demo-events.csv') }, 'demo-events.csv');
        this.predictions.reset();
        void this.customers.analyse(true);
      } else if (current()) {
        // (A question or a refusal about a file the user has since replaced by another is no longer theirs to answer.)
        if (outcome.kind === 'needs_mapping' && request.file) {
          // The sheet pinned, chosen or not: the columns the user maps are that sheet's.
          this.mapping = { file: request.file, outcome, sheet: request.sheet ?? outcome.sheet?.name };
        } else {
          // A mapping question without a file to map cannot come from the demo shop; its English line is the fallback.
          const { message } = outcome;
          const problem = outcome.kind === 'error' ? outcome.problem : null;
          this.importError = () => (problem ? importProblemMessage(problem) : message);
        }
      }
    } catch (error) {
      // The worker stops an import when a newer one starts: that is no failure to report over the newer one.
      if (!current()) return;
      this.importError = () => failureMessage(error, 'import') ?? t('import.cancelled');
    } finally {
      if (current()) {
        this.importing = null;
        this.progress = null;
      }
    }
  }
}
