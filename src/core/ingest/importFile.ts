import type { SqlExecutor } from '../sql/executor';
import { classifyEngineError } from '../engineError';
import { findSwallowedLines, SwallowedLinesScanner, type SwallowedLines } from './sniff/openQuote';
import { cdnowAdapter } from './adapters/cdnow';
import type { AdapterContext, FormatAdapter } from './adapters/context';
import { genericAdapter } from './adapters/generic';
import { invoiceLinesAdapter, isInvoiceLines } from './adapters/invoiceLines';
import { isShopifyExport, shopifyAdapter } from './adapters/shopify';
import { isWooCommerceExport, wooCommerceAdapter } from './adapters/woocommerce';
import { autoMapColumns, isCustomerSummary, preferEmailToNames } from './columnMapping';
import { createStagingTables, dropStagingTables, finishOrders, STAGING, swapInStagingTables } from './finish';
import {
  dedupeColumnNames,
  describeColumns,
  dropRejectTables,
  readFunctionSql,
  readSampleRows,
  type ReadPlan,
} from './reader';
import {
  dropJsonTables,
  flattenNestedJson,
  JsonErrorResponse,
  JsonNoOrdersError,
  JsonShapeError,
  loadJsonIssues,
  loadJsonOrderLines,
  type NestedJsonOrders,
} from './nestedJson';
import {
  conventionalOrder,
  dayMonthEvidenceSql,
  detectDateFormat,
  settleDayMonthOrder,
  type DateFormatGuess,
} from './sniff/dates';
import { quoteIdentifier } from '../sql/quote';
import { detectDialect, hasHeader, leadingTitleLines, splitFields, splitRecords, type Dialect } from './sniff/dialect';
import { decodeSample, detectEncoding, type EncodingGuess, type TextEncoding } from './sniff/encoding';
import { detectMagic } from './sniff/magic';
import { describeImportProblem, type ImportProblem } from './importProblem';
import { detectDecimalComma } from './sniff/numbers';
import { summarise } from './summary';
import type { CanonicalField, ColumnMapping, ImportOptions, ImportOutcome, ImportSource, ImportSummary } from './types';
import { planColumns, type ColumnPlan } from './formatColumns';
import { guessFromValues } from './valueGuess';
import { MAX_SHEET_XML_CHARS, NotAWorkbook, UnknownSheet, WorkbookTooLarge, type SheetRead } from './xlsx';

const SAMPLE_BYTES = 256 * 1024;
/** How much of an API's error message the refusal quotes: enough for any of Shopify's, not a page of text. */
const API_MESSAGE_LENGTH = 300;
const SAMPLE_ROWS = 1000;

class ImportFailure extends Error {
  constructor(readonly outcome: Exclude<ImportOutcome, { ok: true }>) {
    super(outcome.message);
  }
}

function fail(code: Extract<ImportOutcome, { kind: 'error' }>['code'], problem: ImportProblem): never {
  throw new ImportFailure({ ok: false, kind: 'error', code, message: describeImportProblem(problem), problem });
}

/**
 * Reads an order export into the canonical tables. Never throws for bad input: every problem becomes an outcome with
 * a message that names it and says what to do. The previous tables survive any failure (staging, then swap).
 */
