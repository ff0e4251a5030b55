import { unzipSync } from 'fflate';

/**
 * The first worksheet of an Excel workbook (.xlsx, Office Open XML SpreadsheetML, ECMA-376 Part 1 §18) as CSV text,
 * so that the importer reads it like any other CSV: the cells as Excel shows their values, dates as ISO text,
 * numbers with a dot. Both hosts call it on the file's bytes (the browser worker and the CLI), so a workbook imports
 * the same everywhere.
 *
 * SpreadsheetML keeps text in a shared string table (`<c t="s"><v>index</v>`) or inline (`t="inlineStr"`), numbers
 * as `<v>` text, and dates as numbers whose cell style has a date number format (§18.8.30 lists the built-in ids).
 */
export class NotAWorkbook extends Error {}

const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);
const DAY_MS = 86_400_000;

/** The sheet read, by its tab name, and how many worksheets the workbook has: the summary names it. */
export interface SheetRead {
  name: string;
  of: number;
}

export function workbookToCsv(bytes: Uint8Array): { csv: string; sheet: SheetRead } {
  const meta = unzip(bytes, (name) =>
    ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(name),
  );
  const workbook = meta['xl/workbook.xml'];
  if (!workbook) throw new NotAWorkbook('no xl/workbook.xml');
  const { path: sheetPath, read } = firstWorksheet(text(workbook), text(meta['xl/_rels/workbook.xml.rels']));
  const sheet = unzip(bytes, (name) => name === sheetPath)[sheetPath];
  if (!sheet) throw new NotAWorkbook(`no ${sheetPath}`);
  const strings = sharedStrings(text(meta['xl/sharedStrings.xml']));
  const dateStyles = dateStyleIndexes(text(meta['xl/styles.xml']));
  // Workbooks made on old Macs count days from 1904-01-01; the others from 1899-12-30 (which absorbs Lotus 1-2-3's
  // phantom 29 February 1900 for every date after it).
  const epoch = /<workbookPr\b[^>]*\bdate1904="(1|true)"/.test(text(workbook))
    ? Date.UTC(1904, 0, 1)
    : Date.UTC(1899, 11, 30);
  return { csv: sheetRows(text(sheet), strings, dateStyles, epoch), sheet: read };
}

function unzip(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes, { filter: (file) => wanted(file.name) });
  } catch (error) {
    throw new Error(`not a readable ZIP archive: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const decoder = new TextDecoder();
/** The part's XML with namespace prefixes dropped from tag names: some writers (the .NET Open XML SDK) put `x:` on all. */
function text(bytes: Uint8Array | undefined): string {
  return bytes ? decoder.decode(bytes).replace(/<(\/?)[A-Za-z_][\w.-]*:/g, '<$1') : '';
}

/**
 * The first worksheet of the workbook in its tab order (`<sheets>`, §18.2.20), found through its relationship id: a
 * chart sheet before it holds no cells.
 */
function firstWorksheet(workbook: string, relationships: string): { path: string; read: SheetRead } {
  const targets = new Map<string | undefined, string | undefined>();
  for (const [tag] of relationships.matchAll(/<Relationship\b[^>]*>/g)) {
    if (attribute(tag, 'Type')?.endsWith('/worksheet')) targets.set(attribute(tag, 'Id'), attribute(tag, 'Target'));
  }
  const worksheets = [...workbook.matchAll(/<sheet\b[^>]*>/g)]
    .map(([tag]) => ({ id: /\br:id="([^"]+)"/.exec(tag)?.[1], name: unescapeXml(attribute(tag, 'name') ?? '') }))
    .filter((sheet) => targets.has(sheet.id));
  const first = worksheets[0];
  const path = (first && targets.get(first.id)) ?? 'worksheets/sheet1.xml';
  return {
    path: path.startsWith('/') ? path.slice(1) : `xl/${path}`,
    read: { name: first?.name ?? '', of: Math.max(1, worksheets.length) },
  };
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

/**
 * Indexes of the cell formats (`<cellXfs>`, §18.8.10) that show a number as a date: a built-in date format id, or a
 * custom format code with day, month or year letters outside quoted text and brackets (`[Red]`, `[$-413]`).
 */
function dateStyleIndexes(xml: string): Set<number> {
  const customDates = new Set<number>();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = Number(attribute(m[0], 'numFmtId'));
    const code = unescapeXml(attribute(m[0], 'formatCode') ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    if (/[dmy]/i.test(code)) customDates.add(id);
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  const indexes = new Set<number>();
  [...cellXfs.matchAll(/<xf\b[^>]*>/g)].forEach((m, index) => {
    const id = Number(attribute(m[0], 'numFmtId') ?? 0);
    if (DATE_FORMAT_IDS.has(id) || customDates.has(id)) indexes.add(index);
  });
  return indexes;
}

/** The sheet's rows as CSV (RFC 4180), cells placed by their reference so that empty ones keep their column. */
function sheetRows(xml: string, strings: string[], dateStyles: Set<number>, epoch: number): string {
  const rows: string[][] = [];
  for (const row of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const cells: string[] = [];
    for (const cell of (row[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const reference = attribute(cell[1], 'r');
      const column = reference ? columnIndex(reference) : cells.length;
      while (cells.length < column) cells.push('');
      cells[column] = cellValue(cell[1], cell[2] ?? '', strings, dateStyles, epoch);
    }
    if (cells.some((value) => value !== '')) rows.push(cells);
  }
  // Every line as wide as the widest, as a CSV reader expects.
  const width = rows.reduce((widest, cells) => Math.max(widest, cells.length), 0);
  return rows
    .map((cells) => Array.from({ length: width }, (_, i) => csvField(cells[i] ?? '')).join(',') + '\n')
    .join('');
}

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

function cellValue(attributes: string, body: string, strings: string[], dateStyles: Set<number>, epoch: number) {
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
  if (dateStyles.has(Number(attribute(attributes, 's') ?? 0)) && Number.isFinite(number)) {
    return isoDateTime(epoch + Math.round((number * DAY_MS) / 1000) * 1000);
  }
  return value;
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
