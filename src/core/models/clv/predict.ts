import type { SqlExecutor } from '../../sql/executor';
import type { CustomerMeasures } from '../customerMeasures';
import type { RefusalText } from '../refusalText';
import { fitCalibration, hasPurchaseModel, type ClvFit, type PurchaseModelFit } from './fitClv';
import { probabilityOfPurchases } from './backtest';
import { calibrationFromCustomers, type CalibrationColumns } from './calibrationColumns';
import { DAYS_PER_UNIT } from './calibrationSummary';
import {
  clvTiers,
  dropCustomerClv,
  nextOrderHorizonYears,
  predictCustomerValues,
  storeCustomerClv,
  type ClvScoringOptions,
} from './scoreCustomers';

/** A tier withheld: why, in English (`reason`) and as a sentence to word in the reader's language (`text`). */
export type Ineligible = { eligible: false; reason: string; text: RefusalText };

/** The fields `cli analyze --json` adds for issue 5: tier counts, or `eligible: false` with the reason. */
export interface PredictionSummary {
  clvTier: Awaited<ReturnType<typeof clvTiers>>['clvTier'] | Ineligible;
  likelihoodTier: Awaited<ReturnType<typeof clvTiers>>['likelihoodTier'] | Ineligible;
  predictedSpendTier: Awaited<ReturnType<typeof clvTiers>>['predictedSpendTier'] | Ineligible;
}

/**
 * Fits the models on everything before the as-of date (calibration end = the day before it, in weeks as the
 * literature does) and scores every customer into `customer_clv` / `customer_clv_tiers`.
 */
export async function predictCustomers(
  db: SqlExecutor,
  asOf: string,
  options: ClvScoringOptions = {},
  measures?: CustomerMeasures,
): Promise<PredictionSummary> {
  return (await predictWithFit(db, asOf, options, measures)).tiers;
}

export interface PredictionResult {
  fit: ClvFit;
  tiers: PredictionSummary;
  /** Customers by repeat purchases in the calibration period (0…6, 7+): the data against the fitted model. */
  fitCheck: { x: string; actual: number; expected: number }[];
  calibrationEnd: string;
  /** Time spent fitting (calibration table, groups, both models) and scoring every customer (with the tiers). */
  timings: { fitMs: number; scoreMs: number };
}

/**
 * The fit, the tiers and the model-versus-data check the fit panel shows. Takes every customer's calibration summary
 * from `customers` (calibrationFromCustomers; from `measures` when the caller kept them from building it), fits, and
 * scores in memory; only the predictions go back to SQL.
 */
export async function predictWithFit(
  db: SqlExecutor,
  asOf: string,
  options: ClvScoringOptions = {},
  measures?: CustomerMeasures,
): Promise<PredictionResult> {
  const calibrationEnd = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const started = performance.now();
  await dropCustomerClv(db);
  const calibration = await calibrationFromCustomers(db, asOf, measures);
  const fit = fitCalibration(calibration, { calibrationEnd, timeUnit: 'week' });
  const fitMs = performance.now() - started;
  if (!hasPurchaseModel(fit)) {
    const refused = { eligible: false as const, reason: fit.reason, text: fit.text };
    const tiers = { clvTier: refused, likelihoodTier: refused, predictedSpendTier: refused };
    return { fit, tiers, fitCheck: [], calibrationEnd, timings: { fitMs, scoreMs: 0 } };
  }
  // A refused spend model withholds predicted spend and CLV, with its reason; the purchase model's figures and the
  // likelihood tier stand (they need BG/NBD only).
  const predictions = predictCustomerValues(fit, calibration, options);
  await storeCustomerClv(db, fit, predictions, calibrationEnd, nextOrderHorizonYears(calibration));
  const counted = await clvTiers(db, predictions, fit.eligible);
  const tiers: PredictionSummary = fit.eligible
    ? counted
    : {
        clvTier: { eligible: false, reason: fit.reason, text: fit.text },
        likelihoodTier: counted.likelihoodTier,
        predictedSpendTier: { eligible: false, reason: fit.reason, text: fit.text },
      };
  const timings = { fitMs, scoreMs: performance.now() - started - fitMs };
  return { fit, tiers, fitCheck: fitCheck(calibration, fit), calibrationEnd, timings };
}

/**
 * Customers by repeat purchases in the calibration period (0…6, 7+) against the fitted model: each customer was
 * observed for her own T, so expected counts sum P(X(T) = x) over customers (FHL 2005, Figure 1).
 */
function fitCheck(calibration: CalibrationColumns, fit: PurchaseModelFit): PredictionResult['fitCheck'] {
  const params = { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b };
  const perUnit = DAYS_PER_UNIT[fit.timeUnit];
  const buckets = Array.from({ length: 8 }, (_, i) => ({ x: i === 7 ? '7+' : String(i), actual: 0, expected: 0 }));
  const byT = new Map<number, number>();
  for (let i = 0; i < calibration.x.length; i++) {
    buckets[Math.min(7, calibration.x[i])].actual++;
    byT.set(calibration.T[i], (byT.get(calibration.T[i]) ?? 0) + 1);
  }
  for (const [days, n] of byT) {
    let below = 0;
    for (let x = 0; x < 7; x++) {
      const p = probabilityOfPurchases(params, x, days / perUnit);
      buckets[x].expected += n * p;
      below += p;
    }
    buckets[7].expected += n * Math.max(0, 1 - below);
  }
  return buckets;
}
