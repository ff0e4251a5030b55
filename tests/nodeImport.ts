import { NodeExecutor } from '../cli/nodeExecutor';
import { NodeFileSource } from '../cli/nodeSource';
import { importFile } from '../src/core/ingest/importFile';
import { lockDownSql } from '../src/core/sql/lockdown';
import type { ImportOptions, ImportOutcome, ImportSummary } from '../src/core/ingest/types';
import { analyzeCustomers, type CustomerModelResult } from '../src/core/models/analyzeCustomers';

/** Imports a file on native DuckDB (the CLI's path) and returns its summary; throws unless the import succeeded. */
export async function importWithNode(path: string, options?: ImportOptions): Promise<ImportSummary> {
  return (await analyzeWithNode(path, options, false)).summary;
}

/** Imports and, unless told not to, builds the customer model: the CLI's `analyze` path. */
export async function analyzeWithNode(
  path: string,
  options?: ImportOptions,
  withModel = true,
): Promise<{ summary: ImportSummary; model: CustomerModelResult | null }> {
  const db = await NodeExecutor.open();
  const source = new NodeFileSource(path);
  try {
    await db.run(lockDownSql(source.allowedDirectories));
    const outcome = await importFile(db, source, options);
    if (!outcome.ok) throw new Error(`import of ${path} failed: ${outcome.message}`);
    return { summary: outcome.summary, model: withModel ? await analyzeCustomers(db) : null };
  } finally {
    source.cleanup();
    db.close();
  }
}

/**
 * Imports a file into an open native executor (the CLI's path) and returns the outcome, the source's transcoded
 * copies removed: for tests that compare it with DuckDB-WASM's import of the same file.
 */
export async function importOnNative(db: NodeExecutor, path: string, options?: ImportOptions): Promise<ImportOutcome> {
  const source = new NodeFileSource(path);
  try {
    return await importFile(db, source, options);
  } finally {
    source.cleanup();
  }
}
