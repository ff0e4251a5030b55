import type { ImportProblem } from './importProblem';
import type { TextEncoding } from './sniff/encoding';
import type { SheetRead } from './xlsx';

/**
 * The contract between the import pipeline (src/core/ingest) and its hosts: the engine worker in the browser and the
 * CLI in Node. The host knows how to read bytes and register files with its DuckDB; the core decides everything else.
 */

/** Where the bytes live. `path` is the name under which the host's DuckDB can read the file as it is on disk. */
export interface ImportSource {
  fileName: string;
  /** Size in bytes of the file as given (compressed size for a .gz). */
  size: number;
  path: string;
  /** The first `maxBytes` bytes of the raw file (for magic-byte sniffing: gzip, PNG, Parquet, zip…). */
  readRawHead(maxBytes: number): Promise<Uint8Array>;
  /** The first `maxBytes` bytes of the decompressed content (same as readRawHead for an uncompressed file). */
  readSample(maxBytes: number): Promise<Uint8Array>;
  /**
   * Writes a UTF-8 copy of the (decompressed) content decoded with `encoding` and returns the path DuckDB should read
   * instead. Needed for Windows-1252, which DuckDB-WASM cannot decode offline (ARCHITECTURE.md, "Engine facts"), for
   * big-endian UTF-16, which DuckDB does not read, and for JSON in UTF-16 or starting with a byte-order mark, which
   * DuckDB's JSON reader refuses (it reads UTF-8 alone; decoding drops the mark).
   */
  transcodeToUtf8(encoding: TextEncoding, onProgress?: (bytesRead: number) => void): Promise<string>;
  /**
   * For a gzip file: decompresses it once to its end and rejects when the stream is truncated or corrupt. DuckDB's
   * gzip reader stops quietly at a cut-off end, which would import part of an interrupted download as if whole.
   * Resolves at once for an uncompressed file.
   */
  checkGzipIntact(onProgress?: (bytesRead: number) => void): Promise<void>;
  /**
   * Streams the (decompressed) content's bytes to `visit` piece by piece until its end or until `visit` returns true
   * (it found what it looked for). For the checks that must see the whole file, not the sample (importFile.ts, a stray
   * quote past the sample).
   */
  scanContent(visit: (bytes: Uint8Array) => boolean, onProgress?: (bytesRead: number) => void): Promise<void>;
  /**
   * For an Excel workbook (.xlsx): writes the worksheet named `sheet` (or, without one, the one xlsx.ts chooses) as
   * UTF-8 CSV (xlsx.ts) and returns the path DuckDB should read instead, with the CSV's first `sampleBytes` bytes to
   * sniff. Rejects with NotAWorkbook for another kind of ZIP archive, UnknownSheet for a name the workbook does not
   * have, WorkbookTooLarge for a sheet too large to convert.
   */
  spreadsheetToCsv(sampleBytes: number, sheet?: string): Promise<{ path: string; head: Uint8Array; sheet: SheetRead }>;
  /**
   * Reads a Parquet or JSON-lines file itself into table `table` (every JSON value as text). For hosts whose DuckDB
   * has no reader for them: DuckDB-WASM would download its parquet and json extensions, which the lock-down forbids
   * (ARCHITECTURE.md, "No network after load"). Native DuckDB has both built in; its source leaves this out.
   * `onProgress` hears the file's bytes read so far while the host reads it as a stream (JSON); `encoding` is the
   * text's (JSON), as the importer sniffed it.
   */
  loadIntoTable?(
    container: 'parquet' | 'jsonl',
    table: string,
    onProgress?: (bytesRead: number) => void,
    encoding?: TextEncoding,
  ): Promise<void>;
}

/** The fields the importer maps source columns to. */
export type CanonicalField =
  | 'order_id'
  | 'customer_id'
  | 'order_date'
  | 'amount'
  | 'email'
  | 'product'
  | 'sku'
  | 'category'
  | 'quantity'
  | 'unit_price'
  | 'discount'
  | 'discount_code'
  | 'refunded'
  | 'accepts_marketing'
  | 'country'
  | 'city'
  | 'currency'
  | 'tags'
  | 'status';

