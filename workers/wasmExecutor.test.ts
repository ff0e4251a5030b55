import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
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
