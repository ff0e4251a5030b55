import type { SqlExecutor } from '../../sql/executor';
import { conditionalExpectedPurchases, fitBgNbd, PARAMETER_BOUNDS, type BgNbdFit } from './bgnbd';
import { calibrationSummarySql, type TimeUnit } from './calibrationSummary';
import { fitGammaGamma, type GammaGammaFit } from './gammaGamma';

/**
 * Thresholds below which the models are withheld, with the reason shown to the merchant:
 * - 100 customers and 20 repeat customers: four BG/NBD parameters (three for Gamma-Gamma) estimated from fewer
 *   swing wildly between samples (on CDNOW, a 1/10 sample of 2,357 customers with 946 repeaters, they are stable
 *   to 3 significant figures);
 * - 8 weeks of calibration history: with less, nobody has had time to show a rhythm or to stop.
 */
export const CLV_THRESHOLDS = { customers: 100, repeatCustomers: 20, calibrationDays: 56 };

/** The calibration summary of the last fit (one row per customer), kept for the queries that follow it. */
export const CALIBRATION_TABLE = 'clv_calibration';

/** Frees the calibration table once the fit (and the scoring that reuses it) is done: one row per customer. */
export async function dropCalibration(db: SqlExecutor): Promise<void> {
  await db.run(`DROP TABLE IF EXISTS ${CALIBRATION_TABLE}`);
}

/** Above this many distinct (x, t_x, T), the fit groups times by whole weeks. */
export const MAX_EXACT_GROUPS = 20_000;

export type ClvIneligible = {
  eligible: false;
  reason: string;
  code: 'too_few_customers' | 'too_few_repeat_customers' | 'history_too_short' | 'no_churn_signal' | 'did_not_converge';
};

export interface ClvFitResult {
  eligible: true;
  customers: number;
  repeatCustomers: number;
  timeUnit: TimeUnit;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLik: number };
  gammaGamma: { p: number; q: number; v: number; logLik: number };
  holdout?: { actualRepeatPurchases: number; predictedRepeatPurchases: number };
}

export interface FitOptions {
  calibrationEnd: string;
  holdoutEnd?: string;
  timeUnit?: TimeUnit;
}