export type ColumnMapping = Partial<Record<CanonicalField, string>>;

export type FormatName = 'shopify' | 'woocommerce' | 'invoice_lines' | 'cdnow' | 'generic';

export interface ImportOptions {
  /** Explicit mapping (CLI `--columns`, or the UI's mapping step); overrides auto-detection for the fields given. */
  columns?: ColumnMapping;
  /** For an Excel workbook: the worksheet to read, by its tab name (CLI `--sheet`, or the summary's sheet choice). */
  sheet?: string;
  /** Resolves a day/month ambiguity the sample could not settle. */
  dateOrder?: 'DMY' | 'MDY';
  /** "Now" for the far-future check; injectable so tests are deterministic. */
  now?: Date;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Read the text as Windows-1252 whatever the sample looks like. The importer sets it itself when a file whose
   * sample was plain ASCII turns out, further on, not to be UTF-8.
   */
  windows1252?: boolean;
}

export interface ImportProgress {
  /** `waiting`: the engine is finishing the job it is running on the current data before it reads the file. */
  phase: 'waiting' | 'sniffing' | 'converting' | 'transcoding' | 'loading' | 'summarising';
  bytesRead?: number;
  totalBytes?: number;
  rows?: number;
}

export interface IssueExample {
  sourceRow: number | null;
  raw: string;
}

export interface MonthlyPoint {
  month: string; // YYYY-MM
  orders: number;
  revenue: number;
}

/** What the data summary shows and `cli analyze --json` prints (field names are a public contract). */
export interface ImportSummary {
  format: FormatName;
  fileName: string;
  orders: number;
  customers: number;
  guestOrders: number;
  revenue: number;
  currency: string | null;
  firstOrder: string | null; // YYYY-MM-DD
  lastOrder: string | null; // YYYY-MM-DD
  rejectedRows: number;
  issues: Record<string, number>;
  issueExamples: Record<string, IssueExample[]>;
  orderLines: number;
  refunds: number;
  monthly: MonthlyPoint[];
  detected: {
    encoding: string;
    compression: 'gzip' | null;
    /** `json`: one array of orders, or an object holding it; `jsonl`: one JSON object per line. */
    container: 'csv' | 'parquet' | 'jsonl' | 'json' | 'whitespace';
    delimiter: string | null;
    decimalComma: boolean;
    dateFormat: string | null;
    mapping: ColumnMapping;
    /** For an Excel workbook: the worksheet read, how it was picked, and the names of all its worksheets. */
    sheet?: SheetRead;
  };
}

/** A column the mapping step shows, with a few sample values so the user can recognise it. */
export interface ColumnPreview {
  name: string;
  samples: string[];
}

export type ImportErrorCode =
  | 'empty_file'
  | 'header_only'
  | 'not_tabular' // an image, a zip/xlsx, a PDF… renamed
  | 'unsupported_format'
  | 'missing_columns'
  | 'unknown_sheet' // an Excel workbook has no worksheet of the name asked for (CLI --sheet)
  | 'no_valid_rows'
  | 'unreadable_dates'
  | 'read_failed';

export type ImportOutcome =
  | { ok: true; summary: ImportSummary }
  /** `message` is the problem in English (the CLI's words); the app words `problem` in the user's language. */
  | { ok: false; kind: 'error'; code: ImportErrorCode; message: string; problem: ImportProblem }
  /** Auto-detection could not decide: the UI asks the user to pick columns (CLI: exit 2, suggest --columns). */
  | {
      ok: false;
      kind: 'needs_mapping';
      message: string;
      columns: ColumnPreview[];
      guess: ColumnMapping;
      missing: CanonicalField[];
      /** For an Excel workbook: the worksheet these columns are from, so that another can be chosen instead. */
      sheet?: SheetRead;
    };
