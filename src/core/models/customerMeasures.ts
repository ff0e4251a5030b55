import type { SqlExecutor } from '../sql/executor';
import { asOfDateSql } from './asOf';
import { CUSTOMER_FIGURES_TABLE } from './customers';

/**
 * Every customer's recency, orders and amount spent, in the row order of `customers`, with each measure's values
 * sorted ascending (NULLs left out), and what the CLV calibration needs. Read once per build of `customers`: score
 * boundaries are then binary searches and the score cells one loop (scoreCells.ts), so a cut-off change on a
 * million customers reads nothing again, and the prediction reads only what `orders` alone can tell
 * (calibrationColumns.ts).
 */
export interface CustomerMeasures {
  recency: Float64Array;
  orders: Float64Array;
  amount: Float64Array;
  /** Days with an order, days since the first order, and the first day's total: the CLV calibration's inputs. */
  purchaseDays: Float64Array;
  ageDays: Float64Array;
  firstDayAmount: Float64Array;
  sorted: { recency: Float64Array; orders: Float64Array; amount: Float64Array };
}

export async function readCustomerMeasures(db: SqlExecutor): Promise<CustomerMeasures> {
  const { recency, orders, amount, purchaseDays, ageDays, firstDayAmount } = await db.numericColumns(
    `SELECT days_since_last_order AS recency, orders, amount_spent AS amount, purchase_days AS "purchaseDays",
       customer_age_days AS "ageDays", first_day_amount AS "firstDayAmount" FROM customers`,
  );
  return { ...withSorted({ recency, orders, amount }), purchaseDays, ageDays, firstDayAmount };
}

/** What the overview and the scores need, read from CUSTOMER_FIGURES_TABLE before `customers` is complete. */
export type FigureMeasures = Omit<CustomerMeasures, 'purchaseDays' | 'ageDays' | 'firstDayAmount'>;

export async function readFigureMeasures(db: SqlExecutor, asOf: string): Promise<FigureMeasures> {
  const asOfDate = asOfDateSql(asOf);
  const { recency, orders, amount } = await db.numericColumns(
    `SELECT date_diff('day', last_order_date, ${asOfDate}) AS recency, orders, amount_spent AS amount
     FROM ${CUSTOMER_FIGURES_TABLE}`,
  );
  return withSorted({ recency, orders, amount });
}

/**
 * The figures' measures completed from `customers`, which completeCustomers wrote in the figures' row order: the
 * arrays stay those read, aligned with `customers`' rows.
 */
export async function completeMeasures(db: SqlExecutor, figures: FigureMeasures): Promise<CustomerMeasures> {
  const { purchaseDays, ageDays, firstDayAmount } = await db.numericColumns(
    `SELECT purchase_days AS "purchaseDays", customer_age_days AS "ageDays", first_day_amount AS "firstDayAmount"
     FROM customers`,
  );
  if (purchaseDays.length !== figures.orders.length) throw new Error('customers and their figures differ in length');
  return { ...figures, purchaseDays, ageDays, firstDayAmount };
}

function withSorted(measures: Pick<CustomerMeasures, 'recency' | 'orders' | 'amount'>) {
  const { recency, orders, amount } = measures;
  return {
    recency,
    orders,
    amount,
    sorted: { recency: sortedAscending(recency), orders: sortedAscending(orders), amount: sortedAscending(amount) },
  };
}

/**
 * The median as DuckDB's `median` (quantile_cont 0.5) computes it, of `ascending[0 … length)` already sorted: the
 * middle value, or the midpoint of the two middle ones interpolated as lo + (hi − lo) / 2. NaN without values.
 */
export function medianOfSorted(ascending: Float64Array, length = ascending.length): number {
  if (length === 0) return NaN;
  const middle = (length - 1) / 2;
  const lo = ascending[Math.floor(middle)]!;
  const hi = ascending[Math.ceil(middle)]!;
  return lo + (hi - lo) * (middle - Math.floor(middle));
}

/** The values without NaN (NULL), sorted ascending, in a new array. */
export function sortedAscending(values: Float64Array): Float64Array {
  let present = 0;
  let max = 0;
  let whole = true;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) continue;
    present++;
    if (value > max) max = value;
    whole &&= value >= 0 && Number.isInteger(value);
  }
  if (whole && max <= COUNTING_SORT_LIMIT) return countingSorted(values, present, max);
  // Plain loops: a typed array's filter with a callback is several times slower on a million values.
  const kept = new Float64Array(present);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) kept[n++] = values[i];
  return kept.sort();
}

/** Largest value counting sort takes: days and order counts stay far below it, and its tally is then at most 4 MB. */
const COUNTING_SORT_LIMIT = 1 << 20;

/**
 * The `present` values of `values` that are not NaN — whole numbers in [0, max], as recency in days and order counts
 * always are — sorted by counting: one pass to tally, one to write, and no copy to sort. On a million customers
 * 10–20 ms where copying and sorting with the built-in sort took 90–140 ms (Node 20, the 5M benchmark file's
 * measures); two of the three measures qualify.
 */
function countingSorted(values: Float64Array, present: number, max: number): Float64Array {
  const tally = new Int32Array(max + 1);
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) tally[values[i]]++;
  const sorted = new Float64Array(present);
  let at = 0;
  for (let value = 0; value <= max; value++) {
    sorted.fill(value, at, at + tally[value]);
    at += tally[value];
  }
  return sorted;
}
