import { NodeExecutor } from '../cli/nodeExecutor';
import { NodeFileSource } from '../cli/nodeSource';
import { importFile } from '../src/core/ingest/importFile';
import { lockDownSql } from '../src/core/sql/lockdown';
import type { ImportOptions, ImportSummary } from '../src/core/ingest/types';

/** Imports a file on native DuckDB (the CLI's path) and returns its summary; throws unless the import succeeded. */
export async function importWithNode(path: string, options?: ImportOptions): Promise<ImportSummary> {
  const db = await NodeExecutor.open();
  const source = new NodeFileSource(path);
  try {
    await db.run(lockDownSql(source.allowedDirectories));
    const outcome = await importFile(db, source, options);
    if (!outcome.ok) throw new Error(`import of ${path} failed: ${outcome.message}`);
    return outcome.summary;
  } finally {
    source.cleanup();
    db.close();
  }
}
