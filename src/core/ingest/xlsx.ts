import { Inflate, unzipSync, type UnzipFileInfo } from 'fflate';
import { chooseMeasured, measureSheet, type SheetMeasure, type SheetShape } from './sheetChoice';

/**
 * One worksheet of an Excel workbook (.xlsx, Office Open XML SpreadsheetML, ECMA-376 Part 1 §18) as CSV text, so that
 * the importer reads it like any other CSV: the cells as Excel shows their values, dates as ISO text, times of day as
 * `hh:mm:ss`, numbers with a dot. Both hosts call it on the file's bytes (the browser worker and the CLI), so a
 * workbook imports the same everywhere. Which worksheet: the one asked for by name, else the one `chooseSheet`
 * (sheetChoice.ts) picks — the first, unless another looks far more like the orders.
 *
 * SpreadsheetML keeps text in a shared string table (`<c t="s"><v>index</v>`) or inline (`t="inlineStr"`), numbers
 * as `<v>` text, and dates as numbers whose cell style has a date number format (§18.8.30 lists the built-in ids).
 */
export class NotAWorkbook extends Error {}

/** The sheet asked for is not a worksheet of this workbook. */
export class UnknownSheet extends Error {
  constructor(
    readonly sheet: string,
    readonly sheets: string[],
  ) {
    super(`no worksheet named '${sheet}'`);
  }
}

/**
 * A worksheet too large to convert here: its XML would not fit in one JavaScript string (V8's limit, 2^29 − 24
 * characters on 64-bit builds, which Node and Chromium share), or converting it ran out of memory.
 */
export class WorkbookTooLarge extends Error {
  constructor(
    readonly sheet: string,
    /** The worksheet's XML, uncompressed, in bytes (0 when unknown). */
    readonly xmlBytes: number,
  ) {
    super(`worksheet '${sheet}' is too large to convert (${xmlBytes} bytes of XML)`);
  }
}

/** V8's longest string (`String::kMaxLength` on 64-bit), in characters: a sheet's XML must decode into one. */
export const MAX_SHEET_XML_CHARS = 2 ** 29 - 24;

const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 22, 27, 30, 36, 50, 57]);
/**
 * Built-in formats that show a time and no date (§18.8.30): 18 `h:mm AM/PM`, 19 `h:mm:ss AM/PM`, 20 `h:mm`, 21
 * `h:mm:ss`, 45 `mm:ss`, 46 `[h]:mm:ss` (elapsed), 47 `mmss.0`.
 */
const TIME_FORMAT_IDS = new Set([18, 19, 20, 21, 45, 46, 47]);
const ELAPSED_FORMAT_IDS = new Set([46]);
const DAY_MS = 86_400_000;

/** The sheet read, by its tab name, how many worksheets the workbook has and their names: the summary names it. */
export interface SheetRead {
  name: string;
  of: number;
  /** Every worksheet's tab name, in tab order. */
  names: string[];
  /** The first worksheet read as the rule says, another one the rule preferred (sheetChoice.ts), or the one asked for. */
  picked: 'first' | 'preferred' | 'asked';
}

export interface WorkbookOptions {
  /** The worksheet to read, by its tab name (exact, else ignoring case); an unknown name throws UnknownSheet. */
  sheet?: string;
}

