import type { SqlExecutor } from '../../sql/executor';
import type { Scratch } from '../../sql/scratch';
import { asOfDateSql } from '../asOf';
import { checkAsOf, checkNumber, customerOrderConditionSql } from './options';
import {
  civilYearMonth,
  dependsOnHistory,
  orderHistoryFor,
  SIGNAL_CUSTOMERS_TABLE,
  type OrderHistory,
} from './orderHistory';

/**
 * Favourite categories, and which categories are worth recommending next.
 *
 * Rules:
 * - A line's category is `order_lines.category`; when it is NULL we fall back to the product name (many exports,
 *   Shopify's included, often leave the category empty), and lines with neither are left out. Ingest stores blank
 *   text as NULL, so a blank category falls back too.
 * - Only customer orders before the as-of date count (guests never form a customer). A category bought twice in one
 *   order counts once for that order.
 * - Per customer and category: distinct orders and spend (sum of line_amount), tallied in TypeScript: each line is
 *   read once as (order row, category code, amount) and walked customer by customer over the order history
 *   (orderHistory.ts); the category statistics and the worded reasons stay in SQL. The view
 *   `signals_customer_categories` gives the same per customer and category, with units, from the lines themselves
 *   when read (the customer drawer reads one customer); `customer_signals_category_shares` adds `share_of_orders` (of
 *   all the customer's orders before the as-of date) and `share_of_spend` (of their line spend).
 * - `favourite_category` = the category bought on the most distinct orders; ties go to higher spend, then to the
 *   alphabetically first name (deterministic). `categories_bought` = the sorted list.
 * - **One-off** categories: the shop's own repeat rate (share of the category's buyers who bought it on ≥ 2 distinct
 *   orders) is below `oneOffRepeatRate` (default 5 %), judged only with at least `minBuyers` buyers (default 20).
 *   A mattress or a wedding dress is bought once: recommending "more of the same" there is noise.
 * - **Seasonal** categories: ≥ `seasonalShare` (default 60 %) of the category's line revenue falls in some 2
 *   consecutive calendar months (December–January wraps), pooled over years. Each calendar month's revenue is divided
 *   by how many times that month occurs in the shop's history, so 13 months of data do not double one month. Judged
 *   only when the history covers all 12 calendar months and the category has ≥ `minSeasonalOrders` orders (default
 *   30): with less, every category would look seasonal.
 * - One-off and seasonal categories are excluded from "what to recommend next", with the reason as text
 *   (`signals_category_stats.exclusion_reason`). `recommendation_category` = the favourite among the customer's
 *   non-excluded categories (NULL when all are excluded); `one_off_only` = every category they bought is one-off;
 *   `favourite_share_of_spend` = the favourite's share of the customer's line spend.
 */
export interface CategoryOptions {
  /** A category whose repeat rate is below this share (0–1) is one-off. Default 0.05. */
  oneOffRepeatRate?: number;
  /** Fewest buyers before a category can be called one-off. Default 20. */
  minBuyers?: number;
  /** Share (0–1) of revenue in the best 2 consecutive months that makes a category seasonal. Default 0.6. */
  seasonalShare?: number;
  /** Fewest orders before a category can be called seasonal. Default 30. */
  minSeasonalOrders?: number;
  /** How many favourite categories the summary lists (most customers first). Default 20. */
  summaryTop?: number;
}

export const DEFAULT_CATEGORY_OPTIONS: Required<CategoryOptions> = {
  oneOffRepeatRate: 0.05,
  minBuyers: 20,
  seasonalShare: 0.6,
  minSeasonalOrders: 30,
  summaryTop: 20,
};

export const CATEGORIES_TABLE = 'customer_signals_categories';
export const CATEGORY_SHARES_TABLE = 'customer_signals_category_shares';
export const CUSTOMER_CATEGORY_TABLE = 'signals_customer_categories';
export const CATEGORY_STATS_TABLE = 'signals_category_stats';

