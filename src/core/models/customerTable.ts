import type { SqlValue } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import { RFM_GROUPS, type RfmGroup } from './rfmGroups';
import { valueRankSql } from './valueRank';

/** What the customer table can be narrowed to: a clicked grid cell or group, a tier, first-timers, a search. */
export interface CustomerFilter {
  group?: RfmGroup;
  cell?: { r: number; fm: number };
  tier?: 'HIGH' | 'MEDIUM' | 'LOW';
  firstTime?: boolean;
  search?: string;
}

export const TABLE_COLUMNS = [
  'customer_id',
  'email',
  'orders',
  'amount_spent',
  'average_order_value',
  'days_since_last_order',
  'first_order_date',
  'last_order_date',
  'rfm_group',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'spend_tier',
  'country',
  'first_time',
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

export interface TableSort {
  column: TableColumn;
  descending: boolean;
}

interface Query {
  sql: string;
  params: SqlValue[];
}

/** WHERE clause for a filter; every value bound. Unknown groups or tiers are refused, not passed through. */
export function customerFilterSql(filter: CustomerFilter): Query {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter.group !== undefined) {
    if (!RFM_GROUPS.includes(filter.group)) throw new Error(`unknown RFM group '${filter.group}'`);
    clauses.push('rfm_group = ?');
    params.push(filter.group);
  }
  if (filter.cell) {
    clauses.push('recency_score = ? AND fm_score = ?');
    params.push(Math.trunc(filter.cell.r), Math.trunc(filter.cell.fm));
  }
  if (filter.tier !== undefined) {
    if (!['HIGH', 'MEDIUM', 'LOW'].includes(filter.tier)) throw new Error(`unknown tier '${filter.tier}'`);
    clauses.push('spend_tier = ?');
    params.push(filter.tier);
  }
  if (filter.firstTime !== undefined) {
    clauses.push('first_time = ?');
    params.push(filter.firstTime);
  }
  const search = filter.search?.trim();
  if (search) {
    // Substring match on id or email; % and _ in the user's text are literal, not wildcards.
    const pattern = `%${search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    clauses.push(`(customer_id ILIKE ? ESCAPE '\\' OR email ILIKE ? ESCAPE '\\')`);
    params.push(pattern, pattern);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * Which customers (their `customer_row`) fill one page of the customer table, in order. Selecting the row alone lets
 * DuckDB compute only what the filter and the sort need: `customer_model`'s scores are CASEs, and computing every
 * column for a million customers to keep a hundred made a page cost ~0.4 s instead of ~30 ms.
 */
export function customerPageRowsSql(filter: CustomerFilter, sort: TableSort, offset: number, limit: number): Query {
  const where = customerFilterSql(filter);
  return {
    sql: `SELECT customer_row FROM customer_model ${where.sql} ORDER BY ${orderBy(sort)} LIMIT ? OFFSET ?`,
    params: [...where.params, Math.max(1, Math.min(1000, Math.trunc(limit))), Math.max(0, Math.trunc(offset))],
  };
}

/** `customer_model` columns that a cut-off change alters. */
const SCORE_COLUMNS: ReadonlySet<TableColumn> = new Set([
  'rfm_group',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'spend_tier',
]);

/**
 * The rows (and the count) each page of the table showed, kept while `customers` stays the same. A page whose filter
 * and sort read no score has the same customers after a cut-off change, so showing it again skips the count and the
 * sort of every customer (~50 ms of a cut-off change at a million customers); only its columns are read anew.
 */
export class ChosenRows {
  private static readonly KEPT = 200;
  private readonly pages = new Map<string, { total: number; rows: number[]; readsScores: boolean }>();

  get(
    filter: CustomerFilter,
    sort: TableSort,
    offset: number,
    limit: number,
  ): { total: number; rows: number[] } | null {
    return this.pages.get(pageKey(filter, sort, offset, limit)) ?? null;
  }

  set(filter: CustomerFilter, sort: TableSort, offset: number, limit: number, total: number, rows: number[]): void {
    const readsScores =
      filter.group !== undefined ||
      filter.cell !== undefined ||
      filter.tier !== undefined ||
      SCORE_COLUMNS.has(sort.column);
    this.pages.set(pageKey(filter, sort, offset, limit), { total, rows, readsScores });
    // Scrolling far keeps adding pages: the oldest go first.
    if (this.pages.size > ChosenRows.KEPT) this.pages.delete(this.pages.keys().next().value!);
  }

  /** The scores changed, the customers did not. */
  rescored(): void {
    for (const [key, page] of this.pages) if (page.readsScores) this.pages.delete(key);
  }

  /** `customers` was rebuilt or replaced. */
  clear(): void {
    this.pages.clear();
  }
}

function pageKey(filter: CustomerFilter, sort: TableSort, offset: number, limit: number): string {
  return JSON.stringify([filter, sort, offset, limit]);
}

/** The table's columns for the rows customerPageRowsSql chose, in the same order; dates come out as text. */
export function customerPageSql(rows: number[], sort: TableSort): Query {
  if (!rows.every(Number.isInteger)) throw new Error('customer rows must be whole numbers');
  const columns = TABLE_COLUMNS.map((c) =>
    c.endsWith('_date') ? `strftime(${c}, '%Y-%m-%d') AS ${c}` : quoteIdentifier(c),
  ).join(', ');
  // The rows are written into the SQL (whole numbers, checked above). The range around the list is what makes
  // DuckDB test the list inside the table scan, before reading the other columns: without it, every customer's
  // columns went through a join against the list (~40 ms instead of ~15 at a million customers).
  const chosen = rows.length
    ? `customer_row BETWEEN ${Math.min(...rows)} AND ${Math.max(...rows)} AND customer_row IN (${rows.join(', ')})`
    : 'false';
  return { sql: `SELECT ${columns} FROM customer_model WHERE ${chosen} ORDER BY ${orderBy(sort)}`, params: [] };
}

/** customer_id breaks ties, so pages never overlap or skip rows. */
function orderBy(sort: TableSort): string {
  if (!TABLE_COLUMNS.includes(sort.column)) throw new Error(`cannot sort by '${sort.column}'`);
  // Groups and tiers rank best first (valueRank.ts), not by name.
  const column = quoteIdentifier(sort.column);
  const key = valueRankSql(sort.column, column) ?? column;
  return `${key} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, customer_id`;
}

export function customerCountSql(filter: CustomerFilter): Query {
  const where = customerFilterSql(filter);
  return { sql: `SELECT count(*) AS n FROM customer_model ${where.sql}`, params: where.params };
}

/** A customer's orders, oldest first, for the drawer's timeline. */
export function customerOrdersSql(customerId: string): Query {
  return {
    sql: `SELECT order_id, strftime(order_ts, '%Y-%m-%d %H:%M') AS ordered_at, amount, discount_code
      FROM purchases WHERE customer_id = ? ORDER BY order_ts`,
    params: [customerId],
  };
}

export function customerRowSql(customerId: string): Query {
  const columns = TABLE_COLUMNS.map((c) =>
    c.endsWith('_date') ? `strftime(${c}, '%Y-%m-%d') AS ${c}` : quoteIdentifier(c),
  );
  return {
    sql: `SELECT ${columns.join(', ')}, purchase_days, customer_age_days, average_days_between_orders, accepts_marketing,
      city, tags, discount_share, fm_score FROM customer_model WHERE customer_id = ?`,
    params: [customerId],
  };
}

/** One customer's CLV predictions (the table exists once the model has run). */
export function customerPredictionSql(customerId: string): Query {
  return {
    sql: `SELECT p_alive, expected_orders_90d, expected_orders_365d, likelihood_to_buy_again, expected_order_value,
      predicted_spend_12m, predicted_clv, expected_next_order_date, next_order_beyond_years, clv_tier, likelihood_tier, predicted_spend_tier
      FROM customer_clv_tiers WHERE customer_id = ?`,
    params: [customerId],
  };
}
