import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { Row, SqlExecutor, SqlValue } from '../src/core/sql/executor';

/** SqlExecutor on native DuckDB, for the CLI and the Node tests. */
export class NodeExecutor implements SqlExecutor {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path = ':memory:'): Promise<NodeExecutor> {
    const instance = await DuckDBInstance.create(path);
    return new NodeExecutor(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    const values = params?.map((p) => (p instanceof Date ? p.toISOString() : p)) as DuckDBValue[] | undefined;
    const reader = await this.connection.runAndReadAll(sql, values);
    return reader.getRowObjectsJS().map((row) => normaliseRow(row)) as T[];
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Matches what the browser returns with castBigIntToDouble: BIGINT/HUGEINT become numbers, dates ISO strings. */
function normaliseRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
  return out;
}

function normaliseValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(normaliseValue);
  return value;
}