export interface CategorySummary {
  /** Customers per favourite category (top `summaryTop`, most customers first, ties by name). */
  favouriteCategories: Record<string, number>;
  /** Customers per recommendation category (same ordering). */
  recommendationCategories: Record<string, number>;
  oneOffCategories: string[];
  seasonalCategories: string[];
  /** Category → why it is excluded from recommendations. */
  exclusionReasons: Record<string, string>;
  /** The same reasons as figures, for a UI to word in its own language. */
  exclusions: {
    category: string;
    oneOff: boolean;
    seasonal: boolean;
    buyers: number;
    repeatRate: number;
    peakShare: number | null;
    /** First month (1–12) of the two consecutive months with the most revenue. */
    peakMonth: number | null;
  }[];
  customersWithLines: number;
  oneOffOnlyCustomers: number;
  /** False when the history misses a calendar month, so seasonality was not judged. */
  seasonalityJudged: boolean;
  options: Required<CategoryOptions>;
}

function resolve(options: CategoryOptions): Required<CategoryOptions> {
  const o = { ...DEFAULT_CATEGORY_OPTIONS, ...options };
  checkNumber('oneOffRepeatRate', o.oneOffRepeatRate, { min: 0, max: 1 });
  checkNumber('minBuyers', o.minBuyers, { min: 0, integer: true });
  checkNumber('seasonalShare', o.seasonalShare, { min: 0, max: 1 });
  checkNumber('minSeasonalOrders', o.minSeasonalOrders, { min: 0, integer: true });
  checkNumber('summaryTop', o.summaryTop, { min: 0, integer: true });
  return o;
}

const NAMES_TABLE = 'signal_category_names';
const BUYERS_TABLE = 'signal_category_buyers';
const MONTHS_TABLE = 'signal_category_months';
const OCCURRENCES_TABLE = 'signal_month_occurrences';
const VALUES_TABLE = 'signal_category_values';
const CATEGORY_VALUE_COLUMNS = [
  'favourite',
  'favourite_share',
  'recommendation',
  'one_off_only',
  'category_set',
] as const;
const SETS_TABLE = 'signal_category_sets';
const SET_NAMES_TABLE = 'signal_category_set_names';

/**
 * (customer, category code) pairs with their orders and spend, customer by customer (the customer's pairs are
 * `pairStart[row]` … `pairStart[row + 1]` − 1). They stay in TypeScript, so integers are stored as such: the fewer bytes
 * written to fresh memory the better (SqlExecutor.withNumericColumns says why).
 */
class CategoryPairs {
  length = 0;
  readonly code: Int32Array;
  readonly orders: Int32Array;
  readonly spend: Float64Array;

  /** Room for `capacity` pairs, all zero. */
  constructor(capacity: number) {
    this.code = new Int32Array(capacity);
    this.orders = new Int32Array(capacity);
    this.spend = new Float64Array(capacity);
  }
}

/**
 * One entry per line of a customer order before the as-of date. The order's row in `orders` and the category code
 * travel packed in one number, `orderCode` = row · codes + code (exact below 2⁵³): a column fewer to move out of the
 * engine for every line.
 */
interface CategoryLines {
  orderCode: Float64Array;
  amount: Float64Array;
}

/**
 * Per (customer, category): distinct orders and spend — walking each customer's orders (history order) and each
 * order's lines; and the category revenue per calendar month, with how many times each month occurs.
 */
