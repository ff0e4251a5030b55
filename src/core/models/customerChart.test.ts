import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { customerChartData, type ChartDimension } from './customerChart';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
  // A hand-made customer_model: four customers, the columns the chart reads.
  await db.run(`CREATE TABLE customer_model AS SELECT * FROM (VALUES
    ('a', 'Champions', 'HIGH', 'NL', DATE '2024-01-05', 5, 5, 5, 12, 600.0),
    ('b', 'Champions', 'MEDIUM', 'NL', DATE '2024-02-01', 5, 4, 4, 2, 100.0),
    ('c', 'Lost', 'LOW', NULL, DATE '2024-01-20', 1, 1, 1, 1, 20.0),
    ('d', 'At risk', 'MEDIUM', 'FR', DATE '2023-12-31', 2, 3, 3, 3, 90.0)
  ) t(customer_id, rfm_group, spend_tier, country, first_order_date, recency_score, frequency_score, monetary_score,
      orders, amount_spent)`);
});
afterAll(() => db.close());

describe('customer chart data', () => {
  it('revenue by RFM group and customers by tier, each in its own order', async () => {
    expect(await customerChartData(db, { dimension: 'rfm_group', measure: 'revenue' })).toEqual([
      { category: 'Champions', value: 700, customers: 2 },
      { category: 'At risk', value: 90, customers: 1 },
      { category: 'Lost', value: 20, customers: 1 },
    ]);
    // HIGH first although MEDIUM has the most customers.
    const tiers = await customerChartData(db, { dimension: 'spend_tier', measure: 'customers' });
    expect(tiers.map((r) => [r.category, r.value])).toEqual([
      ['HIGH', 1],
      ['MEDIUM', 2],
      ['LOW', 1],
    ]);
  });

  it('average order value by first-order month, in calendar order', async () => {
    expect(await customerChartData(db, { dimension: 'first_order_month', measure: 'average_order_value' })).toEqual([
      { category: '2023-12', value: 30, customers: 1 },
      { category: '2024-01', value: 620 / 13, customers: 2 },
      { category: '2024-02', value: 50, customers: 1 },
    ]);
  });

  it('orders buckets in numeric order, a missing country as a dash, repeat rate as a share', async () => {
    const orders = await customerChartData(db, { dimension: 'orders', measure: 'customers' });
    expect(orders.map((r) => r.category)).toEqual(['1', '2', '3', '10+']);
    const countries = await customerChartData(db, { dimension: 'country', measure: 'repeat_rate' });
    expect(countries).toEqual([
      { category: 'NL', value: 1, customers: 2 },
      { category: 'FR', value: 1, customers: 1 },
      { category: '—', value: 0, customers: 1 },
    ]);
  });

  it('refuses a dimension or measure outside the whitelist', async () => {
    await expect(
      customerChartData(db, { dimension: 'email; DROP' as ChartDimension, measure: 'revenue' }),
    ).rejects.toThrow(/unknown chart dimension/);
  });
});
