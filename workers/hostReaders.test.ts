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
  it('gives one column per key, in order of first appearance, across chunk boundaries', async () => {
    const read = await rowsOf(
      chunks(
        '\uFEFF{"id": "A1", "n": 7, "ok": true, "meta": {"x": [1, 2]}}\n{"id": "A',
        '2", "n": 2.50, "extra": null}\r\n\n{"n": -1, "extra": "late"}',
      ),
    );
    // Nested values as read_json reads them: an object as a struct, an array as a list, their leaves as text.
    expect(read.columns).toEqual(['id:Utf8', 'n:Utf8', 'ok:Utf8', 'meta:Struct<{x:List<Utf8>}>', 'extra:Utf8']);
    expect(read.rows.map((row) => ({ ...row, meta: row.meta && { x: [...row.meta.x] } }))).toEqual([
      { id: 'A1', n: '7', ok: 'true', meta: { x: ['1', '2'] }, extra: null },
      { id: 'A2', n: '2.5', ok: null, meta: null, extra: null },
      { id: null, n: '-1', ok: null, meta: null, extra: 'late' },
    ]);
  });

  it('names the first line that is not a JSON object', async () => {
    await expect(jsonLinesToArrowIpc(chunks('{"a": 1}\n[1, 2]\n'))).rejects.toThrow('line 2 is not a JSON object');
    await expect(jsonLinesToArrowIpc(chunks('{"a": 1}\n{"a": \n'))).rejects.toThrow('line 2 is not valid JSON');
  });

  it('reads the elements of a JSON array, or the objects of pretty-printed JSON, as records', async () => {
    const array = await rowsOf(chunks('[\n  {"id": "A1", "note": "a ] in \\"quotes\\" {"},', '\n  {"id": "A2"}\n]\n'));
    expect(array.rows).toEqual([
      { id: 'A1', note: 'a ] in "quotes" {' },
      { id: 'A2', note: null },
    ]);
    const wrapped = await rowsOf(
      chunks('{\n  "orders": [\n    {"id": 1, "cu', 'stomer": {"id": 7}},\n    {"id": 2}\n  ]\n}\n'),
    );
    expect(wrapped.columns).toEqual(['orders:List<Struct<{id:Utf8, customer:Struct<{id:Utf8}>}>>']);
    expect(wrapped.rows).toHaveLength(1);
  });

  it('keeps a key holding different kinds as JSON text, as read_json does', async () => {
    const read = await rowsOf(chunks('[{"v": "x"}, {"v": {"a": 1}}, {"v": [2]}]'));
    expect(read.columns).toEqual(['v:Utf8']);
    expect(read.rows.map((row) => row.v)).toEqual(['x', '{"a":1}', '[2]']);
  });

  it('names the first element that is not a JSON object', async () => {
    await expect(jsonLinesToArrowIpc(chunks('[{"a": 1}, 2]'))).rejects.toThrow('element 2 is not a JSON object');
    await expect(jsonLinesToArrowIpc(chunks('[{"a": 1}, {"a": }]'))).rejects.toThrow('element 2 is not valid JSON');
    await expect(jsonLinesToArrowIpc(chunks('[{"a": 1}'))).rejects.toThrow('ends before its last record');
  });
});