function tallyCategories(history: OrderHistory, maxRow: number, lines: CategoryLines, codes: number, scratch: Scratch) {
  const { rows, start, guestRow, day, orderRow, firstDay, lastDay } = history;
  // Lines moved into the order of the history (a counting sort by the order's position), so each order's lines are
  // together whatever order the file listed them in, and the walk below reads them front to back: reading them in
  // place through an index cost ~0.4 s for the 5M benchmark file's 4.9M lines, ~0.15 s in order (Node). The arrays
  // of the sort are temporaries (tallyScratchBytes says how large); the pairs are kept, so they are arrays of their own.
  const position = scratch.int32(maxRow + 1).fill(-1);
  for (let r = 0; r < rows; r++) {
    if (r !== guestRow) for (let i = start[r]!; i < start[r + 1]!; i++) position[orderRow[i]!] = i;
  }
  const lineCount = lines.orderCode.length;
  // Each line's order is worked out twice, to count and then to place it, rather than kept between the passes: two
  // arrays of 5M fewer to write to fresh memory (see SqlExecutor.withNumericColumns).
  const orderOf = (l: number): number => {
    const row = Math.floor(lines.orderCode[l]! / codes);
    return row <= maxRow ? position[row]! : -1;
  };
  const bucketStart = scratch.int32(orderRow.length + 1);
  for (let l = 0; l < lineCount; l++) {
    const i = orderOf(l);
    if (i >= 0) bucketStart[i + 1]!++;
  }
  for (let i = 0; i < orderRow.length; i++) bucketStart[i + 1]! += bucketStart[i]!;
  const next = scratch.int32(orderRow.length);
  next.set(bucketStart.subarray(0, orderRow.length));
  const placed = bucketStart[orderRow.length]!;
  const lineCodes = scratch.int32(placed);
  const amounts = scratch.float64(placed);
  for (let l = 0; l < lineCount; l++) {
    const i = orderOf(l);
    if (i < 0) continue;
    const b = next[i]!++;
    lineCodes[b] = lines.orderCode[l]! % codes;
    // A line without an amount adds nothing to the spend.
    amounts[b] = Number.isNaN(lines.amount[l]!) ? 0 : lines.amount[l]!;
  }

  const pairStart = new Int32Array(rows + 1);
  const customerStamp = new Int32Array(codes).fill(-1);
  const customerPair = new Int32Array(codes);
  const orderStamp = new Int32Array(codes).fill(-1);
  const monthly = new Float64Array(codes * 12);
  // Calendar month of every day the customers ordered on, worked out once per day rather than once per order.
  const monthOfDay = new Uint8Array(day.length === 0 ? 0 : lastDay - firstDay + 1);
  for (let r = 0; r < rows; r++) {
    if (r !== guestRow) for (let i = start[r]!; i < start[r + 1]!; i++) monthOfDay[day[i]! - firstDay] = 1;
  }
  const yearsSeen = Array.from({ length: 12 }, () => new Set<number>()); // calendar month → years it occurs in
  for (let d = 0; d < monthOfDay.length; d++) {
    if (monthOfDay[d] === 0) continue;
    const { year, month } = civilYearMonth(firstDay + d);
    monthOfDay[d] = month;
    yearsSeen[month - 1]!.add(year);
  }
  // A customer has at most one pair per category and one per line: room for that many, so the arrays never grow
  // (growing them by doubling, and filling them through the object's fields, made the walk below take 0.44 s for the
  // benchmark's 5M lines instead of 0.22 s in DuckDB-WASM's Node host, 2026-12-07).
  let capacity = 0;
  for (let r = 0; r < rows; r++) {
    if (r !== guestRow) capacity += Math.min(codes, bucketStart[start[r + 1]!]! - bucketStart[start[r]!]!);
  }
  const pairs = new CategoryPairs(capacity);
  const { code: pairCode, orders: pairOrders, spend: pairSpend } = pairs;
  let length = 0;
  for (let r = 0; r < rows; r++) {
    pairStart[r] = length;
    if (r === guestRow) continue;
    for (let i = start[r]!; i < start[r + 1]!; i++) {
      const month = monthOfDay[day[i]! - firstDay]!;
      for (let b = bucketStart[i]!; b < bucketStart[i + 1]!; b++) {
        const code = lineCodes[b]!;
        let p = customerPair[code]!;
        if (customerStamp[code] !== r) {
          customerStamp[code] = r;
          p = customerPair[code] = length++;
          pairCode[p] = code;
        }
        // A category bought twice in one order counts once for that order.
        if (orderStamp[code] !== i) {
          orderStamp[code] = i;
          pairOrders[p]!++;
        }
        pairSpend[p]! += amounts[b]!;
        monthly[code * 12 + month - 1]! += amounts[b]!;
      }
    }
  }
  pairs.length = length;
  pairStart[rows] = length;
  const occurrences = Float64Array.from(yearsSeen, (years) => years.size);
  return { pairs, pairStart, monthly, occurrences };
}

function highestOrderRow({ orderRow }: OrderHistory): number {
  let maxRow = -1;
  for (let i = 0; i < orderRow.length; i++) maxRow = Math.max(maxRow, orderRow[i]!);
  return maxRow;
}

