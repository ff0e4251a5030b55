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
  let line = firstLine;
  let fieldStart = true;
  let quoted = false;
  let openedOn = 0;
  let breaks = 0;
  let lineDelimiters = 0;
  let rowShapedLines = 0;
  const wholeRows = () => columnCount >= 2 && rowShapedLines >= ROWS_TAKEN_IN;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          i++;
          continue;
        }
        const next = text[i + 1];
        // A quote followed by anything but a delimiter or a line end is text inside the value (DuckDB's relaxed
        // quotes, rfc_4180 off); one followed by either closes it.
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') continue;
        quoted = false;
        fieldStart = false;
        if (wholeRows()) return { line: openedOn, lines: breaks };
      } else if (ch === '\n') {
        // A whole line inside the value (not the one it opened on) with a row's delimiters.
        if (breaks > 0 && lineDelimiters === columnCount - 1) rowShapedLines++;
        line++;
        breaks++;
        lineDelimiters = 0;
      } else if (ch === delimiter) lineDelimiters++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      openedOn = line;
      breaks = 0;
      lineDelimiters = 0;
      rowShapedLines = 0;
      fieldStart = false;
    } else if (ch === delimiter) fieldStart = true;
    else if (ch === '\n') {
      line++;
      fieldStart = true;
    } else if (ch !== '\r') fieldStart = false;
  }
  if (!quoted) return null;
  // The file's last line break ends its last line rather than starting another.
  const lines = text.endsWith('\n') ? breaks - 1 : breaks;
  // Open at the end of the whole file, even on its last line: the rest of that row is lost (lines 0).
  if (wholeFile) return { line: openedOn, lines };
  return wholeRows() ? { line: openedOn, lines } : null;
}
