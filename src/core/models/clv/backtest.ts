import type { SqlExecutor } from '../../sql/executor';
import { conditionalExpectedPurchases, unconditionalExpectedPurchases, type BgNbdParameters } from './bgnbd';
import { calibrationSummarySql } from './calibrationSummary';
import { logGamma } from './logGamma';

/**
 * How much to trust the predictions on the merchant's own data (FHL 2005 §4, Figures 2–4): fit on orders up to a
 * cut-off, then compare with what happened after it. All times in weeks.
 */
export interface Backtest {
  actualRepeatPurchases: number;
  predictedRepeatPurchases: number;
  /** (predicted − actual) / actual; null when no repeat purchase happened, where no share of nothing is honest. */
  relativeError: number | null;
  /** Cumulative repeat purchases by week since the first order in the data (FHL Figure 2). */
  weekly: { week: number; actual: number; predicted: number }[];
  /** Holdout purchases per customer by calibration repeat purchases, 0…6 and 7+ (FHL Figure 4). */
  byFrequency: { x: string; actual: number; predicted: number; customers: number }[];
  calibrationWeeks: number;
}

export async function backtest(
  db: SqlExecutor,
  params: BgNbdParameters,
  calibrationEnd: string,
  holdoutEnd: string,
): Promise<Backtest> {
  const summary = calibrationSummarySql(calibrationEnd, 'week', holdoutEnd);
  const customers = await db.all<{ x: number; tx: number; T: number; holdout: number; count: number }>(
    `SELECT x, t_x AS tx, "T", CAST(sum(holdout) AS DOUBLE) AS holdout, count(*) AS count FROM (${summary}) GROUP BY 1, 2, 3`,
  );
  const holdoutWeeks = (Date.parse(holdoutEnd) - Date.parse(calibrationEnd)) / (7 * 86_400_000);
  const bucket = (x: number) => (x >= 7 ? '7+' : String(x));
  const byFrequency = new Map<string, { actual: number; predicted: number; customers: number }>();
  let predictedTotal = 0;
  let actualTotal = 0;
  for (const g of customers) {
    const predicted = g.count * conditionalExpectedPurchases(params, holdoutWeeks, g.x, g.tx, g.T);
    predictedTotal += predicted;
    actualTotal += g.holdout;
    const entry = byFrequency.get(bucket(g.x)) ?? { actual: 0, predicted: 0, customers: 0 };
    entry.actual += g.holdout;
    entry.predicted += predicted;
    entry.customers += g.count;
    byFrequency.set(bucket(g.x), entry);
  }
  // Cumulative curve: each cohort (customers whose first purchase was s weeks after the data's first day) adds
  // n_s · E[X(w − s)] by week w (FHL 2005 eq. 7 per customer); actual repeat purchase days counted by week. From
  // `purchases`, as the totals above (calibrationSummary.ts): a cancelled order is no purchase.
  const [start] = await db.all<{ first: string; weeks: number }>(
    `SELECT strftime(min(CAST(order_ts AS DATE)), '%Y-%m-%d') AS first,
       CAST(ceil(date_diff('day', min(CAST(order_ts AS DATE)), DATE '${holdoutEnd}') / 7.0) AS INTEGER) AS weeks
     FROM purchases WHERE customer_id IS NOT NULL`,
  );
  const cohorts = await db.all<{ s: number; n: number }>(
    `SELECT date_diff('day', DATE '${start.first}', first_day) / 7.0 AS s, count(*) AS n FROM (
       SELECT customer_id, min(CAST(order_ts AS DATE)) AS first_day FROM purchases WHERE customer_id IS NOT NULL GROUP BY 1
     ) WHERE first_day <= DATE '${calibrationEnd}' GROUP BY 1`,
  );
  const actualByWeek = await db.all<{ week: number; n: number }>(
    `SELECT CAST(ceil(date_diff('day', DATE '${start.first}', day) / 7.0) AS INTEGER) AS week, count(*) AS n FROM (
       SELECT customer_id, CAST(order_ts AS DATE) AS day, min(CAST(order_ts AS DATE)) OVER (PARTITION BY customer_id) AS first_day
       FROM purchases WHERE customer_id IS NOT NULL GROUP BY 1, 2
     ) WHERE day > first_day AND day <= DATE '${holdoutEnd}'
       AND first_day <= DATE '${calibrationEnd}' GROUP BY 1 ORDER BY 1`,
  );
  const weekly: Backtest['weekly'] = [];
  let cumulativeActual = 0;
  for (let week = 1; week <= start.weeks; week++) {
    cumulativeActual += actualByWeek.find((a) => a.week === week)?.n ?? 0;
    const predicted = cohorts.reduce(
      (sum, c) => (week > c.s ? sum + c.n * unconditionalExpectedPurchases(params, week - c.s) : sum),
      0,
    );
    weekly.push({ week, actual: cumulativeActual, predicted });
  }
  return {
    actualRepeatPurchases: actualTotal,
    predictedRepeatPurchases: predictedTotal,
    relativeError: actualTotal ? (predictedTotal - actualTotal) / actualTotal : null,
    weekly,
    byFrequency: [...byFrequency.entries()]
      .sort((a, b) => (a[0] === '7+' ? 1 : b[0] === '7+' ? -1 : Number(a[0]) - Number(b[0])))
      .map(([x, v]) => ({
        x,
        actual: v.actual / v.customers,
        predicted: v.predicted / v.customers,
        customers: v.customers,
      })),
    calibrationWeeks: (Date.parse(calibrationEnd) - Date.parse(start.first)) / (7 * 86_400_000),
  };
}

/**
 * P(X(t) = x): the BG/NBD probability of x purchases in (0, t] for a new customer, FHL 2005 eq. (8). Used to draw
 * the fit: expected customers with 0, 1, 2… repeat purchases in the calibration period against the data.
 */
export function probabilityOfPurchases({ r, alpha, a, b }: BgNbdParameters, x: number, t: number): number {
  const logBeta = (p: number, q: number) => logGamma(p) + logGamma(q) - logGamma(p + q);
  const logBase = logBeta(a, b);
  const logRatio = Math.log(alpha / (alpha + t));
  const logShare = Math.log(t / (alpha + t));
  const nbd = (j: number) =>
    Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + r * logRatio + (j > 0 ? j * logShare : 0));
  let probability = Math.exp(logBeta(a, b + x) - logBase) * nbd(x);
  if (x > 0) {
    let tail = 0;
    for (let j = 0; j < x; j++) tail += nbd(j);
    probability += Math.exp(logBeta(a + 1, b + x - 1) - logBase) * (1 - tail);
  }
  return probability;
}