/** Bytes of tallyCategories' temporaries for `lines` lines (8 more per array for its alignment). */
function tallyScratchBytes(history: OrderHistory, maxRow: number, lines: number): number {
  const orders = history.orderRow.length;
  return 4 * (maxRow + 1) + 4 * (orders + 1) + 4 * orders + 4 * lines + 8 * lines + 5 * 8;
}

/** The category statistics table, from the per-code counts loaded beside the names (SQL keeps the worded reasons). */
function statsSql(o: Required<CategoryOptions>): { sql: string; params: number[] } {
  const sql = `CREATE OR REPLACE TABLE ${CATEGORY_STATS_TABLE} AS
WITH buyers AS (
  SELECT n.name AS category, CAST(b.buyers AS BIGINT) AS buyers, CAST(b.repeat_buyers AS BIGINT) AS repeat_buyers,
    CAST(b.orders AS BIGINT) AS orders, b.revenue
  FROM ${BUYERS_TABLE} b JOIN ${NAMES_TABLE} n ON n.code = CAST(b.code AS INTEGER)
), month_occurrences AS (
  SELECT CAST(month AS BIGINT) AS month, CAST(occurrences AS BIGINT) AS occurrences FROM ${OCCURRENCES_TABLE}
  WHERE occurrences > 0
), history AS (
  SELECT count(*) = 12 AS all_months FROM month_occurrences
), monthly AS (
  SELECT n.name AS category, CAST(m.month AS BIGINT) AS month, m.revenue
  FROM ${MONTHS_TABLE} m JOIN ${NAMES_TABLE} n ON n.code = CAST(m.code AS INTEGER)
), per_month AS (
  SELECT b.category, m.month, coalesce(r.revenue, 0) / m.occurrences AS revenue_per_year
  FROM buyers b CROSS JOIN month_occurrences m LEFT JOIN monthly r ON r.category = b.category AND r.month = m.month
), best_pair AS (
  SELECT a.category, arg_max(a.month, a.revenue_per_year + b.revenue_per_year) AS first_month,
    max(a.revenue_per_year + b.revenue_per_year) / nullif(sum(a.revenue_per_year), 0) AS peak_share
  FROM per_month a JOIN per_month b ON b.category = a.category AND b.month = a.month % 12 + 1
  GROUP BY a.category
), judged AS (
  SELECT b.*, b.repeat_buyers / b.buyers AS repeat_rate, p.first_month, p.peak_share,
    b.buyers >= ? AND b.repeat_buyers / b.buyers < ? AS one_off,
    coalesce(h.all_months AND b.orders >= ? AND p.peak_share >= ?, false) AS seasonal
  FROM buyers b CROSS JOIN history h LEFT JOIN best_pair p ON p.category = b.category
)
SELECT *, one_off OR seasonal AS excluded,
  concat_ws('; ',
    CASE WHEN one_off THEN printf(
      'one-off: only %.1f%% of its %d buyers bought it on two or more orders (below %.1f%%)',
      100 * repeat_rate, buyers, 100 * CAST(? AS DOUBLE)) END,
    CASE WHEN seasonal THEN printf('seasonal: %.0f%% of its revenue falls in %s–%s', 100 * peak_share,
      strftime(make_date(2000, first_month, 1), '%B'), strftime(make_date(2000, first_month % 12 + 1, 1), '%B')) END
  ) AS exclusion_reason
FROM judged`;
  return {
    sql,
    params: [o.minBuyers, o.oneOffRepeatRate, o.minSeasonalOrders, o.seasonalShare, o.oneOffRepeatRate],
  };
}

/**
 * Each customer's orders, spend and units per category, as the tally counts them, from the lines when read: the drawer
 * reads one customer, whose filter reaches the orders' scan. Loading the tally's 3M pairs for the benchmark's 5M file
 * as a table instead took 0.16–0.19 s of every computation in Chromium, for a table read one customer at a time.
 * A view cannot keep bound values, so the as-of date is inlined as asOfDateSql writes it, checked to be YYYY-MM-DD
 * digits (as customers.ts does for its DDL).
 */
