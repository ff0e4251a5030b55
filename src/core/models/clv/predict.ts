import type { SqlExecutor } from '../../sql/executor';
import { fitClv, type ClvFitResult } from './fitClv';
import { probabilityOfPurchases } from './backtest';
import { calibrationSummarySql } from './calibrationSummary';
import { clvTiers, scoreCustomerClv, type ClvScoringOptions } from './scoreCustomers';

type Ineligible = { eligible: false; reason: string };

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
): Promise<PredictionSummary> {
  const calibrationEnd = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const fit = await fitClv(db, { calibrationEnd, timeUnit: 'week' });
  if (!fit.eligible) {
    const refused = { eligible: false as const, reason: fit.reason };
    return { clvTier: refused, likelihoodTier: refused, predictedSpendTier: refused };
  }
  await scoreCustomerClv(db, fit, calibrationEnd, options);
  return clvTiers(db);
}
