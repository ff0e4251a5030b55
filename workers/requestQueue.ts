import { CancelledError, type RequestKind } from './protocol';

/** Handed to a running job: it checks `cancelled` between engine polls and stops early when set. */
export interface CancelToken {
  readonly cancelled: boolean;
}

interface Job {
  kind: RequestKind;
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

  enqueue<T>(kind: RequestKind, run: (token: CancelToken) => Promise<T>, supersede = true): Promise<T> {
    if (supersede) this.cancel(kind);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ kind, token: { cancelled: false }, run, resolve: resolve as (v: unknown) => void, reject });
      void this.pump();
    });
  }

  cancel(kind: RequestKind): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].kind !== kind) continue;
      const [job] = this.waiting.splice(i, 1);
      job.reject(new CancelledError());
    }
    if (this.running?.kind === kind) this.running.token.cancelled = true;
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