function customerCategoriesViewSql(asOf: string): string {
  return `CREATE OR REPLACE VIEW ${CUSTOMER_CATEGORY_TABLE} AS
SELECT o.customer_id, coalesce(l.category, l.product) AS category, count(DISTINCT o.rowid) AS orders,
  coalesce(sum(l.line_amount), 0) AS spend, coalesce(sum(l.quantity), 0) AS units
FROM order_lines l JOIN orders o ON o.order_id = l.order_id
WHERE ${customerOrderConditionSql('o', asOf)}
  AND coalesce(l.category, l.product) IS NOT NULL
GROUP BY o.customer_id, coalesce(l.category, l.product)`;
}

/** The shares are a view too, over the one above, computed when a customer's categories are shown. */
function sharesViewSql(asOf: string): string {
  return `CREATE OR REPLACE VIEW ${CATEGORY_SHARES_TABLE} AS
SELECT s.customer_id, s.category, s.orders, s.spend, s.units, s.orders / t.orders AS share_of_orders,
  CASE WHEN sum(s.spend) OVER (PARTITION BY s.customer_id) <> 0
    THEN s.spend / sum(s.spend) OVER (PARTITION BY s.customer_id) END AS share_of_spend
FROM ${CUSTOMER_CATEGORY_TABLE} s
JOIN (SELECT customer_id, count(*) AS orders FROM purchases
  WHERE customer_id IS NOT NULL AND order_ts < ${asOfDateSql(asOf)} GROUP BY 1) t
  ON t.customer_id = s.customer_id`;
}

/** Is `a` a better favourite than `b`: more orders, then more spend, then the alphabetically first (lower code). */
function better(pairs: CategoryPairs, a: number, b: number): boolean {
  if (b < 0) return true;
  if (pairs.orders[a] !== pairs.orders[b]) return pairs.orders[a]! > pairs.orders[b]!;
  if (pairs.spend[a] !== pairs.spend[b]) return pairs.spend[a]! > pairs.spend[b]!;
  return pairs.code[a]! < pairs.code[b]!;
}

/**
 * Each customer's set of categories, numbered: customers who bought the same categories share a number, so the list
 * of names (`categories_bought`) is built once per distinct set rather than by grouping every (customer, category)
 * pair again in SQL (the 5M benchmark file's million customers share 254 sets; building the table went from 1.7–1.8 s
 * to 0.7 s in DuckDB-WASM inside Node). `setOf[row]` is NaN for a row without lines; `members` lists each set's codes,
 * ascending (codes are numbered in name order). With at most 53 category codes a set is keyed by its bit mask, a sum
 * of powers of two that a double holds exactly (~60 ms for a million customers in Node); with more, by its codes as
 * text (~175 ms).
 */
export function categorySets(
  codeOfPair: Int32Array,
  pairStart: Int32Array,
  rows: number,
  codes: number,
): { setOf: Float64Array; members: { category_set: number[]; code: number[] } } {
  const setOf = new Float64Array(rows).fill(NaN);
  const numbers = new Map<number | string, number>();
  const members = { category_set: [] as number[], code: [] as number[] };
  const power = codes <= 53 ? Float64Array.from({ length: codes }, (_, code) => 2 ** code) : null;
  const sorted: number[] = [];
  const sortCodes = (r: number) => {
    sorted.length = 0;
    for (let p = pairStart[r]!; p < pairStart[r + 1]!; p++) sorted.push(codeOfPair[p]!);
    return sorted.sort((a, b) => a - b);
  };
  for (let r = 0; r < rows; r++) {
    if (pairStart[r] === pairStart[r + 1]) continue;
    let key: number | string = 0;
    // A customer has one pair per category, so no power of two is added twice.
    if (power) for (let p = pairStart[r]!; p < pairStart[r + 1]!; p++) key += power[codeOfPair[p]!]!;
    else key = sortCodes(r).join(',');
    let set = numbers.get(key);
    if (set === undefined) {
      set = numbers.size;
      numbers.set(key, set);
      for (const code of sortCodes(r)) {
        members.category_set.push(set);
        members.code.push(code);
      }
    }
    setOf[r] = set;
  }
  return { setOf, members };
}

