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

/**
 * Finds a quoted value in `text` (a CSV sample that starts at a record) holding whole rows: after a line break, at
 * least as many delimiters as a row of `columnCount` columns has — an address or a note typed over two lines has a
 * few — or, when `wholeFile`, a quote still open at the end. `firstLine`: the file's line number of the sample's
 * first line (after a `sep=` or title lines). A quote inside an unquoted field is text, as DuckDB reads it.
 */
export function findSwallowedLines(
  text: string,
  delimiter: string,
  columnCount: number,
  wholeFile: boolean,
  firstLine = 1,
): SwallowedLines | null {
  const wholeRows = (delimiters: number) => columnCount >= 2 && delimiters >= columnCount - 1;
  let line = firstLine;
  let fieldStart = true;
  let quoted = false;
  let openedOn = 0;
  let breaks = 0;
  let delimitersAfterBreak = 0;
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
        if (breaks > 0 && wholeRows(delimitersAfterBreak)) return { line: openedOn, lines: breaks };
      } else if (ch === '\n') {
        line++;
        breaks++;
      } else if (ch === delimiter && breaks > 0) delimitersAfterBreak++;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      openedOn = line;
      breaks = 0;
      delimitersAfterBreak = 0;
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
  return lines > 0 && wholeRows(delimitersAfterBreak) ? { line: openedOn, lines } : null;
}
