import * as arrow from 'apache-arrow';
import { describe, expect, it, vi } from 'vitest';
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
    // One record per order, each wrapped as the file wraps them all (see the test below).
    expect(wrapped.rows).toHaveLength(2);
  });

  it('reads the orders wrapped in an object one by one, never the whole object as one string', async () => {
    // Before: the whole object was one JSON.parse of one string, which V8 caps at about 512 MB.
    const orders = Array.from({ length: 50 }, (_, i) => ({ id: `#${i + 1}`, total: '1.0', customer: { id: 7 } }));
    const text = JSON.stringify({ shop: 'Demo', orders, count: 50 }, null, 2);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const read = await rowsOf(chunks(...text.match(/[^]{1,7}/g)!));
      // Each order its own record, in the keys that led to it; the shop's name and count are not orders.
      expect(read.columns).toEqual(['orders:List<Struct<{id:Utf8, total:Utf8, customer:Struct<{id:Utf8}>}>>']);
      expect(read.rows.map((row) => [...row.orders].map((order) => order.id))).toEqual(
        orders.map((order) => [order.id]),
      );
      const longest = Math.max(...parse.mock.calls.map(([parsed]) => String(parsed).length));
      expect(longest).toBeLessThan(text.length / 10);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads a GraphQL connection (data.orders.edges or nodes) node by node, and pages one after another', async () => {
    const page = (ids: string[]) => ({
      data: { orders: { edges: ids.map((id) => ({ node: { id }, cursor: id })), pageInfo: { hasNextPage: false } } },
      extensions: { cost: { actualQueryCost: 3 } },
    });
    const text = JSON.stringify(page(['1', '2']), null, 1) + '\n' + JSON.stringify(page(['3']), null, 1);
    const read = await rowsOf(chunks(...text.match(/[^]{1,5}/g)!));
    expect(read.columns).toEqual([
      'data:Struct<{orders:Struct<{edges:List<Struct<{node:Struct<{id:Utf8}>, cursor:Utf8}>>}>}>',
    ]);
    expect(read.rows.map((row) => [...row.data.orders.edges].map((edge) => edge.node.id))).toEqual([
      ['1'],
      ['2'],
      ['3'],
    ]);
    const nodes = await rowsOf(chunks('{"data": {"orders": {\n"nodes": [{"id": "1"}, {"id": "2"}]}}}'));
    expect(nodes.rows).toHaveLength(2);
  });

  it('keeps the errors a GraphQL response reports beside its orders, before them or after', async () => {
    // Before: the object around the orders was skipped, and with it the errors saying the orders may be incomplete.
    const edges = [{ node: { id: '1' } }, { node: { id: '2' } }];
    const errors = [{ message: 'Access denied for customer field.', path: ['orders', 'edges', 0, 'node'] }];
    for (const response of [
      { data: { orders: { edges } }, errors, extensions: { cost: { actualQueryCost: 3 } } },
      { errors, data: { orders: { edges } } },
    ]) {
      const text = JSON.stringify(response, null, 2);
      const read = await rowsOf(chunks(...text.match(/[^]{1,5}/g)!));
      expect(read.rows.filter((row) => row.data).map((row) => [...row.data.orders.edges][0].node.id)).toEqual([
        '1',
        '2',
      ]);
      const reported = read.rows.filter((row) => row.errors).map((row) => [...row.errors].map((e) => e.message));
      expect(reported).toEqual([['Access denied for customer field.']]);
    }
  });

  it('reads a compact response longer than the first look on one line through the scanner', async () => {
    // Past the reader's first look (1 MiB of characters) without a line break: read element by element.
    const orders = Array.from({ length: 30_000 }, (_, i) => ({ id: String(i), note: 'x'.repeat(30) }));
    const text = JSON.stringify({ orders });
    expect(text.length).toBeGreaterThan(1 << 20);
    const read = await rowsOf(chunks(...text.match(/[^]{1,65536}/g)!));
    expect(read.rows).toHaveLength(30_000);
    expect([...read.rows.at(-1)!.orders][0].id).toBe('29999');
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