export function workbookToCsv(bytes: Uint8Array, options: WorkbookOptions = {}): { csv: string; sheet: SheetRead } {
  const meta = unzip(bytes, ({ name }) =>
    ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(name),
  );
  const workbook = meta['xl/workbook.xml'];
  if (!workbook) throw new NotAWorkbook('no xl/workbook.xml');
  const sheets = worksheets(text(workbook), text(meta['xl/_rels/workbook.xml.rels']));
  const names = sheets.map((sheet) => sheet.name);
  const strings = sharedStrings(text(meta['xl/sharedStrings.xml']));
  const styles = numberStyles(text(meta['xl/styles.xml']));
  // Workbooks made on old Macs count days from 1904-01-01; the others from 1899-12-30 (which absorbs Lotus 1-2-3's
  // phantom 29 February 1900 for every date after it).
  const epoch = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(text(workbook))
    ? Date.UTC(1904, 0, 1)
    : Date.UTC(1899, 11, 30);
  const cells: CellReading = { strings, styles, epoch };

  let index = 0;
  let picked: SheetRead['picked'] = 'first';
  let xml: string | undefined;
  if (options.sheet !== undefined) {
    const wanted = options.sheet;
    index = names.indexOf(wanted);
    if (index < 0) index = names.findIndex((name) => name.toLowerCase() === wanted.toLowerCase());
    if (index < 0) throw new UnknownSheet(wanted, names);
    picked = 'asked';
  } else if (sheets.length > 1) {
    // One worksheet's XML at a time, keeping the one chosen so far: a large sheet is not held twice, and rarely
    // inflated twice (when a later sheet turns the choice back to an earlier one).
    const measures: SheetMeasure[] = [];
    let kept = -1;
    sheets.forEach((sheet, i) => {
      let sheetXml: string | undefined;
      try {
        sheetXml = worksheetXml(bytes, sheet);
      } catch (error) {
        if (!(error instanceof WorkbookTooLarge)) throw error;
      }
      // A sheet too large to read whole is measured by its first rows, with more rows than any other: chosen when its
      // header is the orders' (reading it then says it is too large, and what to do), passed over when another
      // sheet's header is and its own is not (sheetChoice.ts). Its first rows unreadable, it counts as unmappable.
      const head = sheetXml === undefined ? worksheetXmlHead(bytes, sheet) : undefined;
      measures.push(
        sheetXml !== undefined
          ? measureSheet(sheetShape(sheetXml, cells))
          : head
            ? measureSheet({ ...sheetShape(head, cells), rows: Infinity })
            : { mappable: false, dataRows: Infinity },
      );
      if (sheetXml !== undefined && chooseMeasured(measures) === i) [xml, kept] = [sheetXml, i];
    });
    index = chooseMeasured(measures);
    if (index !== kept) xml = undefined;
    if (index > 0) picked = 'preferred';
  }
  const sheet = sheets[index] ?? { name: '', path: 'xl/worksheets/sheet1.xml' };
  xml ??= worksheetXml(bytes, sheet);
  const read: SheetRead = { name: sheet.name, of: Math.max(1, sheets.length), names, picked };
  try {
    return { csv: sheetCsv(xml, cells), sheet: read };
  } catch (error) {
    throw tooLargeOr(error, sheet.name, xml.length);
  }
}

interface Worksheet {
  name: string;
  /** Its part in the archive: `xl/worksheets/sheet1.xml`. */
  path: string;
}

interface CellReading {
  strings: string[];
  styles: NumberStyles;
  epoch: number;
}

/** The worksheet's XML as text, refused as too large before it is inflated when it could not fit in one string. */
function worksheetXml(bytes: Uint8Array, sheet: Worksheet): string {
  let xmlBytes = 0;
  const part = unzip(bytes, (file) => {
    if (file.name !== sheet.path) return false;
    xmlBytes = file.originalSize;
    if (xmlBytes > MAX_SHEET_XML_CHARS) throw new WorkbookTooLarge(sheet.name, xmlBytes);
    return true;
  })[sheet.path];
  if (!part) throw new NotAWorkbook(`no ${sheet.path}`);
  try {
    return text(part);
  } catch (error) {
    throw tooLargeOr(error, sheet.name, xmlBytes);
  }
}

/** Compressed bytes fed to the inflater at a time, and the XML enough for a sheet's first rows (SHAPE_HEAD_ROWS). */
const HEAD_CHUNK_BYTES = 4096;
const HEAD_XML_BYTES = 1 << 20;

