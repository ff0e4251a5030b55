import { CancelledError, type RequestKind } from './protocol';

/** Handed to a running job: it checks `cancelled` between engine polls and stops early when set. */
export interface CancelToken {
  readonly cancelled: boolean;
}

interface Job {
  kind: RequestKind;
  channel: string;
  token: { cancelled: boolean };
  run: (token: CancelToken) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * One queue for the one DuckDB connection: jobs run strictly one at a time, in order. A newer job of the same kind
 * supersedes older ones (ARCHITECTURE.md: typing in the segment editor must not queue up stale counts): a queued one
 * is dropped, a running one is asked to stop.
 */
export class RequestQueue {
  private readonly waiting: Job[] = [];
  private running: Job | null = null;

  /**
   * Queues a job. With `supersede`, older jobs of the same kind and channel are cancelled; a channel separates
   * independent callers of one kind (two segment cells each typing their own query).
   */
  enqueue<T>(kind: RequestKind, run: (token: CancelToken) => Promise<T>, supersede = true, channel = ''): Promise<T> {
    if (supersede) this.cancel(kind, channel);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        kind,
        channel,
        token: { cancelled: false },
        run,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
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
