import { quoteIdentifier, quoteLiteral } from '../sql/quote';
import type { SqlExecutor } from '../sql/executor';
import type { Dialect } from './sniff/dialect';

/** Everything needed to read the file with explicit options (DuckDB's sniffer is switched off: we decided). */
export interface ReadPlan {
  path: string;
  dialect: Dialect;
  gzip: boolean;
  parquet: boolean;
  utf16: boolean;
  /** CSV: the header's column names (deduplicated), or generated names when the file has no header. */
  columns: string[];
  header: boolean;
  /** The sample has quoted fields spanning lines: DuckDB's parallel scanner cannot pad short rows then. */
  quotedNewlines: boolean;
  /** Lines above the header to skip: Excel's `sep=;` line, a report's title lines (sniff/dialect.ts). */
  skipLines?: number;
  /** The host already read the file into this table (ImportSource.loadIntoTable): read it instead of the file. */
  table?: string;
  /**
   * JSON: one object per line (the default), one array of objects (`[{…}]`), or one object holding the array of
   * orders (`{"orders": [{…}]}`, read whole: DuckDB's 16 MB object limit is raised for it).
   */
  json?: 'lines' | 'array' | 'object';
}

/** read_json's largest object: a file that is one object is one object, up to what its buffers can address. */
const WHOLE_FILE_OBJECT = 2 ** 31 - 1;

/** A control character no text export contains: splits whitespace-separated files into one column per line. */
const UNIT_SEPARATOR = '\u001f';

/**
 * The table function reading the file. CSV rows the reader cannot split go to DuckDB's `reject_errors` table
 * (store_rejects) and become `malformed_row` issues instead of failing the import or vanishing.
 */
export function readFunctionSql(plan: ReadPlan): string {
  if (plan.table) return quoteIdentifier(plan.table);
  const path = quoteLiteral(plan.path);
  // Always explicit: a file named .gz that is not gzip (a dev server or browser may have decompressed it already)
  // must not be guessed from its extension.
  const compression = plan.gzip ? `, compression='gzip'` : `, compression='none'`;
  if (plan.parquet) return `read_parquet(${path})`;
  if (plan.dialect.container === 'jsonl') {
    // read_json names "no compression" differently from read_csv.
    // Every line is read for the columns: a key first appearing late (after the default 20,480-line sample) would
    // otherwise fail the whole import.
    const format =
      plan.json === 'array'
        ? `format='array'`
        : plan.json === 'object'
          ? `format='unstructured', maximum_object_size=${WHOLE_FILE_OBJECT}`
          : `format='newline_delimited'`;
    return `read_json(${path}, ${format}, sample_size=-1, compression='${plan.gzip ? 'gzip' : 'uncompressed'}')`;
  }
  const encoding = plan.utf16 ? `, encoding='utf-16'` : '';
  if (plan.dialect.container === 'whitespace') {
    return `read_csv(${path}, auto_detect=false, columns={'line': 'VARCHAR'}, header=${plan.header}, delim=${quoteLiteral(UNIT_SEPARATOR)}, quote='', escape=''${compression}${encoding})`;
  }
  const columns = plan.columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`).join(', ');
  return (
    `read_csv(${path}, auto_detect=false, columns={${columns}}, header=${plan.header}, ` +
    `delim=${quoteLiteral(plan.dialect.delimiter ?? ',')}, quote='"', escape='"', null_padding=true, ` +
    (plan.quotedNewlines ? 'parallel=false, ' : '') +
    `store_rejects=true${plan.skipLines ? `, skip=${plan.skipLines}` : ''}${compression}${encoding})`
  );
}

/** Unique, non-empty column names as DuckDB will use them. */
export function dedupeColumnNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.trim() === '' ? `column${i}` : raw.trim();
    const count = seen.get(base.toLowerCase()) ?? 0;
    seen.set(base.toLowerCase(), count + 1);
    return count === 0 ? base : `${base}_${count + 1}`;
  });
}

/** Column names and up to `limit` rows of text values, read by DuckDB itself (quotes and newlines handled). */
export async function readSampleRows(
  db: SqlExecutor,
  plan: ReadPlan,
  limit: number,
  described?: { column_name: string }[],
): Promise<{ columns: string[]; rows: Record<string, string | null>[] }> {
  await dropRejectTables(db);
  described ??= await describeColumns(db, plan);
  const columns = described.map((d) => d.column_name);
  const casts = columns.map((c) => `CAST(${quoteIdentifier(c)} AS VARCHAR) AS ${quoteIdentifier(c)}`).join(', ');
  const rows = await db.all<Record<string, string | null>>(
    `SELECT ${casts} FROM ${readFunctionSql(plan)} LIMIT ${Math.floor(limit)}`,
  );
  return { columns, rows };
}

/** The relation's column names and DuckDB types (one pass over a JSON file natively: read_json's sample_size=-1). */
export async function describeColumns(
  db: SqlExecutor,
  plan: ReadPlan,
): Promise<{ column_name: string; column_type: string }[]> {
  return db.all(`DESCRIBE SELECT * FROM ${readFunctionSql(plan)}`);
}

/** DuckDB keeps reader rejects in these temporary tables; each import starts from empty ones. */
export async function dropRejectTables(db: SqlExecutor): Promise<void> {
  await db.run('DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans;');
}