/**
 * The first megabyte or so of a worksheet's XML, inflated from the start of its part only: a sheet too large to read
 * whole still shows its header. Found through the ZIP's central directory (PKWARE APPNOTE.TXT §4.3.12: method at +10,
 * compressed size at +20, name length at +28, extra and comment lengths at +30 and +32, local header offset at +42)
 * and its local header (§4.3.7: name and extra lengths at +26 and +28). Undefined for a ZIP64 part, a compression other
 * than stored or deflate (§4.4.5: 0, 8), or damaged headers.
 */
function worksheetXmlHead(bytes: Uint8Array, sheet: Worksheet): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = new TextEncoder().encode(sheet.path);
  let end = -1;
  // The end-of-central-directory record (§4.3.16) is in the last 22 bytes plus up to 65,535 of comment.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65_535); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  let at = view.getUint32(end + 16, true);
  for (let entry = 0; entry < view.getUint16(end + 10, true) && at + 46 <= bytes.length; entry++) {
    if (view.getUint32(at, true) !== 0x02014b50) return undefined;
    const nameLength = view.getUint16(at + 28, true);
    const entryName = bytes.subarray(at + 46, at + 46 + nameLength);
    if (entryName.length === name.length && entryName.every((byte, i) => byte === name[i])) {
      const method = view.getUint16(at + 10, true);
      const compressed = view.getUint32(at + 20, true);
      const local = view.getUint32(at + 42, true);
      if (compressed === 0xffffffff || local === 0xffffffff || local + 30 > bytes.length) return undefined;
      if (view.getUint32(local, true) !== 0x04034b50) return undefined;
      const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
      const data = bytes.subarray(start, Math.min(bytes.length, start + compressed));
      if (method === 0) return text(data.subarray(0, HEAD_XML_BYTES));
      if (method !== 8) return undefined;
      const pieces: Uint8Array[] = [];
      let inflated = 0;
      const inflater = new Inflate((piece) => {
        pieces.push(piece);
        inflated += piece.length;
      });
      try {
        for (let from = 0; from < data.length && inflated < HEAD_XML_BYTES; from += HEAD_CHUNK_BYTES) {
          inflater.push(data.subarray(from, from + HEAD_CHUNK_BYTES), from + HEAD_CHUNK_BYTES >= data.length);
        }
      } catch {
        // A damaged stream: what was inflated before the damage is still the sheet's beginning.
      }
      const head = new Uint8Array(inflated);
      pieces.reduce((offset, piece) => (head.set(piece, offset), offset + piece.length), 0);
      return text(head);
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return undefined;
}

/** An engine limit met while converting (a string or an array too long, memory exhausted) as WorkbookTooLarge. */
function tooLargeOr(error: unknown, sheet: string, xmlBytes: number): unknown {
  if (error instanceof RangeError || /out of memory|allocation failed/i.test(String(error)))
    return new WorkbookTooLarge(sheet, xmlBytes);
  return error;
}

function unzip(bytes: Uint8Array, wanted: (file: UnzipFileInfo) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: wanted });
  } catch (error) {
    if (error instanceof WorkbookTooLarge) throw error;
    throw new Error(`not a readable ZIP archive: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const decoder = new TextDecoder();
/** The part's XML with namespace prefixes dropped from tag names: some writers (the .NET Open XML SDK) put `x:` on all. */
function text(bytes: Uint8Array | undefined): string {
  return bytes ? decoder.decode(bytes).replace(/<(\/?)[A-Za-z_][\w.-]*:/g, '<$1') : '';
}

/**
 * The workbook's worksheets in tab order (`<sheets>`, §18.2.20), each found through its relationship id: a chart sheet
 * holds no cells and is left out.
 */
function worksheets(workbook: string, relationships: string): Worksheet[] {
  const targets = new Map<string | undefined, string | undefined>();
  for (const [tag] of relationships.matchAll(/<Relationship\b[^>]*>/g)) {
    if (attribute(tag, 'Type')?.endsWith('/worksheet')) targets.set(attribute(tag, 'Id'), attribute(tag, 'Target'));
  }
  return [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map(([tag]) => ({ id: /\br:id="([^"]+)"/.exec(tag)?.[1], name: unescapeXml(attribute(tag, 'name') ?? '') }))
    .filter((sheet) => targets.has(sheet.id))
    .map(({ id, name }) => {
      const path = targets.get(id) ?? 'worksheets/sheet1.xml';
      return { name, path: path.startsWith('/') ? path.slice(1) : `xl/${path}` };
    });
}

const attributePatterns = new Map<string, RegExp>();
function attribute(tag: string, name: string): string | undefined {
  // Compiled once per name: a sheet asks for `r`, `t` and `s` on every cell.
  let pattern = attributePatterns.get(name);
  if (!pattern) attributePatterns.set(name, (pattern = new RegExp(`\\b${name}="([^"]*)"`)));
  return pattern.exec(tag)?.[1];
}

