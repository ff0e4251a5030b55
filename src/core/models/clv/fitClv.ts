import type { SqlExecutor } from '../../sql/executor';
import {
  conditionalExpectedPurchases,
  fitBgNbd,
  PARAMETER_BOUNDS,
  type BgNbdFit,
  type CustomerHistoryGroup,
} from './bgnbd';
import { DAYS_PER_UNIT, type TimeUnit } from './calibrationSummary';
import { calibrationFromOrders, type CalibrationColumns } from './calibrationColumns';
import { HISTORY_DAYS_LIMIT, historyGroups } from './historyGroups';
import { fitGammaGamma, type GammaGammaFit } from './gammaGamma';
import { englishRefusal, type RefusalText } from '../refusalText';

/**
 * Thresholds below which the models are withheld, with the reason shown to the merchant:
 * - 100 customers and 20 repeat customers: four BG/NBD parameters (three for Gamma-Gamma) estimated from fewer
 *   swing wildly between samples (on CDNOW, a 1/10 sample of 2,357 customers with 946 repeaters, they are stable
 *   to 3 significant figures);
 * - 8 weeks of calibration history: with less, nobody has had time to show a rhythm or to stop;
 * - 20 repeat customers who spent more than nothing on their repeat purchases, for Gamma-Gamma's three parameters.
 */
export const CLV_THRESHOLDS = { customers: 100, repeatCustomers: 20, calibrationDays: 56 };