/** Fits BG/NBD and Gamma-Gamma on the calibration period and, with a holdout end, back-tests the prediction. */
export async function fitClv(
  db: SqlExecutor,
  options: FitOptions,
): Promise<ClvFitResult | (ClvIneligible & { customers: number; repeatCustomers: number })> {
  const unit = options.timeUnit ?? 'week';
  // Materialised once: every query below (and fitCheck in predict.ts) reads it instead of re-aggregating orders.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${CALIBRATION_TABLE} AS ${calibrationSummarySql(options.calibrationEnd, unit, options.holdoutEnd)}`,
  );
  const summary = CALIBRATION_TABLE;
  // Exact (x, t_x, T) groups, unless there are so many that fitting would be slow: then t_x and T are rounded to a
  // whole week (at most half a week off, against histories of months or years) — FHL 2005 themselves work in weeks.
  const [{ distinct }] = await db.all<{ distinct: number }>(
    `SELECT count(*) AS distinct FROM (SELECT DISTINCT x, t_x, "T" FROM ${summary})`,
  );
  const perWeek = unit === 'week' ? 1 : 7;
  const round = (column: string) =>
    distinct > MAX_EXACT_GROUPS ? `round(${column} / ${perWeek}) * ${perWeek}` : column;
  // Read column by column and made into objects of one literal shape: a million customers make ~90k time groups
  // and ~160k spend groups, and generic row conversion cost more than the fit.
  const g = await db.numericColumns(
    `SELECT x, ${round('t_x')} AS tx, ${round('"T"')} AS "T", count(*) AS count, CAST(sum(holdout) AS DOUBLE) AS holdout
     FROM ${summary} GROUP BY 1, 2, 3`,
  );
  const groups = Array.from(g.x, (x, i) => ({ x, tx: g.tx[i], T: g.T[i], count: g.count[i], holdout: g.holdout[i] }));
  const m = await db.numericColumns(
    `SELECT x, monetary AS mean, count(*) AS count FROM ${summary} WHERE x > 0 AND monetary > 0 GROUP BY 1, 2`,
  );
  const spend = Array.from(m.x, (x, i) => ({ x, mean: m.mean[i], count: m.count[i] }));
  const customers = groups.reduce((s, g) => s + g.count, 0);
  const repeatCustomers = groups.filter((g) => g.x > 0).reduce((s, g) => s + g.count, 0);
  // A loop, not Math.max(...groups): a million customers make ~90k groups, past what a worker's stack can spread.
  const longest = groups.reduce((most, g) => Math.max(most, g.T), 0) * (unit === 'week' ? 7 : 1);
  const refuse = (code: ClvIneligible['code'], reason: string) => ({
    eligible: false as const,
    code,
    reason,
    customers,
    repeatCustomers,
  });
  if (customers < CLV_THRESHOLDS.customers) {
    return refuse(
      'too_few_customers',
      `Only ${customers} customers before ${options.calibrationEnd}: the prediction needs at least ${CLV_THRESHOLDS.customers}.`,
    );
  }
  if (repeatCustomers < CLV_THRESHOLDS.repeatCustomers) {
    return refuse(
      'too_few_repeat_customers',
      `Only ${repeatCustomers} customers bought more than once: the prediction needs at least ${CLV_THRESHOLDS.repeatCustomers} to learn how often people come back.`,
    );
  }
  if (longest < CLV_THRESHOLDS.calibrationDays) {
    return refuse(
      'history_too_short',
      `The history before ${options.calibrationEnd} is only ${Math.round(longest)} days long: the prediction needs at least ${CLV_THRESHOLDS.calibrationDays} days.`,
    );
  }
  const bgnbd = fitBgNbd(groups);
  const problem = fitProblem(bgnbd);
  if (problem) return refuse(problem.code, problem.reason);
  const gammaGamma = fitGammaGamma(spend);
  let holdout: ClvFitResult['holdout'];
  if (options.holdoutEnd) {
    const days = (Date.parse(options.holdoutEnd) - Date.parse(options.calibrationEnd)) / 86_400_000;
    const length = unit === 'week' ? days / 7 : days;
    holdout = {
      actualRepeatPurchases: groups.reduce((s, g) => s + g.holdout, 0),
      predictedRepeatPurchases: groups.reduce(
        (s, g) => s + g.count * conditionalExpectedPurchases(bgnbd.params, length, g.x, g.tx, g.T),
        0,
      ),
    };
  }
  return {
    eligible: true,
    customers,
    repeatCustomers,
    timeUnit: unit,
    bgnbd: { ...bgnbd.params, logLik: bgnbd.logLikelihood },
    gammaGamma: { ...gammaGamma.params, logLik: gammaGamma.logLikelihood },
    ...(holdout ? { holdout } : {}),
  };
}

/** A fit that ran to a bound or did not converge is reported in words, never as precise-looking numbers. */
export function fitProblem(fit: BgNbdFit): Pick<ClvIneligible, 'code' | 'reason'> | null {
  if (!Number.isFinite(fit.logLikelihood) || !fit.converged) {
    return {
      code: 'did_not_converge',
      reason:
        'The purchase model did not settle on this data, so its predictions would be guesses. Try a longer history.',
    };
  }
  if (fit.atBound.includes('a') || fit.atBound.includes('b') || fit.params.b >= PARAMETER_BOUNDS.max / 10) {
    return {
      code: 'no_churn_signal',
      reason:
        'Your customers show no sign of churning yet, so the chance that a customer is still active is not informative.',
    };
  }
  if (fit.atBound.length > 0) {
    return {
      code: 'did_not_converge',
      reason: `The purchase model could not pin down ${fit.atBound.join(', ')} on this data; its predictions are withheld.`,
    };
  }
  return null;
}
