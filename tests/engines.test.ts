import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeExecutor } from '../cli/nodeExecutor';
import { NodeFileSource } from '../cli/nodeSource';
import { importFile } from '../src/core/ingest/importFile';
import { buildAndScore } from '../src/core/models/analyzeCustomers';
import { predictCustomers } from '../src/core/models/clv/predict';
import { CATEGORY_STATS_TABLE } from '../src/core/models/signals/categories';
import { computeSignals } from '../src/core/models/signals/signals';
import type { Row, SqlExecutor } from '../src/core/sql/executor';
import { openWasmInNode } from './wasmInNode';

/**
 * The browser runs the models on DuckDB-WASM, the CLI and every other test on native DuckDB. The models move numbers
 * between TypeScript and the engine (customer measures out, predictions and signal figures back in), which each
 * executor does its own way — so the per-customer results of the two are compared here, customer by customer.
 */
const DEMO_SHOP = resolve(import.meta.dirname, '../public/demo/demo-shop.csv.gz');

/** Imports the demo shop and runs the customer model, the CLV prediction and every signal; returns what they wrote. */
async function modelTables(db: SqlExecutor): Promise<Record<string, Row[]>> {
  const source = new NodeFileSource(DEMO_SHOP);
  try {
    const outcome = await importFile(db, source, { now: new Date('2026-12-01T00:00:00Z') });
    if (!outcome.ok) throw new Error(outcome.message);
  } finally {
    source.cleanup();
  }
  const { model, measures } = await buildAndScore(db);
  await predictCustomers(db, model.asOf, {}, measures);
  await computeSignals(db, { asOf: model.asOf });
  const tables: Record<string, Row[]> = {};
  for (const table of ['customer_model', 'customer_clv_tiers', 'customer_signals']) {
    tables[table] = await db.all(`SELECT * FROM ${table} ORDER BY customer_id`);
  }
  // The shop-wide category figures the one-off and seasonal rules judge by (signals/categories.ts).
  tables[CATEGORY_STATS_TABLE] = await db.all(`SELECT * FROM ${CATEGORY_STATS_TABLE} ORDER BY category`);
  return tables;
}

/**
 * Equal within what the order of the data can change. Each engine hands the customers over in its own order, so sums
 * round differently and the CLV fit stops at a point differing by ~1e-7 (its convergence test allows that): numbers
 * must agree to 1e-5 relative, and a date rounded from a prediction years ahead may move by a day. Dates come back
 * as Date from one executor and as epoch milliseconds from the other.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date) a = a.getTime();
  if (b instanceof Date) b = b.getTime();
  const isoDate = /^\d{4}-\d{2}-\d{2}$/;
  if (typeof a === 'string' && typeof b === 'string' && isoDate.test(a) && isoDate.test(b)) {
    return Math.abs(Date.parse(a) - Date.parse(b)) <= 86_400_000;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a === b || Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('DuckDB-WASM and native DuckDB', () => {
  it('give the same customers, predictions and signals for every customer of the demo shop', async () => {
    const native = await NodeExecutor.open();
    const wasm = await openWasmInNode();
    try {
      const [fromNative, fromWasm] = [await modelTables(native), await modelTables(wasm)];
      for (const table of Object.keys(fromNative)) {
        const rows = fromNative[table];
        expect(rows.length, table).toBeGreaterThan(table === CATEGORY_STATS_TABLE ? 5 : 4_000);
        expect(fromWasm[table].length, table).toBe(rows.length);
        const differences: string[] = [];
        rows.forEach((row, i) => {
          for (const [column, value] of Object.entries(row)) {
            // The row number is where the customer happens to sit in `customers`: each engine groups in its own order.
            if (column === 'customer_row') continue;
            const other = fromWasm[table][i][column];
            const key = row.customer_id ?? row.category;
            if (!sameValue(value, other)) differences.push(`${table}.${column} of ${key}: ${value} ≠ ${other}`);
          }
        });
        expect(differences.slice(0, 20), table).toEqual([]);
      }
    } finally {
      native.close();
    }
  }, 120_000);
});
