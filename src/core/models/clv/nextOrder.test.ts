import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import type { ClvFitResult } from './fitClv';
import { nextOrderHorizonYears, storeCustomerClv, type ClvPredictions } from './scoreCustomers';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/** A fit in days with r just above 1: a one-time buyer's mean wait (α + T)/(r − 1) runs to centuries. */
const fit: ClvFitResult = {
  eligible: true,
  customers: 3,
  repeatCustomers: 2,
  timeUnit: 'day',
  bgnbd: { r: 1.002, alpha: 30, a: 1, b: 3, logLik: -1 },
  gammaGamma: { p: 6, q: 4, v: 15, logLik: -1 },
};

async function nextOrders(horizonYears: number) {
  // x = purchase_days − 1 and T = customer_age_days − 1, as storeCustomerClv reads them from `customers`.
  await db.run(`CREATE OR REPLACE TABLE customers AS SELECT * FROM (VALUES
    ('A', 3, 301), ('B', 2, 501), ('C', 1, 301)) t(customer_id, purchase_days, customer_age_days)`);
  const zeros = () => new Float64Array(3);
  const predictions: ClvPredictions = {
    p_alive: zeros(),
    expected_orders_90d: zeros(),
    expected_orders_365d: zeros(),
    likelihood_to_buy_again: zeros(),
    expected_order_value: zeros(),
    predicted_spend_12m: zeros(),
    predicted_clv: zeros(),
  };
  await storeCustomerClv(db, fit, predictions, '2024-12-31', horizonYears);
  return db.all<{ customer_id: string; date: string | null; beyond: number | null }>(
    `SELECT customer_id, expected_next_order_date AS date, next_order_beyond_years AS beyond
     FROM customer_clv ORDER BY customer_id`,
  );
}

describe('expected next order date', () => {
  it('says "not expected within N years" instead of a date centuries ahead', async () => {
    // Mean wait (α + T)/(r + x − 1) days after 2024-12-31, by hand:
    // A: x 2, T 300: 330 / 2.002 = 164.8 → 165 days → 2025-06-14 (day 165 of 2025);
    // B: x 1, T 500: 530 / 1.002 = 528.9 → 529 days, past one year;
    // C: x 0, T 300: 330 / 0.002 = 165,000 days, about 452 years — before, the drawer showed a date in 2476.
    expect(await nextOrders(1)).toEqual([
      { customer_id: 'A', date: '2025-06-14', beyond: null },
      { customer_id: 'B', date: null, beyond: 1 },
      { customer_id: 'C', date: null, beyond: 1 },
    ]);
    // Within two years (730 days) B's 529 days is a date: 2024-12-31 + 365 = 2025-12-31, + 164 = 2026-06-13.
    expect(await nextOrders(2)).toEqual([
      { customer_id: 'A', date: '2025-06-14', beyond: null },
      { customer_id: 'B', date: '2026-06-13', beyond: null },
      { customer_id: 'C', date: null, beyond: 2 },
    ]);
  });

  it('takes the horizon from the longest history, in whole years, at least one', () => {
    expect(nextOrderHorizonYears({ T: Float64Array.of(100, 800, 20) })).toBe(2); // 800 days: 2 whole years
    expect(nextOrderHorizonYears({ T: Float64Array.of(100) })).toBe(1);
    expect(nextOrderHorizonYears({ T: Float64Array.of(1095) })).toBe(3);
  });
});