/** Each `<si>` item's text: its `<t>` runs joined, phonetic guides (`<rPh>`) left out (§18.4.8). */
function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((m) => runsText(m[1]));
}

function runsText(xml: string): string {
  const withoutPhonetics = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '');
  return [...withoutPhonetics.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => unescapeXml(m[1])).join('');
}

/** XML entities, then Excel's own escapes of characters XML cannot hold (`_x000D_`, ST_Xstring, §22.9.2.19). */
function unescapeXml(value: string): string {
  return value
    .replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
      if (entity[0] === '#')
        return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity]!;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** How a cell format shows a number: as a date (with its time of day, if any), a time of day, or elapsed time. */
type NumberShown = 'date' | 'time' | 'elapsed';
/** Cell format index (`<cellXfs>`, §18.8.10) → how it shows a number; formats absent show it as it is. */
type NumberStyles = Map<number, NumberShown>;

/**
 * The cell formats (`<cellXfs>`, §18.8.10) that show a number as a date or a time: a built-in date or time format id,
 * or a custom format code read as `formatCodeShows` reads it.
 */
function numberStyles(xml: string): NumberStyles {
  const custom = new Map<number, NumberShown | null>();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
    custom.set(Number(attribute(m[0], 'numFmtId')), formatCodeShows(unescapeXml(attribute(m[0], 'formatCode') ?? '')));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const styles: NumberStyles = new Map();
  [...cellXfs.matchAll(/<xf\b[^>]*>/g)].forEach((m, index) => {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    const shown = custom.has(id)
      ? custom.get(id)
      : DATE_FORMAT_IDS.has(id)
        ? 'date'
        : ELAPSED_FORMAT_IDS.has(id)
          ? 'elapsed'
          : TIME_FORMAT_IDS.has(id)
            ? 'time'
            : null;
    if (shown) styles.set(index, shown);
  });
  return styles;
}

/**
 * What a custom number format code shows (§18.8.31), read outside quoted text, escaped characters and brackets
 * (`[Red]`, `[$-413]`): a day or year letter, or an `m` that is a month, makes it a date; otherwise an hour or second
 * letter, or an elapsed-time bracket (`[h]`, `[mm]`, `[ss]`), makes it a time. `m` means minutes right after an hour
 * or right before seconds, as Excel reads it (`h:mm`, `mm:ss`), and a month otherwise.
 */
export function formatCodeShows(code: string): NumberShown | null {
  const elapsed = /\[(h+|m+|s+)\]/i.test(code);
  const letters = code
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, '')
    .replace(/AM\/PM|A\/P/gi, '')
    .toLowerCase();
  if (/[dy]/.test(letters)) return 'date';
  // The letter runs in order, separators dropped: `h:mm:ss` → h, mm, ss.
  const runs = letters.match(/[a-z]+/g) ?? [];
  const month = runs.some((run, i) => run[0] === 'm' && runs[i - 1]?.[0] !== 'h' && runs[i + 1]?.[0] !== 's');
  if (month) return 'date';
  if (runs.some((run) => run[0] === 'h' || run[0] === 's' || run[0] === 'm')) return elapsed ? 'elapsed' : 'time';
  return null;
}

