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
