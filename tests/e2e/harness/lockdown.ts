/**
 * Test-only page (served by Vite's dev server in tests/e2e/lockdown.test.ts, never part of dist/): starts DuckDB-WASM
 * through the app's own start-up and lock-down path (workers/openDuckDb.ts), then tries what an attacker would.
 * Results go to window.__results for the test to read.
 */
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { openLockedDuckDb } from '../../../workers/openDuckDb';

const absolute = (url: string) => new URL(url, location.href).href;

async function main(): Promise<void> {
  const { bindings, executor } = await openLockedDuckDb(
    { ehWasm: absolute(ehWasm), mvpWasm: absolute(mvpWasm) },
    '/uploads/',
  );
  const csv = new TextEncoder().encode('a,b\n1,2\n');
  await bindings.registerFileBuffer('/uploads/ok.csv', csv);
  await bindings.registerFileBuffer('/other/secret.csv', csv);
  const sameOrigin = new URL('/package.json', location.href).href;
  const attempts = [
    "SELECT * FROM read_csv('https://example.com/x.csv')",
    `SELECT * FROM read_csv('${sameOrigin}')`,
    "SELECT * FROM read_json('https://example.com/x.json')",
    "SELECT * FROM read_parquet('https://example.com/x.parquet')",
    'INSTALL httpfs',
    'LOAD httpfs',
    "ATTACH '/other/x.db'",
    "ATTACH 'https://example.com/x.db'",
    "COPY (SELECT 1) TO '/other/out.csv'",
    "SELECT * FROM read_csv('/other/secret.csv')",
    "SELECT * FROM read_csv('/uploads/../other/secret.csv')",
    "SELECT * FROM read_text('/other/secret.csv')",
    'SET enable_external_access = true',
    'RESET enable_external_access',
    'SET lock_configuration = false',
    "SET allowed_directories = ['/']",
  ];
  const results: Record<string, string> = {};
  for (const sql of attempts) {
    try {
      await executor.all(sql);
      results[sql] = 'ran';
    } catch (error) {
      results[sql] = `refused: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  }
  const [allowed] = await executor.all<{ n: number }>("SELECT count(*) AS n FROM read_csv('/uploads/ok.csv')");
  Object.assign(window, { __results: results, __allowedRows: allowed.n });
  document.getElementById('status')!.textContent = 'done';
}

main().catch((error: unknown) => {
  document.getElementById('status')!.textContent = `failed: ${String(error)}`;
});
