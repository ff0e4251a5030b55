import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { lockDownSql, refuseEscapeStatements } from './lockdown';

describe('lockDownSql', () => {
  let db: NodeExecutor;
  const allowed = mkdtempSync(join(tmpdir(), 'segmentlab-allowed-')) + '/';
  const outside = mkdtempSync(join(tmpdir(), 'segmentlab-outside-')) + '/';

  beforeAll(async () => {
    writeFileSync(join(allowed, 'orders.csv'), 'a,b\n1,2\n');
    writeFileSync(join(outside, 'secret.csv'), 'a,b\n1,2\n');
    db = await NodeExecutor.open();
    await db.run(lockDownSql([allowed]));
  });
  afterAll(() => db.close());

  it('still reads files in the allowed directory', async () => {
    const rows = await db.all(`SELECT count(*) AS n FROM read_csv('${allowed}orders.csv')`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it.each([
    [`SELECT * FROM read_csv('${outside}secret.csv')`],
    [`SELECT * FROM read_csv('${allowed}../${outside.split('/').at(-2)}/secret.csv')`],
    [`SELECT * FROM read_csv('https://example.com/x.csv')`],
    ['INSTALL httpfs'],
    ['LOAD httpfs'],
    [`ATTACH '${outside}other.db'`],
    [`COPY (SELECT 1) TO '${outside}out.csv'`],
  ])('refuses %s', async (sql) => {
    await expect(db.all(sql)).rejects.toThrow();
  });

  it('refuses extensions and ATTACH in the engine itself, not only in the executors', async () => {
    // A bare connection, without the executors' statement check: DuckDB's own settings must hold on their own.
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(lockDownSql([allowed]));
      for (const sql of ['INSTALL httpfs', 'LOAD httpfs', `ATTACH '${outside}other.db'`]) {
        await expect(connection.run(sql), sql).rejects.toThrow(/Permission Error|disabled/);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('cannot be undone', async () => {
    await expect(db.run('SET enable_external_access = true')).rejects.toThrow(/locked/);
    await expect(db.run("SET allowed_directories = ['/']")).rejects.toThrow(/locked/);
  });

  it('rejects a directory without a trailing slash (a prefix like /tmp/up would also allow /tmp/upload-other)', () => {
    expect(() => lockDownSql(['/tmp/up'])).toThrow(/must end with/);
  });
});

describe('refuseEscapeStatements', () => {
  it.each([
    'INSTALL httpfs',
    'force install httpfs',
    'LOAD httpfs',
    "SELECT 1; ATTACH 'x.db'",
    "-- harmless\n  attach 'x.db' AS x",
    '/* a */ UPDATE EXTENSIONS',
    'DETACH x',
  ])('refuses %j', (sql) => {
    expect(() => refuseEscapeStatements(sql)).toThrow(/^Permission Error: .* never run/);
  });

  it.each([
    "SELECT 'install httpfs' AS text",
    'CREATE TABLE loads AS SELECT 1 AS attachments',
    'SELECT * FROM orders -- then LOAD nothing',
  ])('lets %j through', (sql) => {
    expect(() => refuseEscapeStatements(sql)).not.toThrow();
  });
});
