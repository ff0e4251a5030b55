import type { SqlExecutor } from '../../sql/executor';
import { readCustomerMeasures, type CustomerMeasures } from '../customerMeasures';
import { calibrationSummarySql } from './calibrationSummary';

/**
 * Every customer's calibration summary as columns (one entry per customer, times in whole days): x repeat purchase
 * days, t_x and T (FHL 2005's conventions, calibrationSummary.ts), the mean value of the repeat purchase days (NaN
 * without one) and, for a back-test, the purchase days in the holdout period.
 */
export interface CalibrationColumns {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
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
 * days_since_last_order, T = customer_age_days − 1. The repeat days' mean is (amount_spent − the first day's
 * amount) / x, the first day's amount being the first order's, except for the few customers with more orders than
 * purchase days, whose first day may hold several orders: theirs is recomputed with the first day summed from
 * `orders`.
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
  const { purchaseDays, ageDays, recency, amount, firstOrderAmount } = measures ?? (await readCustomerMeasures(db));
  const size = purchaseDays.length;
  const calibration = {
    x: new Float64Array(size),
    tx: new Float64Array(size),
    T: new Float64Array(size),
    monetary: new Float64Array(size),
    holdout: null,
  };
  for (let i = 0; i < size; i++) {
    const x = purchaseDays[i] - 1;
    calibration.x[i] = x;
    calibration.tx[i] = ageDays[i] - recency[i];
    calibration.T[i] = ageDays[i] - 1;
    calibration.monetary[i] = x > 0 ? (amount[i] - firstOrderAmount[i]) / x : NaN;
  }
  const firstDays = await db.numericColumns(
    `SELECT c.customer_row, (any_value(c.amount_spent) - sum(o.amount)) / (any_value(c.purchase_days) - 1) AS monetary
     FROM (SELECT rowid AS customer_row, customer_id, first_order_date, amount_spent, purchase_days FROM customers
           WHERE orders > purchase_days AND purchase_days > 1) c
     JOIN orders o ON o.customer_id = c.customer_id AND CAST(o.order_ts AS DATE) = c.first_order_date
     GROUP BY 1`,
  );
  for (let k = 0; k < firstDays.customer_row.length; k++) {
    calibration.monetary[firstDays.customer_row[k]] = firstDays.monetary[k];
  }
  return calibration;
}