export async function importFile(
  db: SqlExecutor,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  let hostTable = false;
  let nested: NestedJsonOrders | null = null;
  try {
    progress({ phase: 'sniffing' });
    const plan = await sniff(source, options);
    const container = plan.read.parquet ? 'parquet' : plan.read.dialect.container;
    if (source.loadIntoTable && (container === 'parquet' || container === 'jsonl')) {
      progress({ phase: 'loading', rows: 0 });
      hostTable = true;
      await source
        .loadIntoTable(
          container,
          HOST_TABLE,
          (bytesRead) => progress({ phase: 'loading', bytesRead, totalBytes: source.size }),
          plan.encoding,
        )
        .catch((error: unknown) => fail('read_failed', unreadable(plan.read, error)));
      plan.read.table = HOST_TABLE;
    }
    let described: { column_name: string; column_type: string }[] | undefined;
    if (container === 'jsonl') {
      described = await describeColumns(db, plan.read).catch((error: unknown) =>
        fail('read_failed', unreadable(plan.read, error)),
      );
      nested = await flattenNestedJson(db, readFunctionSql(plan.read), described, plan.read.json === 'object').catch(
        (error: unknown) => {
          if (error instanceof JsonShapeError) fail('unsupported_format', { id: 'jsonShape' });
          if (error instanceof JsonNoOrdersError) fail('empty_file', { id: 'noOrders' });
          if (error instanceof JsonErrorResponse)
            fail('unsupported_format', { id: 'apiError', message: error.message.slice(0, API_MESSAGE_LENGTH) });
          throw error;
        },
      );
      if (nested) {
        plan.read.table = nested.table;
        described = undefined;
      }
    }
    const sample = await readSampleRows(db, plan.read, SAMPLE_ROWS, described).catch((error: unknown) =>
      fail('read_failed', unreadable(plan.read, error)),
    );
    const blankRow = (row: Record<string, string | null>) =>
      Object.values(row).every((v) => v === null || v.trim() === '');
    if (sample.rows.length < SAMPLE_ROWS && sample.rows.every(blankRow)) {
      if (plan.read.header) fail('header_only', { id: 'headerOnly' });
      fail('empty_file', { id: 'noOrders' });
    }
    const samples = sampleValues(sample.columns, sample.rows);
    const adapter = chooseAdapter(plan.read.dialect, sample.columns);
    const columns = planColumns(
      adapter.format,
      sample.columns,
      mergeMapping(sample.columns, samples, options.columns, nested ?? undefined),
    );
    if (columns.missing.length > 0) {
      if (isCustomerSummary(sample.columns)) {
        fail('unsupported_format', { id: 'customerSummary', columns: sample.columns });
      }
      return needsMapping(columns, sample.columns, samples, plan.sheet);
    }
    const decimalComma = detectDecimalComma(
      columns.amountColumns.flatMap((c) => samples[c] ?? []),
      plan.read.dialect.delimiter,
    );
    let dates = decideDates(columns, samples, plan.read.dialect, options);
    if (dates.ambiguous && sample.rows.length >= SAMPLE_ROWS) {
      // The sample is the file's first rows only: the rest may show a day above 12.
      const [evidence] = await db.all<{ first_over_12: number; second_over_12: number }>(
        dayMonthEvidenceSql(quoteIdentifier(columns.dateColumn), readFunctionSql(plan.read)),
      );
      dates = settleDayMonthOrder(dates, evidence);
    }

    progress({ phase: 'loading', rows: 0 });
    await dropStagingTables(db);
    await createStagingTables(db);
    await dropRejectTables(db);
    const context: AdapterContext = {
      db,
      plan: plan.read,
      readSql: readFunctionSql(plan.read),
      columns: sample.columns,
      samples,
      mapping: columns.mapping,
      decimalComma,
      dates,
      guestsByEmail: nested !== null,
    };
    try {
      await adapter.load(context);
      if (nested?.hasLineItems && columns.mapping.order_id) await loadJsonOrderLines(db, columns.mapping.order_id);
      if (nested) await loadJsonIssues(db, nested);
      if (plan.asciiSample && !options.windows1252 && (await hasInvalidUtf8(db, plan.read))) {
        // The sample (the first 256 kB) was plain ASCII, so it could not tell UTF-8 from Windows-1252; a byte further
        // on says Windows-1252 (an accented name in a legacy export). Start again, transcoding the whole file.
        await dropStagingTables(db);
        return await importFile(db, source, { ...options, windows1252: true });
      }
      await recordReaderRejects(db, plan.read);
      if (dates.ambiguous) {
        await db.run(`INSERT INTO ${STAGING}import_issues VALUES (NULL, 'ambiguous_date_format',
          'No day above 12 in the file: dates were read as ${dates.label}. If that is wrong, choose the other order.')`);
      }
      await finishOrders(db, options.now ?? new Date());
      const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${STAGING}orders`);
      if (n === 0) {
        const rejected = await db.all<{ reason: string; count: number }>(
          `SELECT reason, count(*) AS count FROM ${STAGING}import_issues GROUP BY 1 ORDER BY 2 DESC LIMIT 3`,
        );
        fail('no_valid_rows', { id: 'noValidRows', rejected });
      }
      progress({ phase: 'summarising', rows: n });
      await swapInStagingTables(db);
    } finally {
      await dropStagingTables(db);
    }
    const facts: Pick<ImportSummary, 'format' | 'fileName' | 'detected'> = {
      format: adapter.format,
      fileName: source.fileName,
      detected: {
        encoding: plan.encodingLabel,
        compression: plan.read.gzip || plan.wasGzip ? 'gzip' : null,
        container: plan.read.parquet
          ? 'parquet'
          : plan.read.json === 'array' || plan.read.json === 'object'
            ? 'json'
            : plan.read.dialect.container,
        delimiter: plan.read.dialect.container === 'csv' ? plan.read.dialect.delimiter : null,
        decimalComma,
        dateFormat: dates.label,
        mapping: columns.mapping,
        ...(plan.sheet && { sheet: plan.sheet }),
      },
    };
    return { ok: true, summary: await summarise(db, facts) };
  } catch (error) {
    if (error instanceof ImportFailure) return error.outcome;
    const problem: ImportProblem = problemWithTheReader(error) ?? { id: 'failed', detail: firstLine(error) };
    return { ok: false, kind: 'error', code: 'read_failed', message: describeImportProblem(problem), problem };
  } finally {
    if (hostTable) await db.run(`DROP TABLE IF EXISTS ${HOST_TABLE}`);
    if (nested) await dropJsonTables(db);
  }
}

/** Where a host that reads Parquet or JSON lines itself puts the rows (ImportSource.loadIntoTable). */
const HOST_TABLE = 'host_read_rows';

interface SniffResult {
  read: ReadPlan;
  /** The text's encoding, for a host that reads JSON itself (ImportSource.loadIntoTable). */
  encoding: TextEncoding;
  encodingLabel: string;
  /** The original was gzip (even if a transcoded copy is read now). */
  wasGzip: boolean;
  /**
   * The sample, read as UTF-8, has no byte above 0x7F: it says nothing about the encoding of the rest. (UTF-16 of
   * ASCII text has none either, but its NUL bytes said its encoding.)
   */
  asciiSample: boolean;
  /** The worksheet read, when the file is an Excel workbook. */
  sheet?: SheetRead;
}

async function sniff(source: ImportSource, options: ImportOptions): Promise<SniffResult> {
  if (source.size === 0) fail('empty_file', { id: 'emptyFile' });
  const magic = detectMagic(await source.readRawHead(4096));
  const gzip = magic === 'gzip';
  if (magic === 'parquet') {
    return {
      read: {
        path: source.path,
        dialect: { container: 'csv', delimiter: null },
        gzip: false,
        parquet: true,
        utf16: false,
        columns: [],
        header: true,
        quotedNewlines: false,
      },
      encoding: 'utf-8',
      encodingLabel: 'parquet',
      wasGzip: false,
      asciiSample: false,
    };
  }
  let path = source.path;
  let bytes: Uint8Array;
  let sheet: SheetRead | undefined;
  if (magic === 'zip') {
    // An Excel workbook: the sheet asked for, or the one xlsx.ts chooses, is read as the CSV the host writes of it.
    // Another ZIP archive is refused.
    options.onProgress?.({ phase: 'converting' });
    const workbook = await source.spreadsheetToCsv(SAMPLE_BYTES, options.sheet).catch((error: unknown) => {
      if (error instanceof NotAWorkbook) fail('not_tabular', { id: 'notTabular', kind: 'zip' });
      if (error instanceof UnknownSheet)
        fail('unknown_sheet', { id: 'unknownSheet', sheet: error.sheet, sheets: error.sheets });
      if (error instanceof WorkbookTooLarge) {
        // Megabytes of 10^6 bytes, rounded down for the limit so that a sheet said to be over it never shows the same
        // figure.
        const megabytes = Math.ceil(error.xmlBytes / 1e6);
        const limit = Math.floor(MAX_SHEET_XML_CHARS / 1e6);
        fail('read_failed', { id: 'workbookTooLarge', sheet: error.sheet, megabytes, limit });
      }
      fail('read_failed', { id: 'workbookUnreadable', detail: String(error).slice(0, 200) });
    });
    ({ path, head: bytes, sheet } = workbook);
  } else {
    if (magic && !gzip) fail('not_tabular', { id: 'notTabular', kind: magic });
    bytes = await source.readSample(SAMPLE_BYTES).catch(() => fail('read_failed', { id: 'gzipDamaged' }));
  }
  // A read started again as Windows-1252 (options.windows1252, set by the importer) has already checked the gzip.
  if (gzip && !options.windows1252) {
    await source
      .checkGzipIntact((bytesRead) => options.onProgress?.({ phase: 'sniffing', bytesRead, totalBytes: source.size }))
      .catch(() => fail('read_failed', { id: 'gzipDamaged' }));
  }
  const inner = detectMagic(bytes.subarray(0, 4096));
  // Parquet compressed whole is not something we read: its bytes are not text.
  if (inner && inner !== 'gzip')
    fail('not_tabular', { id: 'notTabular', kind: inner === 'parquet' ? 'binary' : inner });
  const encoding: EncodingGuess = options.windows1252
    ? { encoding: 'windows-1252', bom: false }
    : detectEncoding(bytes);
  let readGzip = gzip;
  let text = decodeSample(bytes, encoding);
  // Lines ended by a carriage return alone (classic Mac OS; Excel for Mac's "CSV (Macintosh)") are lines to DuckDB's
  // reader too (its `new_line` option knows \r, \n and \r\n, and by default it follows the file's first line end):
  // the sample is split into the rows that will be read, not taken for one long header.
  const crOnlyLines = !text.includes('\n');
  if (crOnlyLines) text = text.replace(/\r/g, '\n');
  // A sample cut mid-line ends at its last whole line; one with no line break at all (a compact JSON response, as an
  // API writes it) is kept whole for the JSON check below.
  const lastBreak = text.lastIndexOf('\n');
  if (bytes.length >= SAMPLE_BYTES && lastBreak >= 0) text = text.slice(0, lastBreak + 1);
  if (text.trim() === '') fail('empty_file', { id: 'blankLines' });
  const json = jsonShape(text);
  if (json === 'refused') fail('unsupported_format', { id: 'jsonShape' });
  if (json === 'array' && /^\[\s*\]$/.test(text.trim())) fail('empty_file', { id: 'noOrders' });
  // Excel writes `sep=;` as a first line (and reads it) so a CSV opens in columns whatever the locale's list separator.
  const separatorLine = /^"?sep=([^\r\n"])"?\r?\n/i.exec(text);
  if (separatorLine) text = text.slice(separatorLine[0].length);
  const titleLines = leadingTitleLines(text);
  if (titleLines > 0) text = text.split('\n').slice(titleLines).join('\n');
  const records = splitRecords(text);
  // Quoted line breaks in the sample: DuckDB reads the file single-threaded then (reader.ts).
  const quotedNewlines = records.some((r) => r.includes('\n'));
  const dialect: Dialect = json
    ? { container: 'jsonl', delimiter: null }
    : separatorLine
      ? { container: 'csv', delimiter: separatorLine[1] }
      : detectDialect(records);
  // DuckDB reads UTF-8 and little-endian UTF-16 only, and its JSON reader UTF-8 alone, without a byte-order mark (JSON
  // in UTF-16 is how Windows PowerShell saves a response): the others are read from a UTF-8 copy, unless the host reads
  // the JSON itself, decoding it as it goes (ImportSource.loadIntoTable).
  const json16OrMarked = dialect.container === 'jsonl' && (encoding.encoding === 'utf-16le' || encoding.bom);
  const hostReadsJson = dialect.container === 'jsonl' && source.loadIntoTable !== undefined;
  if ((encoding.encoding === 'windows-1252' || encoding.encoding === 'utf-16be' || json16OrMarked) && !hostReadsJson) {
    options.onProgress?.({ phase: 'transcoding', bytesRead: 0, totalBytes: source.size });
    path = await source.transcodeToUtf8(encoding.encoding, (bytesRead) =>
      options.onProgress?.({ phase: 'transcoding', bytesRead, totalBytes: source.size }),
    );
    readGzip = false;
  }
  let columns: string[] = [];
  let header = true;
  if (dialect.container === 'csv') {
    const first = splitFields(records[0], dialect.delimiter!);
    header = hasHeader(first, records[1] === undefined ? undefined : splitFields(records[1], dialect.delimiter!));
    columns = dedupeColumnNames(header ? first : first.map((_, i) => `column${i}`));
    // A stray quote in the sample would take the rows after it into one value, uncounted (sniff/openQuote.ts).
    const firstLine = 1 + (separatorLine ? 1 : 0) + titleLines;
    const swallowed = findSwallowedLines(
      text,
      dialect.delimiter!,
      first.length,
      bytes.length < SAMPLE_BYTES,
      firstLine,
    );
    if (swallowed) fail('read_failed', { id: 'openQuote', ...swallowed });
    // Past the sample, DuckDB's single-threaded reader — taken for files whose sample has quoted line breaks
    // (reader.ts) — loses such rows with no reject at all; the parallel reader rejects them, and those rejects are
    // counted (recordReaderRejects). So a file read single-threaded is scanned whole once. A workbook's CSV is ours.
    if (quotedNewlines && bytes.length >= SAMPLE_BYTES && magic !== 'zip') {
      options.onProgress?.({ phase: 'sniffing', bytesRead: 0, totalBytes: source.size });
      const inFile = await swallowedLinesInFile(source, encoding.encoding, {
        delimiter: dialect.delimiter!,
        columnCount: first.length,
        skipLines: firstLine - 1,
        lineBreak: crOnlyLines ? '\r' : '\n',
        onProgress: (bytesRead) => options.onProgress?.({ phase: 'sniffing', bytesRead, totalBytes: source.size }),
      });
      if (inFile) fail('read_failed', { id: 'openQuote', ...inFile });
    }
  } else if (dialect.container === 'whitespace') {
    header = !/^\d/.test(records[0].trim());
  } else if (json) {
    // No header row: an empty array holds no orders, not a header without rows.
    header = false;
  }
  const encodingLabel =
    magic === 'zip'
      ? 'xlsx'
      : encoding.encoding === 'windows-1252'
        ? 'Windows-1252'
        : encoding.encoding.toUpperCase() + (encoding.bom ? ' with BOM' : '');
  return {
    read: {
      path,
      dialect,
      gzip: readGzip,
      parquet: false,
      utf16: encoding.encoding === 'utf-16le',
      columns,
      header,
      quotedNewlines,
      skipLines: (separatorLine ? 1 : 0) + titleLines,
      ...(json && { json }),
    },
    encoding: encoding.encoding,
    encodingLabel,
    wasGzip: gzip,
    asciiSample: encoding.encoding === 'utf-8' && bytes.every((byte) => byte < 0x80),
    sheet,
  };
}

/**
 * The JSON layouts read: objects one per line, an array of objects (`[{…}, …]`), or an object whose first line is not
 * a whole object (`{"orders": [` pretty-printed), read whole and unwrapped by nestedJson.ts. An array of anything
 * else (`[1, 2]`, `[[…]]`) is refused. Null: not JSON, or JSON lines left to the dialect sniffer as before.
 */
/**
 * findSwallowedLines over the whole file as the host streams it, from its first record (after `skipLines` lines: a
 * `sep=` line, title lines) to its end. UTF-8 and Windows-1252 are scanned as bytes (decoding 300 MB to text doubled
 * the scan's time), UTF-16 as code units.
 */
async function swallowedLinesInFile(
  source: ImportSource,
  encoding: TextEncoding,
  read: {
    delimiter: string;
    columnCount: number;
    skipLines: number;
    lineBreak: '\n' | '\r';
    onProgress: (bytesRead: number) => void;
  },
): Promise<SwallowedLines | null> {
  const scanner = new SwallowedLinesScanner(read.delimiter, read.columnCount, read.skipLines + 1, read.lineBreak);
  const toUnits = codeUnits(encoding);
  const lineBreak = read.lineBreak.charCodeAt(0);
  let toSkip = read.skipLines;
  let found: SwallowedLines | null = null;
  await source.scanContent((bytes) => {
    let units = toUnits(bytes);
    while (toSkip > 0 && units.length > 0) {
      const lineEnd = units.indexOf(lineBreak);
      if (lineEnd < 0) return false;
      units = units.subarray(lineEnd + 1);
      toSkip--;
    }
    found = scanner.feed(units);
    return found !== null;
  }, read.onProgress);
  return found ?? scanner.end(true);
}

/**
 * Turns the file's bytes, piece by piece, into the code units SwallowedLinesScanner reads, its byte-order mark left
 * out: the bytes themselves for UTF-8 and Windows-1252, 16-bit units for UTF-16 (a unit cut between two pieces is
 * completed by the next).
 */
function codeUnits(encoding: TextEncoding): (bytes: Uint8Array) => Uint8Array | Uint16Array {
  let first = true;
  if (encoding === 'utf-8' || encoding === 'windows-1252') {
    return (bytes) => {
      const marked = first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      first = false;
      return marked ? bytes.subarray(3) : bytes;
    };
  }
  const bigEndian = encoding === 'utf-16be';
  let carry: number | null = null;
  return (bytes) => {
    let all = bytes;
    if (carry !== null) {
      all = new Uint8Array(bytes.length + 1);
      all[0] = carry;
      all.set(bytes, 1);
    }
    carry = all.length % 2 === 1 ? all[all.length - 1]! : null;
    const units = new Uint16Array(all.length >> 1);
    for (let i = 0; i < units.length; i++) {
      const a = all[2 * i]!;
      const b = all[2 * i + 1]!;
      units[i] = bigEndian ? (a << 8) | b : a | (b << 8);
    }
    const marked = first && units[0] === 0xfeff;
    first = false;
    return marked ? units.subarray(1) : units;
  };
}

function jsonShape(text: string): 'array' | 'object' | 'refused' | null {
  const start = text.trimStart();
  if (start.startsWith('[')) {
    if (/^\[\s*(\{|\]|$)/.test(start)) return 'array';
    return /^\[\s*(\[|"|-?\d|true|false|null)/.test(start) ? 'refused' : null;
  }
  // An object's first key (or its end) follows the brace; a CSV header such as `{id},name` is not JSON.
  if (!/^\{\s*("|\}|$)/.test(start)) return null;
  try {
    JSON.parse(start.split('\n', 1)[0]);
    return null;
  } catch {
    return 'object';
  }
}

function chooseAdapter(dialect: Dialect, columns: string[]): FormatAdapter {
  if (dialect.container === 'whitespace') return cdnowAdapter;
  if (isShopifyExport(columns)) return shopifyAdapter;
  if (isWooCommerceExport(columns)) return wooCommerceAdapter;
  if (isInvoiceLines(columns)) return invoiceLinesAdapter;
  return genericAdapter;
}

/** Auto-detected columns, overridden by the user's explicit choices (validated against the file's columns). */
function mergeMapping(
  columns: string[],
  samples: Record<string, string[]>,
  explicit: ColumnMapping | undefined,
  nestedJson?: NestedJsonOrders,
): ColumnMapping {
  const mapping = preferEmailToNames(autoMapColumns(columns, samples), samples);
  if (nestedJson) {
    // An API order's items are its line items (nestedJson.ts), never one of its own fields.
    if (nestedJson.hasLineItems) {
      for (const field of ['product', 'sku', 'category', 'quantity', 'unit_price'] as const) delete mapping[field];
    }
    // The layouts' own fields win, and a column they give one field is not left to a synonym for another
    // (`discount_codes.code` is the discount code, not the discount amount).
    const claimed = new Set(Object.values(nestedJson.mapping));
    for (const [field, column] of Object.entries(mapping) as [CanonicalField, string][]) {
      if (claimed.has(column) && nestedJson.mapping[field] !== column) delete mapping[field];
    }
    Object.assign(mapping, nestedJson.mapping);
  }
  for (const [field, column] of Object.entries(explicit ?? {}) as [CanonicalField, string | undefined][]) {
    if (column === undefined || column === '') continue;
    if (!columns.includes(column)) {
      fail('missing_columns', { id: 'missingColumn', column, field, columns });
    }
    mapping[field] = column;
  }
  return mapping;
}

function needsMapping(
  plan: ColumnPlan,
  columns: string[],
  samples: Record<string, string[]>,
  sheet: SheetRead | undefined,
): ImportOutcome {
  const names = plan.missing.map((f) => f.replace('_id', '').replace('_', ' ')).join(', ');
  return {
    ok: false,
    kind: 'needs_mapping',
    message: `We could not tell which column holds the ${names}.`,
    columns: columns.map((name) => ({ name, samples: (samples[name] ?? []).slice(0, 5) })),
    // What the values suggest for the fields the headers did not name: the form's starting choices.
    guess: guessFromValues(columns, samples, plan.mapping),
    missing: plan.missing,
    ...(sheet && { sheet }),
  };
}

function decideDates(
  columns: ColumnPlan,
  samples: Record<string, string[]>,
  dialect: Dialect,
  options: ImportOptions,
): DateFormatGuess {
  if (columns.fixedDates) return columns.fixedDates;
  const values = samples[columns.dateColumn] ?? [];
  // The headers named this column as the date, so numbers in it may be read as seconds or milliseconds since 1970.
  const guess = detectDateFormat(values, conventionalOrder(dialect.delimiter, values), options.dateOrder, {
    epoch: true,
  });
  if (!guess) {
    const example = values.find((v) => v.trim() !== '') ?? '(empty)';
    fail('unreadable_dates', { id: 'unreadableDates', column: columns.dateColumn, example: example.slice(0, 40) });
  }
  return guess;
}

/** Has the CSV reader rejected rows (DuckDB's store_rejects table exists only once it has read a CSV)? */
async function readerRejected(db: SqlExecutor, plan: ReadPlan): Promise<boolean> {
  if (plan.parquet || plan.dialect.container !== 'csv') return false;
  const [{ present }] = await db.all<{ present: boolean }>(
    `SELECT count(*) > 0 AS present FROM duckdb_tables() WHERE table_name = 'reject_errors'`,
  );
  return present;
}

/** Did the CSV reader reject a row for bytes that are not UTF-8? */
async function hasInvalidUtf8(db: SqlExecutor, plan: ReadPlan): Promise<boolean> {
  if (!(await readerRejected(db, plan))) return false;
  const [{ n }] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM reject_errors WHERE error_type = 'INVALID ENCODING'`,
  );
  return n > 0;
}

/**
 * CSV rows DuckDB could not split (store_rejects) become malformed_row issues: counted, never silently lost. A quote
 * that never closes (`UNQUOTED VALUE`, met past the sample that sniff/openQuote.ts reads) takes every line after it
 * into the one rejected row; each of those lines is counted, as each held a row of the file.
 */
async function recordReaderRejects(db: SqlExecutor, plan: ReadPlan): Promise<void> {
  if (!(await readerRejected(db, plan))) return;
  await db.run(`INSERT INTO ${STAGING}import_issues
    SELECT line - ${(plan.header ? 1 : 0) + (plan.skipLines ?? 0)} + generate_subscripts(lines, 1) - 1, 'malformed_row',
      left(unnest(lines), 200)
    FROM (SELECT DISTINCT ON (line) line,
        CASE WHEN error_type = 'UNQUOTED VALUE' THEN string_split(rtrim(csv_line, chr(13) || chr(10)), chr(10))
          ELSE [csv_line] END AS lines
      FROM reject_errors)`);
}

function sampleValues(columns: string[], rows: Record<string, string | null>[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const column of columns)
    out[column] = rows.map((r) => r[column]).filter((v): v is string => v !== null && v.trim() !== '');
  return out;
}

function unreadable(plan: ReadPlan, error: unknown): ImportProblem {
  const problem = problemWithTheReader(error);
  if (problem) return problem;
  const container = plan.parquet
    ? 'parquet'
    : plan.json === 'array' || plan.json === 'object'
      ? 'json'
      : plan.dialect.container;
  return { id: 'unreadable', container, delimiter: plan.dialect.delimiter, detail: firstLine(error) };
}

/**
 * DuckDB's CSV reader (1.4, native and wasm alike) keeps to the line end it met first: a CR LF line in an LF file, the
 * reverse, or a carriage return inside an unquoted field stops it with this message for the whole file, and no row can
 * be rejected alone (store_rejects does not take this error). Reading without strict mode would let rows with extra
 * fields through silently, so the merchant is told how to fix the file instead.
 */
function mixedLineEnds(error: unknown): boolean {
  return /CSV Parser state machine reached an invalid state/.test(
    error instanceof Error ? error.message : String(error),
  );
}

/** An engine error that says what to do about the file wherever the import meets it: its line ends, or its size. */
function problemWithTheReader(error: unknown): ImportProblem | null {
  if (mixedLineEnds(error)) return { id: 'lineEnds' };
  if (classifyEngineError(error).kind === 'outOfMemory') return { id: 'outOfMemory' };
  return null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/^(Invalid Input|Conversion|Binder|IO) Error: /, '');
}
