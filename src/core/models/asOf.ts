import type { SqlExecutor } from '../sql/executor';

/**
 * The as-of date every recency is measured from. Default: the day after the last order in the file, so the newest
 * customer is 1 day "since last order" and a file analysed next year gives the same numbers (ARCHITECTURE.md,
 * "Deterministic numbers"). Orders on or after the as-of date are ignored.
 */
export async function defaultAsOf(db: SqlExecutor): Promise<string | null> {
  const [row] = await db.all<{ as_of: string | null }>(
    `SELECT strftime(CAST(max(order_ts) AS DATE) + INTERVAL 1 DAY, '%Y-%m-%d') AS as_of FROM orders`,
  );
  return row?.as_of ?? null;
}

/**
 * The default as-of date for a file whose last order falls on `lastOrder` (YYYY-MM-DD, the import summary's): the day
 * after it, as defaultAsOf computes it in the engine. The page knows it from the summary before the model is built.
 */
export function defaultAsOfAfter(lastOrder: string): string {
  return new Date(Date.parse(`${lastOrder.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Is `text` a `YYYY-MM-DD` naming a real calendar day (the pattern alone lets 2025-02-30 through)? */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  return date !== null && date.toISOString().slice(0, 10) === text;
}

/** Validates a user-given `YYYY-MM-DD` (a real calendar date); returns it unchanged or throws a plain message. */
export function parseAsOf(text: string): string {
  if (!isCalendarDate(text)) {
    throw new Error(`'${text}' is not a date: give the as-of date as YYYY-MM-DD, e.g. 2026-01-31.`);
  }
  return text;
}

/** A validated as-of date as a SQL literal: digits and dashes only, so safe in DDL, which takes no parameters. */
export function asOfDateSql(text: string): string {
  return `DATE '${parseAsOf(text)}'`;
}
