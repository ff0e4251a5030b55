import { beforeAll, describe, expect, it } from 'vitest';
import { fromWorker, withMemoryLimit } from '../../tests/engineFailures';
import { openWasmInNode } from '../../tests/wasmInNode';
import { classifyEngineError } from './engineError';
import type { SqlExecutor } from './sql/executor';

/** The error as the page receives it from the worker. */
const acrossComlink = (error: Error) => fromWorker(error.name, error.message);

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('classifyEngineError on DuckDB-WASM’s own errors', () => {
  let db: SqlExecutor;
  beforeAll(async () => {
    db = await openWasmInNode();
  });

  async function failureOf(sql: string): Promise<unknown> {
    return db.run(sql).then(
      () => {
        throw new Error(`no error from ${sql}`);
      },
      (error: unknown) => error,
    );
  }

  it('tells running out of memory from the rest, keeping only the first line of the message', async () => {
    const error = await withMemoryLimit(db, '8MB', () =>
      failureOf(
        `CREATE TABLE wide AS SELECT i % 1000000 AS k, string_agg(i::VARCHAR, ',') AS s FROM range(3000000) r(i) GROUP BY k`,
      ),
    );
    // DuckDB's message goes on about temp directories and `SET threads`, which no browser user can act on.
    expect(String(error)).toContain('\n');
    const classified = classifyEngineError(acrossComlink(error as Error));
    expect(classified.kind).toBe('outOfMemory');
    expect(classified).toMatchObject({ detail: expect.stringMatching(/^Out of Memory Error: could not allocate /) });
    expect(classified).not.toMatchObject({ detail: expect.stringContaining('\n') });
  });

  it('reports any other DuckDB error by its first line', async () => {
    expect(classifyEngineError(acrossComlink((await failureOf('SELECT nope FROM range(1)')) as Error))).toEqual({
      kind: 'failed',
      detail: 'Binder Error: Referenced column "nope" not found in FROM clause!',
    });
    // A DuckDB message that happens to read as a sentence is still DuckDB's, not ours.
    expect(classifyEngineError(await failureOf(`SELECT error('The planted failure.')`))).toEqual({
      kind: 'failed',
      detail: 'Invalid Input Error: The planted failure.',
    });
  });
});

describe('classifyEngineError on errors from JavaScript and WebAssembly', () => {
  it('takes a request superseded in the queue for no failure', () => {
    expect(classifyEngineError(new Error('cancelled'))).toEqual({ kind: 'cancelled' });
  });

  it('takes an array V8 could not allocate for running out of memory', () => {
    const tooLarge = thrownBy(() => new ArrayBuffer(2 ** 53 - 1)) as Error;
    expect(tooLarge.name).toBe('RangeError');
    expect(classifyEngineError(acrossComlink(tooLarge))).toEqual({ kind: 'outOfMemory', detail: tooLarge.message });
  });

  it('takes a WebAssembly trap for a crash', async () => {
    // The smallest module whose one exported function traps: (func (export "f") unreachable).
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
      0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
    ]);
    const { instance } = await WebAssembly.instantiate(bytes);
    const trap = thrownBy(() => (instance.exports.f as () => void)()) as Error;
    expect(trap).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(classifyEngineError(trap)).toEqual({ kind: 'crashed', detail: 'unreachable' });
    expect(classifyEngineError(acrossComlink(trap))).toEqual({ kind: 'crashed', detail: 'unreachable' });
  });

  it('shows our own sentences as they are and reports faults in our code', () => {
    expect(classifyEngineError(new Error('Analyse the customers first.'))).toEqual({
      kind: 'explained',
      message: 'Analyse the customers first.',
    });
    expect(classifyEngineError(new Error('order history: 3 orders read, 4 expected'))).toEqual({
      kind: 'failed',
      detail: 'order history: 3 orders read, 4 expected',
    });
    const fault = thrownBy(() => (JSON.parse('null') as { x: number }).x) as Error;
    expect(classifyEngineError(acrossComlink(fault))).toEqual({ kind: 'failed', detail: fault.message });
    expect(fault.message).toMatch(/null/);
  });
});
