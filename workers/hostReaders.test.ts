import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { jsonLinesToArrowIpc } from './hostReaders';

/** The text arrives in arbitrary chunks, as a decoded file stream does: split mid-line on purpose. */
function chunks(...parts: string[]): ReadableStream<string> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

const rowsOf = async (stream: ReadableStream<string>) => {
  const table = arrow.tableFromIPC(await jsonLinesToArrowIpc(stream));
  return {
    columns: table.schema.fields.map((f) => `${f.name}:${f.type}`),
    rows: table.toArray().map((row) => row.toJSON()),
  };
};

describe('JSON lines read in the worker', () => {
  it('gives one text column per key, in order of first appearance, across chunk boundaries', async () => {
    const read = await rowsOf(
      chunks(
        '\uFEFF{"id": "A1", "n": 7, "ok": true, "meta": {"x": [1, 2]}}\n{"id": "A',
        '2", "n": 2.50, "extra": null}\r\n\n{"n": -1, "extra": "late"}',
      ),
    );
    expect(read.columns).toEqual(['id:Utf8', 'n:Utf8', 'ok:Utf8', 'meta:Utf8', 'extra:Utf8']);
    expect(read.rows).toEqual([
      { id: 'A1', n: '7', ok: 'true', meta: '{"x":[1,2]}', extra: null },
      { id: 'A2', n: '2.5', ok: null, meta: null, extra: null },
      { id: null, n: '-1', ok: null, meta: null, extra: 'late' },
    ]);
  });

  it('names the first line that is not a JSON object', async () => {
    await expect(jsonLinesToArrowIpc(chunks('{"a": 1}\n[1, 2]\n'))).rejects.toThrow('line 2 is not a JSON object');
    await expect(jsonLinesToArrowIpc(chunks('{"a": 1}\n{"a": \n'))).rejects.toThrow('line 2 is not valid JSON');
  });
});
