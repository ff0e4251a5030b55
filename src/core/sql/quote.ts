/**
 * The only place that escapes text into SQL (style: Datasette's sqlite-utils). Everything else binds values with
 * `?` placeholders; these two exist for identifiers (column names from a user's file header) and for the rare
 * literal DuckDB cannot bind, such as a table function's path or option.
 */

/** Quotes a column/table name: wraps in double quotes and doubles any inner double quote. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new Error('identifier contains a NUL character');
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes a string literal: wraps in single quotes and doubles inner single quotes. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('literal contains a NUL character');
  return "'" + value.replaceAll("'", "''") + "'";
}

/** Quoted string literals separated by commas, for a fixed `IN (…)` list of known words. */
export function literalList(values: readonly string[]): string {
  return values.map(quoteLiteral).join(', ');
}

/**
 * A number computed by src/core (a score boundary read back from the data, a validated cut-off) as a DOUBLE
 * literal, for the view definitions DuckDB cannot bind parameters into. JavaScript's shortest round-trip form, cast
 * from text: DuckDB reads a bare 0.2447472469860265 as a DECIMAL, and its DECIMAL → DOUBLE cast lands one unit in
 * the last place off for about one number in sixteen (measured), which moved customers tied at a boundary into the
 * next tier; text goes through a correctly rounded parser. NULL stays NULL (a comparison with it never matches).
 * Anything else is refused.
 */
export function numberLiteral(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`not a finite number: ${String(value)}`);
  return `CAST('${String(value)}' AS DOUBLE)`;
}

/** Replaces each `?` of an expression built by src/core (no string literal holds one) with its number literal. */
export function inlineNumbers(expression: string, params: readonly unknown[]): string {
  let next = 0;
  const sql = expression.replace(/\?/g, () => numberLiteral(params[next++]));
  if (next !== params.length) throw new Error(`${params.length} parameters for ${next} placeholders`);
  return sql;
}
