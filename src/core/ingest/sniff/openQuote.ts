/**
 * A stray quote that swallows the lines after it. By RFC 4180 (§2, rules 5–7) a field that begins with `"` runs to
 * the next lone `"`, delimiters and line breaks included: one `"` typed at the start of a field by hand, or a name
 * written `"Best" board` unquoted, takes the rows after it into one value. DuckDB's reader (1.4, single-threaded as
 * the import reads files with quoted line breaks, `parallel=false`) then returns the row it began on padded with
 * NULLs and no error when the quote never closes; when it closes further on, the rows in between are one value of
 * one row. Either way their orders are gone, uncounted. Read here on the sample the sniffer has in hand.
 */
export interface SwallowedLines {
  /** The file's line (1 = the first) on which the quote opens. */
  line: number;
  /** How many lines after it the quoted value takes in (0: a quote on the file's last line that never closes). */
  lines: number;
}

/** Row-shaped lines a value must hold to be taken for swallowed rows. */
const ROWS_TAKEN_IN = 2;

/**
 * Finds a quoted value in `text` (a CSV sample that starts at a record) holding whole rows: two lines or more inside it,
 * after its first, with exactly the delimiters of a row of `columnCount` columns — an address or a note typed over
 * several lines does not look like that — or, when `wholeFile`, a quote still open at the end, which no well-formed
 * file has. `firstLine`: the file's line number of the sample's first line (after a `sep=` or title lines). A quote
 * inside an unquoted field is text, as DuckDB reads it.
 */
export function findSwallowedLines(
  text: string,
  delimiter: string,
  columnCount: number,
  wholeFile: boolean,
  firstLine = 1,
): SwallowedLines | null {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  const scanner = new SwallowedLinesScanner(delimiter, columnCount, firstLine);
  return scanner.feed(units) ?? scanner.end(wholeFile);
}

/**
 * findSwallowedLines over a text that arrives in pieces (a whole file streamed by the host): `feed` each piece in
 * order, then `end`. A piece is code units — bytes of UTF-8 or Windows-1252 text, whose multi-byte characters never
 * hold the ASCII bytes looked for here, or UTF-16 code units — and may end anywhere, even between a quote and the
 * character that decides what it means. The loop keeps its state in locals: it runs over every byte of a file of
 * hundreds of megabytes.
 */
export class SwallowedLinesScanner {
  private line: number;
  private fieldStart = true;
  private quoted = false;
  /** A quote inside a quoted value was the last unit fed: the next one decides whether it closes the value. */
  private quotePending = false;
  private openedOn = 0;
  private breaks = 0;
  private lineDelimiters = 0;
  private rowShapedLines = 0;
  private endsWithBreak = false;
  private readonly delimiter: number;
  /** `\r` for a file whose lines end with a carriage return alone (Excel for Mac), else `\n`. */
  private readonly lineBreak: number;

  constructor(
    delimiter: string,
    private readonly columnCount: number,
    firstLine = 1,
    lineBreak: '\n' | '\r' = '\n',
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.lineBreak = lineBreak.charCodeAt(0);
    this.line = firstLine;
  }

  /** The swallowed lines as soon as a quoted value holding rows closes in `units`, else null (go on feeding). */
  feed(units: Uint8Array | Uint16Array): SwallowedLines | null {
    const length = units.length;
    if (length === 0) return null;
    const { delimiter, lineBreak } = this;
    const rowDelimiters = this.columnCount - 1;
    let { line, fieldStart, quoted, breaks, lineDelimiters, rowShapedLines } = this;
    let i = 0;
    if (this.quotePending) {
      this.quotePending = false;
      const next = units[0]!;
      if (next === QUOTE)
        i = 1; // a doubled quote: both are text
      else if (closesValue(next, delimiter)) {
        quoted = false;
        fieldStart = false;
        if (this.holdsRows(rowShapedLines)) return { line: this.openedOn, lines: breaks };
      }
    }
    for (; i < length; i++) {
      const ch = units[i]!;
      if (quoted) {
        if (ch === QUOTE) {
          if (i + 1 === length) {
            this.quotePending = true;
            break;
          }
          const next = units[i + 1]!;
          if (next === QUOTE) i++;
          else if (closesValue(next, delimiter)) {
            quoted = false;
            fieldStart = false;
            if (this.holdsRows(rowShapedLines)) return { line: this.openedOn, lines: breaks };
          }
        } else if (ch === lineBreak) {
          // A whole line inside the value (not the one it opened on) with a row's delimiters.
          if (breaks > 0 && lineDelimiters === rowDelimiters) rowShapedLines++;
          line++;
          breaks++;
          lineDelimiters = 0;
        } else if (ch === delimiter) lineDelimiters++;
        continue;
      }
      if (ch === QUOTE && fieldStart) {
        quoted = true;
        this.openedOn = line;
        breaks = 0;
        lineDelimiters = 0;
        rowShapedLines = 0;
        fieldStart = false;
      } else if (ch === delimiter) fieldStart = true;
      else if (ch === lineBreak) {
        line++;
        fieldStart = true;
      } else if (ch !== CARRIAGE_RETURN) fieldStart = false;
    }
    this.line = line;
    this.fieldStart = fieldStart;
    this.quoted = quoted;
    this.breaks = breaks;
    this.lineDelimiters = lineDelimiters;
    this.rowShapedLines = rowShapedLines;
    this.endsWithBreak = units[length - 1] === lineBreak;
    return null;
  }

  /**
   * The text has ended: a value still open is reported when `wholeFile` (the end of the file, not of a sample), or
   * when it already holds rows.
   */
  end(wholeFile: boolean): SwallowedLines | null {
    if (this.quotePending) {
      // A quote as the very last character closes its value.
      this.quotePending = false;
      this.quoted = false;
      return this.holdsRows(this.rowShapedLines) ? { line: this.openedOn, lines: this.breaks } : null;
    }
    if (!this.quoted) return null;
    // The file's last line break ends its last line rather than starting another.
    const lines = this.endsWithBreak ? this.breaks - 1 : this.breaks;
    // Open at the end of the whole file, even on its last line: the rest of that row is lost (lines 0).
    if (wholeFile) return { line: this.openedOn, lines };
    return this.holdsRows(this.rowShapedLines) ? { line: this.openedOn, lines } : null;
  }

  private holdsRows(rowShapedLines: number): boolean {
    return this.columnCount >= 2 && rowShapedLines >= ROWS_TAKEN_IN;
  }
}

const QUOTE = 0x22;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Whether a quote inside a quoted value, followed by `next` (not a second quote), closes it: followed by a delimiter or
 * a line end it does; followed by anything else it is text inside the value (DuckDB's relaxed quotes, rfc_4180 off).
 */
function closesValue(next: number, delimiter: number): boolean {
  return next === delimiter || next === LINE_FEED || next === CARRIAGE_RETURN;
}
