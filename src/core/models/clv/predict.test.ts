import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../../cli/nodeSource';
import { shared } from '../../../../tests/fixtures/files';
import { importFile } from '../../ingest/importFile';
import { analyzeCustomers } from '../analyzeCustomers';
import { predictCustomers, predictWithFit } from './predict';
import { findAttribute } from '../../segments/attributes';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
  const outcome = await importFile(db, new NodeFileSource(shared('CDNOW_sample.txt')));
  expect(outcome.ok).toBe(true);
});
afterAll(() => db.close());

describe('per-customer predictions on CDNOW', () => {
  it('scores the worked customer as the paper does and puts every customer in one tier of each kind', async () => {
    // As of 1997-10-01 the calibration ends 1997-09-30, the paper's; customer 00004 is its x=2, t_x=30.43, T=38.86.
    await analyzeCustomers(db, { asOf: '1997-10-01' });
    const result = await predictCustomers(db, '1997-10-01');
    const [row] = await db.all<{ p_alive: number; orders: number }>(
      `SELECT p_alive, expected_orders_365d AS orders FROM customer_clv_tiers WHERE customer_id = '00004'`,
    );
    expect(Math.abs(row.p_alive - 0.72661) / 0.72661).toBeLessThan(2e-3);
    // If still active, the next purchase is expected (α + T)/(r + x − 1) days after the calibration end.
    const [next] = await db.all<{ date: string | null }>(
      `SELECT expected_next_order_date AS date FROM customer_clv_tiers WHERE customer_id = '00004'`,
    );
    expect(next.date! > '1997-09-30').toBe(true);
    for (const tier of [result.clvTier, result.likelihoodTier, result.predictedSpendTier]) {
      expect(tier).not.toHaveProperty('eligible', false);
      const counts = Object.entries(tier)
        .filter(([key]) => key !== 'cutoffs')
        .map(([, n]) => n as number);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(2357);
    }
    // The counts and ranges computed in memory are what the view's CASEs give, tier for tier, under the same names —
    // the names the segment language takes (`clv_tier = 'High'`), so a query finds the customers the counts promise.
    for (const [column, measure, tier] of [
      ['clv_tier', 'predicted_clv', result.clvTier],
      ['likelihood_tier', 'likelihood_to_buy_again', result.likelihoodTier],
      ['predicted_spend_tier', 'predicted_spend_12m', result.predictedSpendTier],
    ] as const) {
      const rows = await db.all<{ level: string; n: number; low: number; high: number }>(
        `SELECT ${column} AS level, count(*) AS n, min(${measure}) AS low, max(${measure}) AS high
         FROM customer_clv_tiers GROUP BY 1`,
      );
      const shown = tier as unknown as Record<string, number> & {
        cutoffs: Record<string, { min: number; max: number }>;
      };
      for (const row of rows) {
        expect(shown[row.level]).toBe(row.n);
        expect(shown.cutoffs[row.level]).toEqual({ min: row.low, max: row.high });
      }
      expect(rows.map((row) => row.level).sort()).toEqual([...findAttribute(column)!.values!].sort());
    }
    const [bounds] = await db.all<{ bad: number }>(
      `SELECT count(*) FILTER (WHERE NOT (p_alive BETWEEN 0 AND 1) OR NOT (likelihood_to_buy_again BETWEEN 0 AND 1)
         OR NOT isfinite(predicted_clv) OR expected_orders_365d < 0) AS bad FROM customer_clv_tiers`,
    );
    expect(bounds.bad).toBe(0);
  });

  it('draws the fitted purchase-count distribution against the data', async () => {
    await analyzeCustomers(db, { asOf: '1997-10-01' });
    const result = await predictWithFit(db, '1997-10-01');
    const actual = result.fitCheck.reduce((s, b) => s + b.actual, 0);
    const expected = result.fitCheck.reduce((s, b) => s + b.expected, 0);
    expect(actual).toBe(2357);
    expect(Math.abs(expected - 2357)).toBeLessThan(1e-6);
    // FHL 2005 Figure 1: 1,411 of the 2,357 customers made no repeat purchase in the calibration period.
    expect(result.fitCheck[0].actual).toBe(2357 - 946);
  });

  it('withholds every predicted tier with the reason when the model is not eligible', async () => {
    await analyzeCustomers(db, { asOf: '1997-01-03' });
    const result = await predictCustomers(db, '1997-01-03');
    expect(result.clvTier).toMatchObject({ eligible: false, reason: expect.stringMatching(/customers/) });
    expect(result.predictedSpendTier).toMatchObject({ eligible: false });
  });

  it('refuses to predict from customers built for another as-of date', async () => {
    await analyzeCustomers(db, { asOf: '1997-10-01' });
    await expect(predictCustomers(db, '1998-01-01')).rejects.toThrow('customers are as of 1997-10-01, not 1998-01-01');
  });
});
