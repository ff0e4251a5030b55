import type { SqlExecutor } from '../../sql/executor';
import { readCustomerMeasures, type CustomerMeasures } from '../customerMeasures';
import { calibrationSummarySql } from './calibrationSummary';

/**
 * Every customer's calibration summary as columns (one entry per customer, times in whole days): x repeat purchase
 * days, t_x and T (FHL 2005's conventions, calibrationSummary.ts), the mean value of the repeat purchase days (NaN
 * without one) and, for a back-test, the purchase days in the holdout period.
 */
export interface CalibrationColumns {
  x: Float64Array | Int32Array;
  tx: Float64Array | Int32Array;
  T: Float64Array | Int32Array;
  monetary: Float64Array;
  holdout: Float64Array | null;
}

/** From `orders`, for any calibration end (the back-test and `cli fit`). */
export async function calibrationFromOrders(
  db: SqlExecutor,
  calibrationEnd: string,
  holdoutEnd?: string,
): Promise<CalibrationColumns> {
  const summary = calibrationSummarySql(calibrationEnd, 'day', holdoutEnd);
  const c = await db.numericColumns(
    `SELECT x, t_x AS tx, "T", monetary, CAST(holdout AS DOUBLE) AS holdout FROM (${summary})`,
  );
  return { x: c.x, tx: c.tx, T: c.T, monetary: c.monetary, holdout: holdoutEnd ? c.holdout : null };
}

/**
 * From `customers` (customers.ts) built as of `asOf`, in its row order, for a calibration end the day before — the
 * same customers and orders as calibrationFromOrders then, from one row per customer (the measures the customer model
 * read, customerMeasures.ts) instead of re-aggregating every order: x = purchase_days − 1, t_x = customer_age_days −
 * days_since_last_order, T = customer_age_days − 1. The repeat days' mean is (amount_spent − first_day_amount) / x.
 */
export async function calibrationFromCustomers(
  db: SqlExecutor,
  asOf: string,
  measures?: CustomerMeasures,
): Promise<CalibrationColumns> {
  // Any row tells the as-of date `customers` was built for: its last order plus the days since.
  const [built] = await db.all<{ asOf: string }>(
    `SELECT strftime(last_order_date + CAST(days_since_last_order AS INTEGER), '%Y-%m-%d') AS "asOf" FROM customers LIMIT 1`,
  );
  if (built && built.asOf !== asOf)
    throw new Error(`customers are as of ${built.asOf}, not ${asOf}: analyse them first`);
  const { purchaseDays, ageDays, recency, amount, firstDayAmount } = measures ?? (await readCustomerMeasures(db));
  const size = purchaseDays.length;
  // Whole days in 32-bit integers: half the memory to fill, which on a million customers is most of this loop's time.
  const calibration = {
    x: new Int32Array(size),
    tx: new Int32Array(size),
    T: new Int32Array(size),
    monetary: new Float64Array(size),
    holdout: null,
  };
  for (let i = 0; i < size; i++) {
    const x = purchaseDays[i] - 1;
    calibration.x[i] = x;
    calibration.tx[i] = ageDays[i] - recency[i];
    calibration.T[i] = ageDays[i] - 1;
    calibration.monetary[i] = x > 0 ? (amount[i] - firstDayAmount[i]) / x : NaN;
  }
  return calibration;
}
