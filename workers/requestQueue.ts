import { CancelledError, type RequestKind } from './protocol';

/** Handed to a running job: it checks `cancelled` between engine polls and stops early when set. */
export interface CancelToken {
  readonly cancelled: boolean;
}

interface Job {
  kind: RequestKind;
  channel: string;
  /** The loaded data the job was asked about (RequestQueue.dataReplaced counts the replacements). */
  data: number;
  token: { cancelled: boolean };
  run: (token: CancelToken) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** What a person is waiting on as they type or scroll: served before queued background work. */
const INTERACTIVE: ReadonlySet<RequestKind> = new Set(['segment', 'segmentValues', 'table', 'detail']);
/**
 * Work that reads the loaded data without changing what interactive requests read, and that nobody is watching
 * key by key: an interactive request may go ahead of it. Imports, the customer model and the predictions are not
 * here: a count must not run before the model it counts on.
 */
const BACKGROUND: ReadonlySet<RequestKind> = new Set([
  'backtest',
  'chart',
  'segmentSizes',
  'compare',
  'signals',
  'heatmap',
]);

/**
 * What a new job of a kind makes void besides the older jobs of its own kind. A new analysis replaces the model that
 * queued table pages would be read from, and the page asks for its table again once the analysis is in: a page asked
 * for by an analysis that a newer one superseded would otherwise run first, on the old model, for nothing (41–63 ms
 * at a million customers in Chromium, 2026-12-07). The signals such an analysis set off cost seconds; the worker
 * drops them itself, for rebuilds only (engine.worker.ts), which the queue cannot tell from cut-off changes.
 */
const VOIDS: Partial<Record<RequestKind, RequestKind[]>> = { analysis: ['table'] };

/**
 * One queue for the one DuckDB connection: jobs run strictly one at a time. A newer job of the same kind
 * supersedes older ones (ARCHITECTURE.md: typing in the segment editor must not queue up stale counts): a queued one
 * is dropped, a running one is asked to stop. Jobs run in order, except that an interactive job (a live count, a
 * page of the customer table) goes ahead of queued background jobs: a count typed while the behaviour view is
 * queued behind a back-test answers after the running job, not after all of them. A running job is never
 * interrupted: DuckDB has one connection here.
 *
 * A new file goes ahead of every queued job but exports (a download the user asked for of the data on screen): the
 * rest of the customers, the table, the signals and the predictions set off by an analysis keep the engine busy for
 * seconds (about 4 s after the overview of the benchmark's 1M-line file), and a file dropped meanwhile waited for all
 * of it, though the new file makes its answers void. Once the new file is in (dataReplaced), the jobs asked about
 * the old data are dropped as cancelled; when it is refused, the old data stays and so do they, and run as they
 * would have.
 */
export class RequestQueue {
  private readonly waiting: Job[] = [];
  private running: Job | null = null;
  private data = 0;

  /** Is a job running, so that a new one waits? */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * Queues a job. With `supersede`, older jobs of the same kind and channel are cancelled; a channel separates
   * independent callers of one kind (two segment cells each typing their own query).
   */
  enqueue<T>(kind: RequestKind, run: (token: CancelToken) => Promise<T>, supersede = true, channel = ''): Promise<T> {
    if (supersede) this.cancel(kind, channel);
    for (const voided of VOIDS[kind] ?? []) this.cancel(voided);
    return new Promise<T>((resolve, reject) => {
      const job = {
        kind,
        channel,
        data: this.data,
        token: { cancelled: false },
        run,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      this.waiting.splice(this.position(kind), 0, job);
      void this.pump();
    });
  }

  /** Cancels the kind's queued and running jobs: all of them, or only one channel's. */
  cancel(kind: RequestKind, channel?: string): void {
    const matches = (job: Job) => job.kind === kind && (channel === undefined || job.channel === channel);
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (!matches(this.waiting[i])) continue;
      const [job] = this.waiting.splice(i, 1);
      job.reject(new CancelledError());
    }
    if (this.running && matches(this.running)) this.running.token.cancelled = true;
  }

  /**
   * New data replaced what the waiting jobs were asked about: those asked before it are dropped as cancelled (the
   * page asks again about the new data). Called by the job that replaced it, before it returns. A waiting import
   * stays: it reads a file, not the data it replaces.
   */
  dataReplaced(): void {
    this.data++;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].data === this.data || this.waiting[i].kind === 'import') continue;
      const [job] = this.waiting.splice(i, 1);
      job.reject(new CancelledError());
    }
  }

  /**
   * Where a new job of `kind` joins the waiting list: at the end; for interactive work, after the last job it may
   * not overtake; for a new file, after the last export.
   */
  private position(kind: RequestKind): number {
    const mayOvertake =
      kind === 'import' ? (job: Job) => job.kind !== 'export' : INTERACTIVE.has(kind) ? isBackground : null;
    if (mayOvertake === null) return this.waiting.length;
    let position = 0;
    this.waiting.forEach((job, index) => {
      if (!mayOvertake(job)) position = index + 1;
    });
    return position;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    try {
      const result = await job.run(job.token);
      if (job.token.cancelled) job.reject(new CancelledError());
      else job.resolve(result);
    } catch (error) {
      job.reject(job.token.cancelled ? new CancelledError() : error);
    } finally {
      this.running = null;
      void this.pump();
    }
  }
}

function isBackground(job: Job): boolean {
  return BACKGROUND.has(job.kind);
}
