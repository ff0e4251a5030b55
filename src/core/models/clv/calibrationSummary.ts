import type { SqlExecutor } from '../../sql/executor';
import { asOfDateSql } from '../asOf';

export type TimeUnit = 'week' | 'day';
export const DAYS_PER_UNIT: Record<TimeUnit, number> = { week: 7, day: 1 };

export interface CalibrationRow {
  customer_id: string;
  x: number;
  t_x: number;
  T: number;
  /** Mean value of the repeat purchase days (NULL without repeats). */
  monetary: number | null;
  holdout: number;
}

/**
 * Per-customer (x, t_x, T, monetary) for the CLV models, with the literature's conventions (Fader, Hardie & Lee
 * 2005): same-day orders merge into one purchase occasion (amounts summed); x = occasions − 1; t_x = last − first
 * occasion; T = calibration end − first occasion; monetary = mean of the repeat occasions (the first excluded), all
 * in the chosen unit. Customers whose first order falls after the calibration end are not in it; `holdout` counts
 * each customer's purchase days in (calibration end, holdout end] when a holdout end is given.
 */
export function calibrationSummarySql(calibrationEnd: string, unit: TimeUnit, holdoutEnd?: string): string {
  const end = asOfDateSql(calibrationEnd);
  const holdout = holdoutEnd ? asOfDateSql(holdoutEnd) : end;
  const perUnit = DAYS_PER_UNIT[unit];
  // Without a holdout period every customer's holdout count is 0: no second aggregate and no join to get it.
  const later = holdoutEnd
    ? `, later AS (SELECT customer_id, count(*) AS holdout FROM days WHERE day > ${end} GROUP BY 1)`
    : '';
  return `
    WITH days AS (
      SELECT customer_id, CAST(order_ts AS DATE) AS day, sum(amount) AS amount
      FROM purchases WHERE customer_id IS NOT NULL AND CAST(order_ts AS DATE) <= ${holdout}
      GROUP BY 1, 2
    ),
    calibration AS (
      SELECT customer_id, count(*) - 1 AS x, min(day) AS first_day, max(day) AS last_day,
        (sum(amount) - arg_min(amount, day)) / nullif(count(*) - 1, 0) AS monetary
      FROM days WHERE day <= ${end} GROUP BY 1
    )${later}
    SELECT c.customer_id, c.x, date_diff('day', c.first_day, c.last_day) / ${perUnit} AS t_x,
      date_diff('day', c.first_day, ${end}) / ${perUnit} AS "T", c.monetary,
      ${holdoutEnd ? 'coalesce(l.holdout, 0)' : '0'} AS holdout
    FROM calibration c ${holdoutEnd ? 'LEFT JOIN later l USING (customer_id)' : ''}`;
}

export async function calibrationSummary(
  db: SqlExecutor,
  calibrationEnd: string,
  unit: TimeUnit,
  holdoutEnd?: string,
): Promise<CalibrationRow[]> {
  return db.all<CalibrationRow & Record<string, unknown>>(calibrationSummarySql(calibrationEnd, unit, holdoutEnd));
}
