import { asOfDateSql, parseAsOf } from '../asOf';

/**
 * Shared plumbing for the behavioural signals: the customer-orders relation every signal starts from, and option
 * checks done at the door with a plain message (style: Observable Plot validates options where they enter).
 */

/**
 * A customer's orders before the as-of date, as a subquery taking ONE bound parameter (the as-of date). Guest orders
 * (no customer id) never form a customer; orders on or after the as-of date are ignored (asOf.ts).
 */
export const CUSTOMER_ORDERS_SQL =
  '(SELECT * FROM purchases WHERE customer_id IS NOT NULL AND order_ts < CAST(? AS DATE))';

/**
 * The orders of CUSTOMER_ORDERS_SQL as a condition on `orders` itself under `alias`, whose rowid links an order to its
 * lines and to the order history (`purchases`, a view, has none). The as-of date is inlined, so views can use it.
 */
export function customerOrderConditionSql(alias: string, asOf: string): string {
  return `${alias}.customer_id IS NOT NULL AND ${alias}.order_ts < ${asOfDateSql(asOf)} AND NOT ${alias}.cancelled`;
}

/** Validates the as-of date (YYYY-MM-DD) and returns it for binding. */
export function checkAsOf(asOf: string): string {
  return parseAsOf(asOf);
}

/** Throws a plain message when an editable threshold is not a finite number in range (integers when asked). */
export function checkNumber(
  name: string,
  value: number,
  range: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, integer = false } = range;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`Option ${name} must be a number between ${min} and ${max}; got ${String(value)}.`);
  }
  if (integer && !Number.isInteger(value)) throw new Error(`Option ${name} must be a whole number; got ${value}.`);
  return value;
}
