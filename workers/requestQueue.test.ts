import { describe, expect, it } from 'vitest';
import { RequestQueue } from './requestQueue';
import { CancelledError } from './protocol';

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

  it('a failing job rejects without blocking the queue', async () => {
    const queue = new RequestQueue();
    const failing = queue.enqueue('import', async () => {
      throw new Error('boom');
    });
    const next = queue.enqueue('analysis', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
