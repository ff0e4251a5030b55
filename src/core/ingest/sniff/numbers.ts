/**
 * Decimal comma or decimal point? DuckDB's sniffer never detects a decimal comma, so we decide from the amount
 * columns' sample values. Evidence, strongest first: a value with both separators ("1.234,56" vs "1,234.56"), a
 * comma followed by 1–2 digits at the end ("12,5", "12,50"), a dot followed by 1–2 digits. "1,234" alone is
 * ambiguous; then a `;`-delimited file (the Excel export of comma-decimal locales) means decimal comma.
 */
export function detectDecimalComma(values: string[], delimiter: string | null): boolean {
  let comma = 0;
  let dot = 0;
  for (const raw of values) {
    const value = raw.replace(/[^\d.,]/g, '');
    if (/\d\.\d{3},\d/.test(value) || /,\d{1,2}$/.test(value)) comma++;
    else if (/\d,\d{3}\.\d/.test(value) || /\.\d{1,2}$/.test(value)) dot++;
  }
  if (comma !== dot) return comma > dot;
  return delimiter === ';';
}

/**
 * SQL turning a text amount into a DOUBLE (NULL when unreadable). Plain numbers take the fast path (a cast); only
 * values with currency signs, spaces or thousands separators pay for the regular expressions that strip them and
 * read the sign, which accounting and spreadsheet exports write several ways: -20.00, (20.00) in brackets, a
 * trailing minus as in 20,00- (SAP and German bookkeeping exports), and the Unicode minus sign − of typeset reports.
 */
export function amountSql(column: string, decimalComma: boolean): string {
  const digits = `regexp_replace(${column}, '[^0-9.,]', '', 'g')`;
  const normalised = decimalComma ? `replace(replace(${digits}, '.', ''), ',', '.')` : `replace(${digits}, ',', '')`;
  const sign = `CASE WHEN regexp_matches(${column}, '^\\s*\\(.*\\)\\s*$|[-\u2212]') THEN -1 ELSE 1 END`;
  // With a decimal comma a dot is a thousands separator ("1.234" is 1234), so only dot-free values take the cast.
  const fast = decimalComma
    ? `CASE WHEN NOT contains(${column}, '.') THEN TRY_CAST(replace(${column}, ',', '.') AS DOUBLE) END`
    : `TRY_CAST(${column} AS DOUBLE)`;
  // No NULLIF around the slow path's text: TRY_CAST already makes '' NULL ("returns NULL if the cast fails",
  // https://duckdb.org/docs/stable/sql/expressions/cast). NULLIF is a macro for a CASE naming its argument twice
  // (src/catalog/default/default_functions.cpp in DuckDB 1.4), and the optimizer computes an expression named twice
  // once, in a projection below (src/optimizer/cse_optimizer.cpp): the regular expressions then ran on every value,
  // where COALESCE runs them only on the values the cast leaves NULL. On 3M plain amounts in DuckDB-WASM that tripled
  // the CPU time (0.6 s against 0.2 s).
  const value = `coalesce(${fast}, ${sign} * TRY_CAST(${normalised} AS DOUBLE))`;
  // DuckDB's cast reads `NaN`, `Infinity` and `1e309` (as infinity) as doubles, and an amount near the largest double
  // overflows a sum: either would make revenue NaN or infinite. Past 2^53 cents a double no longer holds every cent
  // (IEEE 754 binary64 has a 53-bit significand), so no real order is that large: the amount is unreadable, and the
  // row is rejected as such. Adding 0.0 turns a negative zero (`-0.00`, `(0.00)`) into zero. The value is written
  // twice but read once: the same optimizer computes an expression of a CASE's first condition that recurs in a branch
  // in the projection below (src/optimizer/cse_optimizer.cpp, DuckDB 1.4; EXPLAIN shows it on native and wasm).
  return `(CASE WHEN abs(${value}) <= ${MAX_AMOUNT} THEN ${value} + 0.0 END)`;
}

/** The largest amount read: 2^53 cents, the last whole number of cents a double holds exactly. */
const MAX_AMOUNT = 2 ** 53 / 100;

/**
 * SQL reading a line's quantity, a plain number in every export that has one: NULL when unreadable, and when DuckDB's
 * cast would read it as NaN or infinity (`NaN`, `inf`), which would make the line's amount NaN. The cast is written
 * twice but run once, as in `amountSql`.
 */
export function quantitySql(column: string): string {
  return `CASE WHEN isfinite(TRY_CAST(${column} AS DOUBLE)) THEN TRY_CAST(${column} AS DOUBLE) END`;
}
