import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { fitBgNbd, type BgNbdParameters } from './bgnbd';
import { fitClv } from './fitClv';
import { Random } from '../../../../scripts/shop/random';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

async function load(orders: [string, string, number][]): Promise<void> {
  await db.run(CANONICAL_SCHEMA_SQL);
  for (const [i, [customer, day, amount]] of orders.entries()) {
    await db.all(
      `INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, source_row)
       VALUES (?, ?, CAST(? AS TIMESTAMP), ?, ?, 0, 0, ?)`,
      [String(i), customer, day, amount, amount, i],
    );
  }
}

describe('degenerate data gets a reason, not numbers', () => {
  it('one customer', async () => {
    await load([
      ['a', '2024-01-01', 10],
      ['a', '2024-03-01', 12],
    ]);
    expect(await fitClv(db, { calibrationEnd: '2024-06-30' })).toMatchObject({
      eligible: false,
      code: 'too_few_customers',
    });
  });

  it('everyone bought once, on one day', async () => {
    await load(Array.from({ length: 200 }, (_, i) => [`c${i}`, '2024-01-01', 10] as [string, string, number]));
    expect(await fitClv(db, { calibrationEnd: '2024-01-01' })).toMatchObject({
      eligible: false,
      code: 'too_few_repeat_customers',
    });
  });

  it('a history too short to show any rhythm', async () => {
    const orders = Array.from(
      { length: 200 },
      (_, i) => [`c${i % 100}`, `2024-01-${String(1 + (i % 29)).padStart(2, '0')}`, 10] as [string, string, number],
    );
    await load(orders);
    expect(await fitClv(db, { calibrationEnd: '2024-01-31' })).toMatchObject({
      eligible: false,
      code: 'history_too_short',
    });
  });

  it('nobody ever churns: every customer buys every week', async () => {
    const orders: [string, string, number][] = [];
    for (let c = 0; c < 120; c++) {
      for (let w = 0; w < 30; w++)
        orders.push([`c${c}`, new Date(Date.UTC(2024, 0, 1 + w * 7 + (c % 7))).toISOString().slice(0, 10), 20]);
    }
    await load(orders);
    const result = await fitClv(db, { calibrationEnd: '2024-08-01' });
    expect(result).toMatchObject({ eligible: false, code: 'no_churn_signal' });
  });
});

describe('synthetic population', () => {
  it('recovers known BG/NBD parameters within sampling error', () => {
    // Simulate the BG/NBD story itself (FHL 2005 §2): λ ~ Gamma(r, α), p ~ Beta(a, b), Poisson purchases while
    // alive, dropout with probability p after each purchase. 20,000 customers observed for 52 weeks.
    const truth: BgNbdParameters = { r: 0.5, alpha: 5, a: 0.8, b: 2.5 };
    const random = new Random(7);
    const gamma = (shape: number): number => {
      // Marsaglia & Tsang (2000), with the shape < 1 boost.
      if (shape < 1) return gamma(shape + 1) * Math.pow(random.next(), 1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const z = random.normal();
        const v = (1 + c * z) ** 3;
        if (v > 0 && Math.log(random.next()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    const groups = new Map<string, { x: number; tx: number; T: number; count: number }>();
    for (let i = 0; i < 20_000; i++) {
      const lambda = gamma(truth.r) / truth.alpha;
      const g1 = gamma(truth.a);
      const p = g1 / (g1 + gamma(truth.b));
      const T = 52;
      let t = 0;
      let x = 0;
      let tx = 0;
      for (;;) {
        t += random.exponential(1 / lambda);
        if (t > T) break;
        x++;
        tx = t;
        if (random.chance(p)) break;
      }
      const key = `${x},${tx.toFixed(1)}`;
      const group = groups.get(key) ?? { x, tx: Number(tx.toFixed(1)), T, count: 0 };
      group.count++;
      groups.set(key, group);
    }
    const fit = fitBgNbd([...groups.values()]);
    // Tolerances: roughly three standard errors at this sample size (estimated from repeated runs with other seeds).
    expect(fit.params.r).toBeGreaterThan(truth.r * 0.85);
    expect(fit.params.r).toBeLessThan(truth.r * 1.15);
    expect(fit.params.alpha).toBeGreaterThan(truth.alpha * 0.75);
    expect(fit.params.alpha).toBeLessThan(truth.alpha * 1.25);
    expect(fit.params.a).toBeGreaterThan(truth.a * 0.7);
    expect(fit.params.a).toBeLessThan(truth.a * 1.3);
    expect(fit.params.b).toBeGreaterThan(truth.b * 0.6);
    expect(fit.params.b).toBeLessThan(truth.b * 1.4);
  });
});
