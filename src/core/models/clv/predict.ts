import type { SqlExecutor } from '../../sql/executor';
import { CALIBRATION_TABLE, dropCalibration, fitClv, type ClvFitResult } from './fitClv';
import { probabilityOfPurchases } from './backtest';
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
  return (await predictWithFit(db, asOf, options)).tiers;
}

export interface PredictionResult {
  fit: ClvFitResult | { eligible: false; reason: string; customers: number; repeatCustomers: number };
  tiers: PredictionSummary;
  /** Customers by repeat purchases in the calibration period (0…6, 7+): the data against the fitted model. */
  fitCheck: { x: string; actual: number; expected: number }[];
  calibrationEnd: string;
  /** Time spent fitting (calibration table, groups, both models) and scoring every customer (with the tiers). */
  timings: { fitMs: number; scoreMs: number };
}

/** The fit, the tiers and the model-versus-data check the fit panel shows. */
export async function predictWithFit(
  db: SqlExecutor,
  asOf: string,
  options: ClvScoringOptions = {},
): Promise<PredictionResult> {
  const calibrationEnd = new Date(Date.parse(`${asOf}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const started = performance.now();
  try {
    const fit = await fitClv(db, { calibrationEnd, timeUnit: 'week' });
    const fitMs = performance.now() - started;
    if (!fit.eligible) {
      const refused = { eligible: false as const, reason: fit.reason };
      const tiers = { clvTier: refused, likelihoodTier: refused, predictedSpendTier: refused };
      return { fit, tiers, fitCheck: [], calibrationEnd, timings: { fitMs, scoreMs: 0 } };
    }
    await scoreCustomerClv(db, fit, calibrationEnd, options);
    const tiers = await clvTiers(db);
    const timings = { fitMs, scoreMs: performance.now() - started - fitMs };
    return { fit, tiers, fitCheck: await fitCheck(db, fit), calibrationEnd, timings };
  } finally {
    await dropCalibration(db);
  }
}

/** Reads the calibration table the fit just wrote (same calibration end, in weeks). */
async function fitCheck(db: SqlExecutor, fit: ClvFitResult): Promise<PredictionResult['fitCheck']> {
  const rows = await db.all<{ x: number; T: number; n: number }>(
    `SELECT x, "T", count(*) AS n FROM ${CALIBRATION_TABLE} GROUP BY 1, 2`,
  );
  const params = { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b };
  const buckets = Array.from({ length: 8 }, (_, i) => ({ x: i === 7 ? '7+' : String(i), actual: 0, expected: 0 }));
  const byT = new Map<number, number>();
  for (const row of rows) {
    buckets[Math.min(7, row.x)].actual += row.n;
    byT.set(row.T, (byT.get(row.T) ?? 0) + row.n);
  }
  // Each customer was observed for her own T: expected counts sum P(X(T) = x) over customers (FHL 2005, Figure 1).
  for (const [T, n] of byT) {
    let below = 0;
    for (let x = 0; x < 7; x++) {
      const p = probabilityOfPurchases(params, x, T);
      buckets[x].expected += n * p;
      below += p;
    }
    buckets[7].expected += n * Math.max(0, 1 - below);
  }
  return buckets;
}