/**
 * The sheet's rows as CSV (RFC 4180), cells placed by their reference so that empty ones keep their column; every
 * line as wide as the widest, as a CSV reader expects. One string per row while reading (not one per cell), which
 * keeps a large sheet's peak memory near that of the CSV itself.
 */
function sheetCsv(xml: string, cells: CellReading): string {
  const { lines, widths } = sheetLines(xml, cells, Infinity);
  const width = widths.reduce((widest, w) => Math.max(widest, w), 0);
  return lines.map((line, i) => line + ','.repeat(width - widths[i]) + '\n').join('');
}

/** Up to `limit` non-empty rows as CSV lines (unpadded), with how many cells each holds. */
function sheetLines(xml: string, reading: CellReading, limit: number): { lines: string[]; widths: number[] } {
  const lines: string[] = [];
  const widths: number[] = [];
  for (const row of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    if (lines.length >= limit) break;
    const cells: string[] = [];
    for (const cell of (row[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const reference = attribute(cell[1], 'r');
      const column = reference ? columnIndex(reference) : cells.length;
      while (cells.length < column) cells.push('');
      cells[column] = cellValue(cell[1], cell[2] ?? '', reading);
    }
    if (cells.some((value) => value !== '')) {
      lines.push(cells.map(csvField).join(','));
      widths.push(cells.length);
    }
  }
  return { lines, widths };
}

/**
 * What the sheet choice (sheetChoice.ts) looks at: the first rows as CSV, and how many rows hold a value, counted
 * without converting the cells (a row whose cells are all empty strings counts; Excel rarely writes one).
 */
function sheetShape(xml: string, reading: CellReading): SheetShape {
  const { lines } = sheetLines(xml, reading, SHAPE_HEAD_ROWS);
  let rows = 0;
  for (const row of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    if (row[1] && /<(v|is)\b/.test(row[1])) rows++;
  }
  return { head: lines.map((line) => line + '\n').join(''), rows };
}

/** Enough rows for the importer's title-line and header checks (sniff/dialect.ts reads at most the first 12 lines). */
const SHAPE_HEAD_ROWS = 12;

/** "AB12" → 27 (0-based column). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function cellValue(attributes: string, body: string, { strings, styles, epoch }: CellReading): string {
  const type = attribute(attributes, 't') ?? 'n';
  if (type === 'inlineStr') return runsText(body);
  const value = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (value === undefined) return '';
  switch (type) {
    case 's':
      return strings[Number(value)] ?? '';
    case 'str':
    case 'd':
      return unescapeXml(value);
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'e':
      return '';
  }
  const number = Number(value);
  const shown = styles.get(Number(attribute(attributes, 's') ?? 0));
  if (!shown || !Number.isFinite(number)) return value;
  // Whole seconds, as Excel shows them (a serial's fraction of a day rarely lands on one exactly).
  const seconds = Math.round(number * 86_400);
  switch (shown) {
    case 'date':
      return isoDateTime(epoch + seconds * 1000);
    case 'time':
      // A time format shows the time of day only, whatever date the serial also holds.
      return clock(((seconds % 86_400) + 86_400) % 86_400);
    case 'elapsed':
      // `[h]:mm:ss` counts hours past 24 (36:00:00 for a day and a half); a negative duration stays the number.
      return seconds < 0 ? value : clock(seconds);
  }
}

/** Seconds as `hh:mm:ss`, hours past 24 kept (elapsed time). */
function clock(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
}

/** `2024-03-05` for a whole day, `2024-03-05 14:22:10` with a time of day. */
function isoDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % DAY_MS === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The CSV's first `maxBytes` bytes as UTF-8, for sniffing, without encoding the whole text. */
export function csvHead(csv: string, maxBytes: number): Uint8Array {
  return new TextEncoder().encode(csv.slice(0, maxBytes)).subarray(0, maxBytes);
}
