import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { openWasmInNode } from '../tests/wasmInNode';
import { tableToRows } from './wasmExecutor';

describe('tableToRows', () => {
  it('turns a result of several record batches into plain rows: nulls, BIGINT as numbers, lists as arrays', () => {
    const batch = (ids: bigint[], amounts: (number | null)[], tags: (string[] | null)[]) =>
      new arrow.Table({
        id: arrow.vectorFromArray(ids, new arrow.Int64()),
        amount: arrow.vectorFromArray(amounts, new arrow.Float64()),
        tags: arrow.vectorFromArray(tags, new arrow.List(new arrow.Field('item', new arrow.Utf8(), true))),
      }).batches[0];
    const table = new arrow.Table([batch([1n, 2n], [1.5, null], [['a'], null]), batch([3n], [-2], [['b', 'c']])]);
    expect(tableToRows(table)).toEqual([
      { id: 1, amount: 1.5, tags: ['a'] },
      { id: 2, amount: null, tags: null },
      { id: 3, amount: -2, tags: ['b', 'c'] },
    ]);
  });
});

describe('WasmExecutor on DuckDB-WASM', () => {
  it('loads numeric columns, a NaN as NULL, and reads them back column by column', async () => {
    const db = await openWasmInNode();
    await db.loadNumericTable('numbers', { a: new Float64Array([1.5, -2, 3]), b: [NaN, 4, 0.25] });
    expect(await db.all('SELECT a, b, b IS NULL AS missing FROM numbers ORDER BY a')).toEqual([
      { a: -2, b: 4, missing: false },
      { a: 1.5, b: null, missing: true },
      { a: 3, b: 0.25, missing: false },
    ]);
    const columns = await db.numericColumns('SELECT a, b FROM numbers ORDER BY a');
    expect(Array.from(columns.a)).toEqual([-2, 1.5, 3]);
    expect(Array.from(columns.b)).toEqual([4, NaN, 0.25]);
    expect(await db.numericColumns('SELECT a, b FROM numbers WHERE a > 10')).toEqual({
      a: new Float64Array(0),
      b: new Float64Array(0),
    });
  });

  it('loads fresh numeric columns exactly, small and large (pieces inserted one by one read freed memory)', async () => {
    const db = await openWasmInNode();
    for (const rows of [10, 1_000, 100_000]) {
      const values = new Float64Array(rows);
      for (let i = 0; i < rows; i++) values[i] = i + 0.5;
      await db.loadNumericTable('fresh', { value: values });
      // Row i holds i + 0.5, so the rows differing from that must be none.
      expect(
        await db.all('SELECT count(*) AS n, count(*) FILTER (WHERE value <> rowid + 0.5) AS wrong FROM fresh'),
      ).toEqual([{ n: rows, wrong: 0 }]);
    }
  });

  it('fills numeric columns in the heap and loads them as they are, NaN as NULL, beside a scratch', async () => {
    const db = await openWasmInNode();
    await db.loadNumericTable('filled', { old: [1] }); // replaced
    // 3M rows × 2 columns: 48 MB, more than the fresh engine's heap holds.
    const rows = 3_000_000;
    const kept = await db.fillNumericTable(
      'filled',
      rows,
      ['i', 'half'],
      (columns, scratch) => {
        const zeroed = columns.i.every((v) => v === 0) && columns.half.every((v) => v === 0);
        const temporary = scratch.float64(rows);
        for (let r = 0; r < rows; r++) {
          temporary[r] = r;
          columns.i[r] = temporary[r]!;
          columns.half[r] = r % 7 === 3 ? NaN : r / 2;
        }
        return { zeroed, inHeap: columns.i.buffer === columns.half.buffer && temporary.buffer === columns.i.buffer };
      },
      8 * rows,
    );
    expect(kept).toEqual({ zeroed: true, inHeap: true });
    // i = rowid, half = i / 2 except every seventh row's NULL: no row differs from that.
    expect(
      await db.all(`SELECT count(*) AS n, count(half) AS halves,
        count(*) FILTER (WHERE i <> rowid OR half <> i / 2) AS wrong FROM filled`),
    ).toEqual([{ n: rows, halves: rows - Math.floor((rows + 3) / 7), wrong: 0 }]);
    expect(await db.fillNumericTable('empty', 0, ['x'], (columns) => columns.x.length)).toBe(0);
    expect(await db.all('SELECT count(*) AS n FROM empty')).toEqual([{ n: 0 }]);
  });

  it('reads a large result column by column in the order of the rows, integers and NULLs included', async () => {
    const db = await openWasmInNode();
    // Several thousand rows, past one 2,048-row chunk; every seventh i is NULL.
    await db.run(`CREATE TABLE big AS SELECT range AS i, CASE WHEN range % 7 = 3 THEN NULL ELSE range / 2 END AS half
      FROM range(10000)`);
    const columns = await db.numericColumns('SELECT i, half, CAST(i AS INTEGER) AS small FROM big');
    const expected = Array.from({ length: 10_000 }, (_, i) => i);
    expect(Array.from(columns.i)).toEqual(expected);
    expect(Array.from(columns.small)).toEqual(expected);
    expect(Array.from(columns.half)).toEqual(expected.map((i) => (i % 7 === 3 ? NaN : i / 2)));
    // And back: loaded piece by piece, NULLs where the NaNs were.
    await db.loadNumericTable('copy', { i: columns.i, half: columns.half });
    expect(await db.all('SELECT count(*) AS n, count(half) AS halves, sum(i) AS total FROM copy')).toEqual([
      { n: 10_000, halves: 10_000 - 1_429, total: 49_995_000 },
    ]);
    expect(Array.from((await db.numericColumns('SELECT half FROM copy')).half)).toEqual(Array.from(columns.half));
  });

  it('hands a result to a function where the engine wrote it, and lets it go after', async () => {
    const db = await openWasmInNode();
    await db.run(`CREATE TABLE big AS SELECT range AS i, CASE WHEN range % 7 = 3 THEN NULL ELSE range / 2 END AS half
      FROM range(10000)`);
    const expected = Array.from({ length: 10_000 }, (_, i) => i);
    // `use` sees the rows as numericColumns reads them, and what it returns comes back.
    const copied = await db.withNumericColumns('SELECT i, half FROM big', (columns) => ({
      i: Array.from(columns.i!),
      half: Array.from(columns.half!),
    }));
    expect(copied.i).toEqual(expected);
    expect(copied.half).toEqual(expected.map((i) => (i % 7 === 3 ? NaN : i / 2)));
    expect(await db.withNumericColumns('SELECT i FROM big WHERE i < 0', (columns) => columns.i!.length)).toBe(0);
    // A failing `use` fails the call, and the engine answers the next query as before.
    await expect(
      db.withNumericColumns('SELECT i FROM big', () => {
        throw new Error('use failed');
      }),
    ).rejects.toThrow('use failed');
    expect(await db.all('SELECT count(*) AS n, sum(half) AS total FROM big')).toEqual([
      { n: 10_000, total: expected.filter((i) => i % 7 !== 3).reduce((sum, i) => sum + i / 2, 0) },
    ]);
    await expect(db.withNumericColumns('SELECT no_such_column FROM big', () => 0)).rejects.toThrow('no_such_column');
    expect(Array.from((await db.numericColumns('SELECT i FROM big WHERE i < 3')).i!)).toEqual([0, 1, 2]);
  });

  it("sets memory aside in the engine's heap for `use`'s temporaries, sized from the result's rows", async () => {
    const db = await openWasmInNode();
    await db.run('CREATE TABLE big AS SELECT range AS i FROM range(10000)');
    const expectedSum = (9_999 * 10_000) / 2;
    const asked: number[] = [];
    // 64 MB: more than the fresh engine's heap holds, so setting it aside grows the heap, and the columns read before
    // must be read again from the grown one.
    for (const bytes of [8 * 10_000 + 8, 64 * 2 ** 20]) {
      const seen = await db.withNumericColumns(
        'SELECT i FROM big',
        (columns, scratch) => {
          const copy = scratch.float64(columns.i!.length);
          const zeroed = copy.every((v) => v === 0);
          copy.set(columns.i!);
          return { inHeap: copy.buffer === columns.i!.buffer, zeroed, sum: copy.reduce((a, b) => a + b, 0) };
        },
        (rows) => (asked.push(rows), bytes),
      );
      expect(seen).toEqual({ inHeap: true, zeroed: true, sum: expectedSum });
    }
    expect(asked).toEqual([10_000, 10_000]);
    // Without a size, fresh arrays.
    const fresh = await db.withNumericColumns('SELECT i FROM big', (columns, scratch) => {
      return scratch.int32(4).buffer === columns.i!.buffer;
    });
    expect(fresh).toBe(false);
  });
});
