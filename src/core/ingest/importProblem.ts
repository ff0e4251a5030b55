import { englishText, type LocalText } from '../localText';
import { ISSUE_TEXT } from '../schema';
import type { MagicKind } from './sniff/magic';
import type { CanonicalField } from './types';

/**
 * Why an import failed, as data rather than a sentence: worded (importProblemText, localText.ts) in English for the
 * CLI and in the user's language by the app, from the same templates (IMPORT_PROBLEM_TEXT is the English catalogue's
 * part for them), so a French merchant whose export has no data rows is told so in French.
 */
export type ImportProblem =
  | { id: 'emptyFile' }
  | { id: 'blankLines' }
  | { id: 'headerOnly' }
  | { id: 'noOrders' }
  | { id: 'notTabular'; kind: Exclude<MagicKind, 'gzip' | 'parquet'> }
  | { id: 'gzipDamaged' }
  | { id: 'workbookUnreadable'; detail: string }
  | { id: 'workbookTooLarge'; sheet: string; megabytes: number; limit: number }
  | { id: 'unknownSheet'; sheet: string; sheets: string[] }
  | { id: 'jsonShape' }
  /** The file is a shop API's error answer (GraphQL's `errors`, REST's): `message` is the first error's, as written. */
  | { id: 'apiError'; message: string }
  | { id: 'unreadable'; container: ReadContainer; delimiter: string | null; detail: string }
  | { id: 'lineEnds' }
  /** The engine ran out of memory reading or checking the rows (engineError.ts). */
  | { id: 'outOfMemory' }
  | { id: 'openQuote'; line: number; lines: number }
  | { id: 'customerSummary'; columns: string[] }
  | { id: 'noValidRows'; rejected: { reason: string; count: number }[] }
  | { id: 'missingColumn'; column: string; field: CanonicalField; columns: string[] }
  | { id: 'unreadableDates'; column: string; example: string }
  | { id: 'failed'; detail: string };

export type ReadContainer = 'csv' | 'parquet' | 'jsonl' | 'json' | 'whitespace';

/** English wording of every problem; each sentence names the problem and says what to do. */
export const IMPORT_PROBLEM_TEXT = {
  'importError.emptyFile': 'The file is empty (0 bytes). Export your orders again and load the new file.',
  'importError.blankLines': 'The file contains only blank lines. Export your orders again and load the new file.',
  'importError.headerOnly':
    'The file has a header row but no orders under it. Export the orders again, including the data rows.',
  'importError.noOrders': 'The file contains no orders. Check that you picked the right export.',
  'importError.image':
    'This file is a {kind} image, not an order export. Export your orders as CSV (or Parquet) and load that file.',
  'importError.pdf':
    'This file is a PDF document, not an order export. Export your orders as CSV from your shop admin and load that file.',
  'importError.zip':
    'This file is a ZIP archive, not an order export or an Excel workbook (.xlsx). Load the CSV or Excel file inside it.',
  'importError.workbookUnreadable':
    'This Excel workbook could not be read ({detail}). Open it in your spreadsheet program, save it as CSV, and load the CSV.',
  'importError.workbookTooLarge':
    'The sheet ‘{sheet}’ of this Excel workbook is too large to convert ({megabytes} MB of cell data; a sheet can have {limit} MB at most). Save that sheet as CSV in your spreadsheet program and load the CSV, which has no such limit (for a CSV of several GB, use the command-line tool).',
  'importError.unknownSheet': 'This workbook has no sheet named ‘{sheet}’. Its sheets are: {sheets}.',
  'importError.xls':
    'This file is an old-style Excel workbook (.xls). Open it in your spreadsheet program, save it as CSV, and load the CSV.',
  'importError.notText':
    'This file is not text: it is not a CSV, TSV, JSON-lines or Parquet order export. Export your orders as CSV and load that file.',
  'importError.gzipDamaged':
    'The file looks compressed (gzip) but could not be decompressed to its end: it is cut off or damaged (an interrupted download?). Download or export it again.',
  'importError.jsonShape':
    'This JSON file is not laid out as orders. Segmentlab reads JSON as one order object per line (JSON lines), one array of order objects ([{…}, {…}]), or one object holding the array of orders ({"orders": [{…}]}, as a shop’s API returns them).',
  'importError.apiError':
    'This file is the shop API’s answer to a request that failed, not orders. The API said: “{message}”. Run the query or export again (after a minute if it was throttled, or changed as the message asks) and save a response that holds the orders.',
  'importError.unreadable': 'The file could not be read as {container}: {detail}',
  'importError.lineEnds':
    'The rows of this file end in two ways (some as Windows ends a line, CR LF; others as Mac or Linux does, LF or CR alone), or a row holds a stray carriage return, so its rows cannot be told apart. Open the file in your spreadsheet program, save it as CSV again, and load the new file.',
  'importError.openQuote':
    'Line {line} of the file opens a quote (") that takes the {lines, plural, one {line} other {# lines}} after it into one value, so their orders would be lost. Remove the stray quote in a text editor, or save the file again from your spreadsheet program, and load it again.',
  'importError.openQuoteLastLine':
    'Line {line}, the last of the file, opens a quote (") that never closes — a stray quote, or a file cut off while it was exported or downloaded — so the rest of that row would be lost. Remove the stray quote in a text editor, or export the file again, and load it again.',
  'importError.asCsv': "CSV with delimiter '{delimiter}'",
  'importError.asTabs': 'CSV with delimiter tab',
  'importError.asParquet': 'Parquet',
  'importError.asJsonl': 'JSON lines',
  'importError.asJson': 'JSON',
  'importError.asWhitespace': 'whitespace-separated text',
  'importError.customerSummary':
    'This file has one row per customer, already summarised ({columns}), as a shop’s customer export or a CLV library such as lifetimes has it — not orders. Segmentlab makes that summary itself from the orders: load the order or transaction export it was made from.',
  'importError.noValidRows':
    'No usable orders were found: every row was rejected ({reasons}). Check that the date and amount columns hold dates and amounts.',
  'importError.rejectedCount': '{count} × {reason}',
  'importError.missingColumn':
    "The column '{column}' (chosen for {field}) is not in this file. Its columns are: {columns}.",
  'importError.unreadableDates':
    "The column '{column}' does not hold dates we can read (for example '{example}'). Choose the right date column, or export dates as YYYY-MM-DD.",
  'importError.outOfMemory':
    'There was not enough memory to import this file. Close other tabs, windows or programs, then load it again. If it happens again, the file holds more than this device can: load a shorter export, for example the last two years of orders.',
  'importError.failed': 'The file could not be imported: {detail}',
} as const;

