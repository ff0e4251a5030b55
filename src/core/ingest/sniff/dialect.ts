/**
 * Finds how a text sample is laid out: JSON lines, whitespace-separated columns (CDNOW), or delimited text, and for
 * the last the delimiter. DuckDB's own sniffer does this too, but ours must also see what it cannot (decimal commas,
 * day-first dates), so we decide the dialect here and give DuckDB explicit options.
 */
export type Container = 'csv' | 'jsonl' | 'whitespace';

export interface Dialect {
  container: Container;
  /** For csv: the delimiter character. */
  delimiter: string | null;
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Splits sample text into logical records, keeping quoted newlines inside their field (RFC 4180 §2.6). */
export function splitRecords(text: string, maxRecords = 200): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      records.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  // The last record is complete only if the sample ended the file; callers pass samples cut at a record boundary.
  if (records.length < maxRecords && start < text.length) records.push(text.slice(start).replace(/\r$/, ''));
  return records.filter((r) => r.trim() !== '');
}

/** Splits one record on a delimiter, honouring double quotes and doubled quotes inside them. */
export function splitFields(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i];
    if (quoted) {
      if (ch === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** A CDNOW-style line: three or more whitespace-separated tokens, one of them an 8-digit yyyymmdd date. */
const WHITESPACE_LINE = /^\s*\S+(\s+\S+){2,}\s*$/;
const YYYYMMDD = /(^|\s)(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\s|$)/;

/**
 * How many lines above the table fill fewer than two cells — a report title, a blank line, each perhaps padded with
 * empty cells to the table's width as Excel saves a sheet — when the two lines after them fill two or more:
 * spreadsheet reports put a title above the header. At most five; none when no line fills two cells (a one-column
 * file, or CDNOW's whitespace-separated text).
 */
export function leadingTitleLines(text: string): number {
  const lines = text.split('\n', 12);
  const isTableRow = (line: string) =>
    DELIMITERS.some((d) => splitFields(line, d).filter((field) => field.trim() !== '').length >= 2);
  const first = lines.findIndex(isTableRow);
  if (first <= 0 || first > 5) return 0;
  return lines.slice(first, first + 2).every(isTableRow) ? first : 0;
}

export function detectDialect(records: string[]): Dialect {
  const first = records[0]?.trimStart() ?? '';
  if (first.startsWith('{') && records.slice(0, 5).every((r) => r.trimStart().startsWith('{'))) {
    return { container: 'jsonl', delimiter: null };
  }
  const delimiter = bestDelimiter(records);
  if (delimiter) return { container: 'csv', delimiter };
  const body = records.slice(1, 50);
  if (
    body.length > 0 &&
    body.every((r) => WHITESPACE_LINE.test(r)) &&
    body.filter((r) => YYYYMMDD.test(r)).length >= body.length * 0.9
  ) {
    return { container: 'whitespace', delimiter: null };
  }
  // One column of text: still CSV (DuckDB reads it); mapping will then say what is missing.
  return { container: 'csv', delimiter: ',' };
}

/**
 * The delimiter that splits the most records into at least the header's number (> 1) of fields: consistency first,
 * then field count. Each candidate is scored over the first 50 records.
 */
function bestDelimiter(records: string[]): string | null {
  const sample = records.slice(0, 50);
  let best: { delimiter: string; consistency: number; fields: number } | null = null;
  for (const delimiter of DELIMITERS) {
    const counts = sample.map((r) => splitFields(r, delimiter).length);
    const headerCount = counts[0];
    if (headerCount < 2) continue;
    // A row with more fields than the header still fits (an Excel row with a stray cell; the reader reports it as
    // malformed), as long as most rows have the header's count exactly.
    const consistency = counts.filter((c) => c >= headerCount).length / counts.length;
    const exact = counts.filter((c) => c === headerCount).length / counts.length;
    if (consistency < 0.8 || exact < 0.5) continue;
    if (!best || consistency > best.consistency || (consistency === best.consistency && headerCount > best.fields)) {
      best = { delimiter, consistency, fields: headerCount };
    }
  }
  return best?.delimiter ?? null;
}

/**
 * True when the first record looks like names rather than data: none of its fields is a number or a date while the
 * second record has some. A file whose first row is data gets generated column names and the mapping step.
 */
export function hasHeader(fields: string[], nextFields: string[] | undefined): boolean {
  const looksLikeValue = (f: string) =>
    /^\s*[-+]?[\d.,\s€$£]+\s*$/.test(f) || /\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(f);
  const firstValues = fields.filter((f) => f.trim() !== '' && looksLikeValue(f)).length;
  if (firstValues === 0) return true;
  const nextValues = nextFields?.filter((f) => f.trim() !== '' && looksLikeValue(f)).length ?? 0;
  return firstValues < nextValues / 2;
}
