import { describe, expect, it } from 'vitest';
import { NodeExecutor } from './nodeExecutor';

describe('NodeExecutor.loadNumericTable', () => {
  it('creates a DOUBLE table from column arrays, NaN as NULL, replacing an older one', async () => {
    const db = await NodeExecutor.open();
    await db.loadNumericTable('numbers', { a: [1], b: [2] });
    await db.loadNumericTable('numbers', { a: new Float64Array([1.5, -2, 3]), b: [NaN, 4, 0.25] });
    expect(await db.all('SELECT a, b FROM numbers ORDER BY a')).toEqual([
      { a: -2, b: 4 },
      { a: 1.5, b: null },
      { a: 3, b: 0.25 },
    ]);
    const types = await db.all<{ data_type: string }>(
      "SELECT data_type FROM duckdb_columns() WHERE table_name = 'numbers' ORDER BY column_index",
    );
    expect(types.map((t) => t.data_type)).toEqual(['DOUBLE', 'DOUBLE']);
    db.close();
  });
});