/**
 * Customers per category code (NaN: none), the `top` categories with the most, as name → customers: most customers
 * first, ties by name (codes are numbered in name order).
 */
export function topCategories(codeOfRow: Float64Array, names: string[], top: number): Record<string, number> {
  const customers = new Float64Array(names.length);
  for (let r = 0; r < codeOfRow.length; r++) if (!Number.isNaN(codeOfRow[r]!)) customers[codeOfRow[r]!]!++;
  const ranked = names
    .map((_, code) => code)
    .filter((code) => customers[code]! > 0)
    .sort((a, b) => customers[b]! - customers[a]! || a - b)
    .slice(0, top);
  return Object.fromEntries(ranked.map((code) => [names[code]!, customers[code]!]));
}

/**
 * The lines of the customers' orders before the as-of date, tallied per (customer, category) and per category, with
 * the tables that hold the tally. None of it depends on the rules: a rule change judges the categories again from
 * the same tally (buildCategories) without reading the lines (3.3–3.7 s at a million customers, DuckDB-WASM inside
 * Node).
 */
export interface CategoryTally {
  names: string[];
  pairs: CategoryPairs;
  pairStart: Int32Array;
  /** How many times each calendar month occurs in the history. */
  occurrences: Float64Array;
  /** Per history row: its set of categories (categorySets), NaN without lines. */
  setOf: Float64Array;
}

/** Reads and tallies the category lines and stores the rule-free category tables. */
export async function tallyCategoryLines(db: SqlExecutor, read: OrderHistory): Promise<CategoryTally> {
  // Category names numbered in sorted order, so a code orders as its name does: ties in the favourite go to the
  // alphabetically first name. Joins run on these integers, not on the names.
  await db.run(`CREATE OR REPLACE TABLE ${NAMES_TABLE} AS
    SELECT CAST(row_number() OVER (ORDER BY name) - 1 AS INTEGER) AS code, name
    FROM (SELECT DISTINCT coalesce(category, product) AS name FROM order_lines) WHERE name IS NOT NULL`);
  // Name of each code, by position; the summary's counts name their categories from it.
  const names = (await db.all<{ name: string }>(`SELECT name FROM ${NAMES_TABLE} ORDER BY code`)).map((r) => r.name);
  const codes = names.length;
  // The lines of purchases (schema.ts), joined to `orders` itself: they are keyed by its rowid, which a view has not.
  // Tallied where the engine left the lines (withNumericColumns): the tally copies what it keeps.
  const maxRow = highestOrderRow(read);
  const { pairs, pairStart, monthly, occurrences } = await db.withNumericColumns(
    `SELECT o.rowid * ${Math.max(codes, 1)} + n.code AS order_code, l.line_amount AS amount
    FROM order_lines l JOIN orders o ON o.order_id = l.order_id
    JOIN ${NAMES_TABLE} n ON n.name = coalesce(l.category, l.product)
    WHERE ${customerOrderConditionSql('o', read.asOf)}`,
    (columns, scratch) =>
      tallyCategories(read, maxRow, { orderCode: columns.order_code!, amount: columns.amount! }, codes, scratch),
    (lines) => tallyScratchBytes(read, maxRow, lines),
  );

  const buyers = new Float64Array(codes);
  const repeatBuyers = new Float64Array(codes);
  const categoryOrders = new Float64Array(codes);
  const revenue = new Float64Array(codes);
  for (let p = 0; p < pairs.length; p++) {
    const code = pairs.code[p]!;
    buyers[code]!++;
    if (pairs.orders[p]! >= 2) repeatBuyers[code]!++;
    categoryOrders[code]! += pairs.orders[p]!;
    revenue[code]! += pairs.spend[p]!;
  }
  const bought = Array.from({ length: codes }, (_, code) => code).filter((code) => buyers[code]! > 0);
  await db.loadNumericTable(BUYERS_TABLE, {
    code: bought,
    buyers: bought.map((c) => buyers[c]!),
    repeat_buyers: bought.map((c) => repeatBuyers[c]!),
    orders: bought.map((c) => categoryOrders[c]!),
    revenue: bought.map((c) => revenue[c]!),
  });
  const monthCells = bought.flatMap((code) =>
    Array.from({ length: 12 }, (_, m) => ({ code, month: m + 1, revenue: monthly[code * 12 + m]! })),
  );
  await db.loadNumericTable(MONTHS_TABLE, {
    code: monthCells.map((c) => c.code),
    month: monthCells.map((c) => c.month),
    revenue: monthCells.map((c) => c.revenue),
  });
  await db.loadNumericTable(OCCURRENCES_TABLE, { month: occurrences.map((_, m) => m + 1), occurrences });
  const sets = categorySets(pairs.code, pairStart, read.rows, codes);
  await db.loadNumericTable(SETS_TABLE, sets.members);
  await db.run(customerCategoriesViewSql(read.asOf));
  await db.run(sharesViewSql(read.asOf));
  // The sets' lists of names once (a few hundred rows), and the customers' rows a view: the segment attributes read
  // them once into their own table, and the drawer one customer at a time. Materialising a million rows of ids and
  // lists here cost 0.68–0.74 s at a million customers (DuckDB-WASM inside Node, 2026-12-06).
  await db.run(`CREATE OR REPLACE TABLE ${SET_NAMES_TABLE} AS
    SELECT CAST(s.category_set AS INTEGER) AS category_set, list_sort(list(n.name)) AS categories_bought
    FROM ${SETS_TABLE} s JOIN ${NAMES_TABLE} n ON n.code = CAST(s.code AS INTEGER) GROUP BY 1`);
  return { names, pairs, pairStart, occurrences, setOf: sets.setOf };
}