export type ClvIneligible = {
  eligible: false;
  /** In English; `text` words it in another language. */
  reason: string;
  text: RefusalText;
  code:
    | 'too_few_customers'
    | 'too_few_repeat_customers'
    | 'history_too_short'
    | 'history_too_long'
    | 'no_churn_signal'
    | 'did_not_converge'
    | 'too_few_paying_repeat_customers'
    | 'spend_too_uneven';
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

/** Fits BG/NBD and Gamma-Gamma on the orders up to any calibration end and, with a holdout end, back-tests. */
export async function fitClv(db: SqlExecutor, options: FitOptions): Promise<ClvFit> {
  return fitCalibration(await calibrationFromOrders(db, options.calibrationEnd, options.holdoutEnd), options);
}

export type ClvFit = ClvFitResult | SpendRefusedFit | (ClvIneligible & { customers: number; repeatCustomers: number });

/**
 * The purchase model fitted but the spend model refused (too few paying repeat customers, a spend too uneven, a spend
 * fit that did not settle): still `eligible: false` with the spend model's reason, as before, since predicted spend
 * and CLV are withheld; the BG/NBD figures (P(alive), expected purchases, likelihood to buy again) need only the
 * purchase model (Fader, Hardie & Lee 2005) and are kept, with `gammaGamma: null`.
 */
export type SpendRefusedFit = ClvIneligible & {
  customers: number;
  repeatCustomers: number;
  timeUnit: TimeUnit;
  bgnbd: ClvFitResult['bgnbd'];
  gammaGamma: null;
  holdout?: ClvFitResult['holdout'];
};

/** A fit whose purchase model stands, whether or not the spend model does. */
export type PurchaseModelFit = ClvFitResult | SpendRefusedFit;

export function hasPurchaseModel(fit: ClvFit): fit is PurchaseModelFit {
  return 'bgnbd' in fit && fit.bgnbd !== undefined;
}

type HistoryGroup = CustomerHistoryGroup & { holdout: number };

export type PurchaseFit =
  | { eligible: true; customers: number; repeatCustomers: number; groups: HistoryGroup[]; bgnbd: BgNbdFit }
  | (ClvIneligible & { customers: number; repeatCustomers: number });

/**
 * The purchase model alone (thresholds, then BG/NBD): all the back-test needs, so a shop whose spend cannot be
 * modelled (fitCalibration) still learns how far to trust its predicted purchases.
 */
export function fitPurchaseModel(calibration: CalibrationColumns, options: FitOptions): PurchaseFit {
  const unit = options.timeUnit ?? 'week';
  // Imports refuse dates before 1990, so only an as-of date decades after the data makes a history this long (a
  // mistyped year): withheld in words, as the grouping packs days below the limit and throws past it.
  let longestDays = 0;
  for (let i = 0; i < calibration.T.length; i++) if (calibration.T[i] > longestDays) longestDays = calibration.T[i];
  if (longestDays >= HISTORY_DAYS_LIMIT) {
    const text: RefusalText = {
      id: 'refusal.historyTooLong',
      params: { date: { date: options.calibrationEnd }, days: longestDays, limit: HISTORY_DAYS_LIMIT },
    };
    const customers = calibration.x.length;
    let repeatCustomers = 0;
    for (let i = 0; i < customers; i++) if (calibration.x[i] > 0) repeatCustomers++;
    return {
      eligible: false,
      code: 'history_too_long',
      reason: englishRefusal(text),
      text,
      customers,
      repeatCustomers,
    };
  }
  const groups = historyGroups(calibration, unit);
  const customers = groups.reduce((s, g) => s + g.count, 0);
  const repeatCustomers = groups.filter((g) => g.x > 0).reduce((s, g) => s + g.count, 0);
  // A loop, not Math.max(...groups): a million customers make ~90k groups, past what a worker's stack can spread.
  const longest = groups.reduce((most, g) => Math.max(most, g.T), 0) * DAYS_PER_UNIT[unit];
  const refuse = (code: ClvIneligible['code'], text: RefusalText) => refusal(code, text, customers, repeatCustomers);
  const date = { date: options.calibrationEnd };
  if (customers < CLV_THRESHOLDS.customers) {
    return refuse('too_few_customers', {
      id: 'refusal.tooFewCustomers',
      params: { customers, date, needed: CLV_THRESHOLDS.customers },
    });
  }
  if (repeatCustomers < CLV_THRESHOLDS.repeatCustomers) {
    return refuse('too_few_repeat_customers', {
      id: 'refusal.tooFewRepeatCustomers',
      params: { repeatCustomers, needed: CLV_THRESHOLDS.repeatCustomers },
    });
  }
  if (longest < CLV_THRESHOLDS.calibrationDays) {
    return refuse('history_too_short', {
      id: 'refusal.historyTooShort',
      params: { date, days: Math.round(longest), needed: CLV_THRESHOLDS.calibrationDays },
    });
  }
  const bgnbd = fitBgNbd(groups);
  const problem = fitProblem(bgnbd);
  if (problem) return refuse(problem.code, problem.text);
  return { eligible: true, customers, repeatCustomers, groups, bgnbd };
}

/** A refusal with the counts the panel shows beside it. */
function refusal(code: ClvIneligible['code'], text: RefusalText, customers: number, repeatCustomers: number) {
  return { eligible: false as const, code, reason: englishRefusal(text), text, customers, repeatCustomers };
}

/** The fit on every customer's calibration summary (calibrationColumns.ts), in days; the models run in `timeUnit`. */
export function fitCalibration(calibration: CalibrationColumns, options: FitOptions): ClvFit {
  const purchases = fitPurchaseModel(calibration, options);
  if (!purchases.eligible) return purchases;
  const unit = options.timeUnit ?? 'week';
  const { customers, repeatCustomers, groups, bgnbd } = purchases;
  const spend = { x: calibration.x, mean: calibration.monetary };
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
  const purchaseModel = {
    customers,
    repeatCustomers,
    timeUnit: unit,
    bgnbd: { ...bgnbd.params, logLik: bgnbd.logLikelihood },
  };
  const backTest = holdout ? { holdout } : {};
  // The spend model refused: predicted spend and CLV are withheld, the purchase model's figures are not.
  const refuseSpend = (code: ClvIneligible['code'], text: RefusalText): SpendRefusedFit => ({
    eligible: false,
    code,
    reason: englishRefusal(text),
    text,
    ...purchaseModel,
    gammaGamma: null,
    ...backTest,
  });
  // Gamma-Gamma learns from repeat purchase days with a positive mean value only (gammaGamma.ts): free or refunded
  // repeats say nothing about spend, and with none the fit would stay at its starting point (p = q = v = 1, an
  // expected order value of 1/0).
  let payingRepeatCustomers = 0;
  for (let i = 0; i < spend.x.length; i++) if (spend.x[i] > 0 && spend.mean[i] > 0) payingRepeatCustomers++;
  if (payingRepeatCustomers < CLV_THRESHOLDS.repeatCustomers) {
    return refuseSpend('too_few_paying_repeat_customers', {
      id: 'refusal.tooFewPayingRepeatCustomers',
      params: { customers: payingRepeatCustomers, needed: CLV_THRESHOLDS.repeatCustomers },
    });
  }
  const gammaGamma = fitGammaGamma(spend);
  const spendProblem = gammaGammaProblem(gammaGamma);
  if (spendProblem) return refuseSpend(spendProblem.code, spendProblem.text);
  return {
    eligible: true,
    ...purchaseModel,
    gammaGamma: { ...gammaGamma.params, logLik: gammaGamma.logLikelihood },
    ...backTest,
  };
}

/**
 * A spend fit that did not settle, or whose population mean order value p·v/(q − 1) does not exist: E[1/ν] for
 * ν ~ Gamma(q, v) is finite only when q > 1 (Fader & Hardie 2013, eq. 4), so with q ≤ 1 a few huge repeat orders make
 * the average unbounded and one-time buyers' predicted spend comes out negative or infinite. Parameters running to a
 * bound are not refused here: p → ∞ (every order of a customer worth the same) and q, v → ∞ with q/v fixed (every
 * customer with the same spending rate) are the model's well-defined limits, whose expected values stay finite.
 */
export function gammaGammaProblem(fit: GammaGammaFit): Pick<ClvIneligible, 'code' | 'text'> | null {
  if (!Number.isFinite(fit.logLikelihood) || !fit.converged) {
    return { code: 'did_not_converge', text: { id: 'refusal.spendDidNotSettle' } };
  }
  if (!(fit.params.q > 1)) return { code: 'spend_too_uneven', text: { id: 'refusal.spendTooUneven' } };
  return null;
}

/** A fit that ran to a bound or did not converge is reported in words, never as precise-looking numbers. */
export function fitProblem(fit: BgNbdFit): Pick<ClvIneligible, 'code' | 'text'> | null {
  if (!Number.isFinite(fit.logLikelihood) || !fit.converged) {
    return { code: 'did_not_converge', text: { id: 'refusal.didNotSettle' } };
  }
  if (fit.atBound.includes('a') || fit.atBound.includes('b') || fit.params.b >= PARAMETER_BOUNDS.max / 10) {
    return { code: 'no_churn_signal', text: { id: 'refusal.noChurnSignal' } };
  }
  if (fit.atBound.length > 0) {
    return {
      code: 'did_not_converge',
      text: { id: 'refusal.parametersAtBound', params: { parameters: fit.atBound.join(', ') } },
    };
  }
  return null;
}