export type ImportTextKey = keyof typeof IMPORT_PROBLEM_TEXT | keyof typeof ISSUE_TEXT;
export type ImportText = LocalText<ImportTextKey>;

const IMAGE_NAMES = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF' } as const;

/** The problem as a sentence to word (localText.ts): the app in the user's language, the CLI in English. */
export function importProblemText(problem: ImportProblem): ImportText {
  switch (problem.id) {
    case 'notTabular': {
      const { kind } = problem;
      if (kind === 'png' || kind === 'jpeg' || kind === 'gif')
        return { id: 'importError.image', params: { kind: IMAGE_NAMES[kind] } };
      return {
        id: kind === 'ole' ? 'importError.xls' : kind === 'binary' ? 'importError.notText' : `importError.${kind}`,
      };
    }
    case 'unreadable':
      return { id: 'importError.unreadable', params: { container: containerText(problem), detail: problem.detail } };
    case 'customerSummary':
      return { id: 'importError.customerSummary', params: { columns: problem.columns.join(', ') } };
    case 'noValidRows':
      return {
        id: 'importError.noValidRows',
        params: {
          reasons: problem.rejected.map(({ reason, count }) => ({
            id: 'importError.rejectedCount',
            params: { count, reason: issueText(reason) },
          })),
        },
      };
    case 'missingColumn':
      return {
        id: 'importError.missingColumn',
        params: { column: problem.column, field: problem.field, columns: problem.columns.join(', ') },
      };
    case 'unreadableDates':
      return { id: 'importError.unreadableDates', params: { column: problem.column, example: problem.example } };
    case 'failed':
      return { id: 'importError.failed', params: { detail: problem.detail } };
    case 'workbookUnreadable':
      return { id: 'importError.workbookUnreadable', params: { detail: problem.detail } };
    case 'workbookTooLarge':
      return {
        id: 'importError.workbookTooLarge',
        params: { sheet: problem.sheet, megabytes: problem.megabytes, limit: problem.limit },
      };
    case 'openQuote':
      return problem.lines === 0
        ? { id: 'importError.openQuoteLastLine', params: { line: problem.line } }
        : { id: 'importError.openQuote', params: { line: problem.line, lines: problem.lines } };
    case 'apiError':
      return { id: 'importError.apiError', params: { message: problem.message } };
    case 'unknownSheet':
      return { id: 'importError.unknownSheet', params: { sheet: problem.sheet, sheets: problem.sheets.join(', ') } };
    default:
      return { id: `importError.${problem.id}` };
  }
}

function containerText(problem: Extract<ImportProblem, { id: 'unreadable' }>): ImportText {
  switch (problem.container) {
    case 'parquet':
      return { id: 'importError.asParquet' };
    case 'jsonl':
      return { id: 'importError.asJsonl' };
    case 'json':
      return { id: 'importError.asJson' };
    case 'whitespace':
      return { id: 'importError.asWhitespace' };
    default:
      return problem.delimiter === '\t'
        ? { id: 'importError.asTabs' }
        : { id: 'importError.asCsv', params: { delimiter: problem.delimiter ?? ',' } };
  }
}

/** A reason we know by its label; one we do not (none today) as its code in words. */
function issueText(reason: string): ImportText | string {
  const key = `issue.${reason}`;
  return Object.hasOwn(ISSUE_TEXT, key) ? { id: key as keyof typeof ISSUE_TEXT } : reason.replaceAll('_', ' ');
}

/** The problem in English: the CLI's `error:` line and the outcome's `message`. */
export function describeImportProblem(problem: ImportProblem): string {
  return englishText(importProblemText(problem), { ...IMPORT_PROBLEM_TEXT, ...ISSUE_TEXT });
}