/**
 * Judges the categories by the rules (one-off, seasonal), picks each customer's favourite and recommendation, and
 * returns the summary; `tally` is tallyCategoryLines' for the same history (read when not given).
 */
export async function buildCategories(
  db: SqlExecutor,
  asOf: string,
  options: CategoryOptions = {},
  history?: OrderHistory,
  tally?: CategoryTally,
): Promise<CategorySummary> {
  const o = resolve(options);
  const read = await orderHistoryFor(db, checkAsOf(asOf), history);
  const { names, pairs, pairStart, occurrences, setOf } = tally ?? (await tallyCategoryLines(db, read));
  const codes = names.length;
  const stats = statsSql(o);
  await db.all(stats.sql, stats.params);
  const judged = await db.numericColumns(`SELECT n.code, CAST(s.one_off AS INTEGER) AS one_off,
      CAST(s.excluded AS INTEGER) AS excluded
    FROM ${CATEGORY_STATS_TABLE} s JOIN ${NAMES_TABLE} n ON n.name = s.category`);
  const oneOff = new Uint8Array(codes);
  const excludedCode = new Uint8Array(codes);
  for (let k = 0; k < judged.code!.length; k++) {
    oneOff[judged.code![k]!] = judged.one_off![k]!;
    excludedCode[judged.code![k]!] = judged.excluded![k]!;
  }

  const countBy = (codeOfRow: Float64Array) => topCategories(codeOfRow, names, o.summaryTop);
  // Each customer's favourite and recommendation, written where the table is loaded from (fillNumericTable).
  const chosen = await db.fillNumericTable(VALUES_TABLE, read.rows, CATEGORY_VALUE_COLUMNS, (values) => {
    const favourite = values.favourite.fill(NaN);
    const favouriteShare = values.favourite_share.fill(NaN);
    const recommendation = values.recommendation.fill(NaN);
    const oneOffOnly = values.one_off_only.fill(NaN);
    values.category_set.set(setOf);
    let customersWithLines = 0;
    let oneOffOnlyCustomers = 0;
    for (let r = 0; r < read.rows; r++) {
      if (pairStart[r] === pairStart[r + 1]) continue;
      customersWithLines++;
      let best = -1;
      let bestKept = -1;
      let total = 0;
      let onlyOneOff = 1;
      for (let p = pairStart[r]!; p < pairStart[r + 1]!; p++) {
        total += pairs.spend[p]!;
        if (better(pairs, p, best)) best = p;
        if (!excludedCode[pairs.code[p]!] && better(pairs, p, bestKept)) bestKept = p;
        if (!oneOff[pairs.code[p]!]) onlyOneOff = 0;
      }
      favourite[r] = pairs.code[best]!;
      if (total !== 0) favouriteShare[r] = pairs.spend[best]! / total;
      if (bestKept >= 0) recommendation[r] = pairs.code[bestKept]!;
      oneOffOnly[r] = onlyOneOff;
      oneOffOnlyCustomers += onlyOneOff;
    }
    return {
      customersWithLines,
      oneOffOnlyCustomers,
      favouriteCategories: countBy(favourite),
      recommendationCategories: countBy(recommendation),
    };
  });
  dependsOnHistory(CATEGORIES_TABLE);
  await db.run(`CREATE OR REPLACE VIEW ${CATEGORIES_TABLE} AS
    SELECT v.customer_id, f.name AS favourite_category, v.favourite_share AS favourite_share_of_spend,
      b.categories_bought, k.name AS recommendation_category, CAST(v.one_off_only AS BOOLEAN) AS one_off_only
    FROM (SELECT h.customer_id, v.* FROM ${SIGNAL_CUSTOMERS_TABLE} h POSITIONAL JOIN ${VALUES_TABLE} v) v
    JOIN ${SET_NAMES_TABLE} b ON b.category_set = CAST(v.category_set AS INTEGER)
    JOIN ${NAMES_TABLE} f ON f.code = CAST(v.favourite AS INTEGER)
    LEFT JOIN ${NAMES_TABLE} k ON k.code = CAST(v.recommendation AS INTEGER)`);
  const excluded = await db.all<{
    category: string;
    one_off: boolean;
    seasonal: boolean;
    exclusion_reason: string;
    buyers: number;
    repeat_rate: number;
    peak_share: number | null;
    first_month: number | null;
  }>(
    `SELECT category, one_off, seasonal, exclusion_reason, buyers, repeat_rate, peak_share, first_month
     FROM ${CATEGORY_STATS_TABLE} WHERE excluded ORDER BY category`,
  );
  return {
    favouriteCategories: chosen.favouriteCategories,
    recommendationCategories: chosen.recommendationCategories,
    oneOffCategories: excluded.filter((r) => r.one_off).map((r) => r.category),
    seasonalCategories: excluded.filter((r) => r.seasonal).map((r) => r.category),
    exclusionReasons: Object.fromEntries(excluded.map((r) => [r.category, r.exclusion_reason])),
    exclusions: excluded.map((r) => ({
      category: r.category,
      oneOff: r.one_off,
      seasonal: r.seasonal,
      buyers: r.buyers,
      repeatRate: r.repeat_rate,
      peakShare: r.peak_share,
      peakMonth: r.first_month,
    })),
    customersWithLines: chosen.customersWithLines,
    oneOffOnlyCustomers: chosen.oneOffOnlyCustomers,
    seasonalityJudged: occurrences.every((n) => n > 0),
    options: o,
  };
}

