import { quoteIdentifier } from '../../sql/quote';
import type { SqlExecutor } from '../../sql/executor';
import type { ReadPlan } from '../reader';
import type { DateFormatGuess } from '../sniff/dates';
import type { ColumnMapping, FormatName } from '../types';

/** What an adapter gets: the file's columns, text samples, and the decisions sniffing made. */
export interface AdapterContext {
  db: SqlExecutor;
  plan: ReadPlan;
  readSql: string;
  columns: string[];
  samples: Record<string, string[]>;
  mapping: ColumnMapping;
  decimalComma: boolean;
  dates: DateFormatGuess;
  /**
   * An order without a customer id (missing, or 0 as WooCommerce writes a guest's) is keyed by its lower-cased e-mail:
   * the shops' API orders (nestedJson.ts), where a guest's e-mail sits beside the empty id.
   */
  guestsByEmail?: boolean;
}

/**
 * A format adapter reads the file into `raw_import`, builds `parsed_orders` (see finish.ts for its columns) and fills
 * staging_order_lines; finishOrders then applies the shared checks.
 */
export interface FormatAdapter {
  format: FormatName;
  load(context: AdapterContext): Promise<void>;
}

/**
 * `"Column"` when the file has it (case-insensitive match), else a text NULL: exports vary by version, and an untyped
 * NULL would become an INTEGER column that trim(), coalesce() with text and regexp_extract() refuse.
 */
export function columnOrNull(columns: string[], name: string): string {
  const found = columns.find((c) => c.toLowerCase() === name.toLowerCase());
  return found === undefined ? 'CAST(NULL AS VARCHAR)' : quoteIdentifier(found);
}

/**
 * The first column's text without the byte-order mark (U+FEFF, chr(65279)) that starts a file Excel saved as
 * "CSV UTF-8": exports joined into one file (`copy /b a.csv+b.csv`, `cat`) keep the second one's mark before its
 * header, which would then not read as the header repeated. The reader drops only the file's own first mark.
 */
export function withoutByteOrderMark(expression: string): string {
  return `ltrim(${expression}, chr(65279))`;
}

/** Trimmed text, NULL when empty (Shopify writes empty values both as nothing and as ""). */
export function textSql(expression: string): string {
  return `NULLIF(trim(${expression}), '')`;
}

/** yes/no, true/false, 1/0, ja/nee, oui/non → BOOLEAN; anything else NULL. */
export function booleanSql(expression: string): string {
  return `CASE WHEN lower(trim(${expression})) IN ('yes', 'true', '1', 'y', 'ja', 'oui', 'subscribed') THEN true
    WHEN lower(trim(${expression})) IN ('no', 'false', '0', 'n', 'nee', 'non', 'nein', 'unsubscribed', 'not_subscribed') THEN false END`;
}
