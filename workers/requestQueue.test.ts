import { describe, expect, it } from 'vitest';
import { RequestQueue } from './requestQueue';
import { CancelledError } from './protocol';

/** A job that notes its name in `log` as it starts, takes 2 ms, runs `then` and returns its name. */
function loggedJob(log: string[], name: string, then: () => void = () => {}) {
  return async () => {
    log.push(name);
    await new Promise((r) => setTimeout(r, 2));
    then();
    return name;
  };
}

describe('RequestQueue', () => {
  it('runs jobs one at a time in order', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.enqueue('import', job('a'), false), queue.enqueue('analysis', job('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('a newer request of the same kind drops the queued one and flags the running one', async () => {
    const queue = new RequestQueue();
    let sawCancel = false;
    const first = queue.enqueue('analysis', async (token) => {
      await new Promise((r) => setTimeout(r, 20));
      sawCancel = token.cancelled;
      return 1;
    });
    const second = queue.enqueue('analysis', async () => 2);
    const third = queue.enqueue('analysis', async () => 3);
    const [a, b, c] = await Promise.allSettled([first, second, third]);
    expect(a).toMatchObject({ status: 'rejected', reason: expect.any(CancelledError) });
    expect(b).toMatchObject({ status: 'rejected', reason: expect.any(CancelledError) });
    expect(c).toEqual({ status: 'fulfilled', value: 3 });
    expect(sawCancel).toBe(true);
  });

  it('drops the table pages asked for before a new analysis, which replaces the model they read', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const job = (name: string) => loggedJob(log, name);
    const all = [
      queue.enqueue('analysis', job('first analysis')),
      queue.enqueue('table', job('page of the first')),
      queue.enqueue('analysis', job('second analysis')),
    ];
    const settled = await Promise.allSettled(all);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(log).toEqual(['first analysis', 'second analysis']);
  });

  it('serves interactive jobs before queued background work, never before the model they read', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const job = (name: string) => loggedJob(log, name);
    const all = [
      queue.enqueue('analysis', job('analysis (running)')),
      queue.enqueue('signals', job('signals')),
      queue.enqueue('prediction', job('prediction')),
      queue.enqueue('backtest', job('backtest')),
      queue.enqueue('chart', job('chart'), false),
      queue.enqueue('segment', job('count')),
      queue.enqueue('table', job('table page')),
    ];
    await Promise.all(all);
    // The count and the table page overtake the back-test and the chart, not the prediction queued before them
    // (the attributes they read), nor the signals ahead of that; among themselves they keep their order.
    expect(log).toEqual(['analysis (running)', 'signals', 'prediction', 'count', 'table page', 'backtest', 'chart']);
  });

  it('a failing job rejects without blocking the queue', async () => {
    const queue = new RequestQueue();
    const failing = queue.enqueue('import', async () => {
      throw new Error('boom');
    });
    const next = queue.enqueue('analysis', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });

  it('supersedes only within a channel, and cancel(kind) reaches every channel', async () => {
    const queue = new RequestQueue();
    const slow = (value: string) => async () => {
      await new Promise((r) => setTimeout(r, 5));
      return value;
    };
    const a1 = queue.enqueue('segment', slow('a1'), true, 'cell-a');
    const b1 = queue.enqueue('segment', slow('b1'), true, 'cell-b');
    const a2 = queue.enqueue('segment', slow('a2'), true, 'cell-a');
    const [ra1, rb1, ra2] = await Promise.allSettled([a1, b1, a2]);
    expect(ra1.status === 'rejected' && ra1.reason).toBeInstanceOf(CancelledError);
    expect(rb1).toEqual({ status: 'fulfilled', value: 'b1' });
    expect(ra2).toEqual({ status: 'fulfilled', value: 'a2' });
    const c = queue.enqueue('segment', slow('c'), true, 'cell-c');
    const d = queue.enqueue('segment', slow('d'), true, 'cell-d');
    queue.cancel('segment');
    const settled = await Promise.allSettled([c, d]);
    expect(settled.every((r) => r.status === 'rejected')).toBe(true);
  });

  it('a new file goes ahead of queued work but exports, and the work asked about the old data is then dropped', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const job = (name: string, replacesData = false) =>
      loggedJob(log, name, () => {
        if (replacesData) queue.dataReplaced();
      });
    const all = [
      queue.enqueue('signals', job('signals (running)')),
      queue.enqueue('export', job('export'), false),
      queue.enqueue('prediction', job('prediction')),
      queue.enqueue('backtest', job('backtest')),
      queue.enqueue('import', job('import', true)),
      queue.enqueue('segment', job('count asked during the import')),
    ];
    expect(queue.busy).toBe(true);
    const settled = await Promise.allSettled(all);
    expect(log).toEqual(['signals (running)', 'export', 'import']);
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.constructor.name))).toEqual([
      'signals (running)',
      'export',
      'CancelledError',
      'CancelledError',
      'import',
      'CancelledError',
    ]);
    expect(queue.busy).toBe(false);
    // Asked about the new data, work runs as usual.
    await expect(queue.enqueue('analysis', async () => 'new analysis')).resolves.toBe('new analysis');
  });

  it('when the new file is refused, the old data stays and the work queued about it runs after all', async () => {
    const queue = new RequestQueue();
    const log: string[] = [];
    const job = (name: string) => loggedJob(log, name);
    const all = [
      queue.enqueue('analysis', job('analysis (running)')),
      queue.enqueue('signals', job('signals')),
      queue.enqueue('import', async () => {
        log.push('refused import');
        throw new Error('not a table');
      }),
    ];
    const settled = await Promise.allSettled(all);
    expect(log).toEqual(['analysis (running)', 'refused import', 'signals']);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('keeps a newer file waiting when the one before it replaces the data as it is cancelled', async () => {
    const queue = new RequestQueue();
    const first = queue.enqueue('import', async () => {
      await new Promise((r) => setTimeout(r, 5));
      queue.dataReplaced();
      return 'first';
    });
    const second = queue.enqueue('import', async () => 'second');
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    await expect(second).resolves.toBe('second');
  });
});