/** One category a customer bought, as the customer drawer lists it (customerCategoriesSql). */
export interface CustomerCategoryRow extends Record<string, unknown> {
  category: string;
  orders: number;
  share_of_orders: number;
  /** NULL when the customer's line spend is 0. */
  share_of_spend: number | null;
  one_off: boolean;
  seasonal: boolean;
  /** How many categories the customer bought in all (the list stops at `limit`). */
  categories: number;
}

/**
 * One customer's categories (after buildCategories), in the favourite's order: most orders, then most spend, then
 * by name, so the first is `favourite_category`. With each, whether the shop's rules keep it from being recommended.
 */
export function customerCategoriesSql(customerId: string, limit = 6): { sql: string; params: string[] } {
  return {
    sql: `SELECT s.category, s.orders, s.share_of_orders, s.share_of_spend, coalesce(t.one_off, false) AS one_off,
        coalesce(t.seasonal, false) AS seasonal, count(*) OVER () AS categories
      FROM ${CATEGORY_SHARES_TABLE} s LEFT JOIN ${CATEGORY_STATS_TABLE} t ON t.category = s.category
      WHERE s.customer_id = ?
      ORDER BY s.orders DESC, s.spend DESC, s.category
      LIMIT ${Math.max(1, Math.floor(limit))}`,
    params: [customerId],
  };
}
