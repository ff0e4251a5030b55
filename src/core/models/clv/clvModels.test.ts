import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { shared } from '../../../../tests/fixtures/files';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import {
  conditionalExpectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityNoPurchase,
  unconditionalExpectedPurchases,
  type CustomerHistoryGroup,
} from './bgnbd';
import { calibrationSummary } from './calibrationSummary';
import { fitGammaGamma, spendColumns } from './gammaGamma';
import { backtest } from './backtest';

/** Relative closeness: "to 3 significant figures" with a margin for the published rounding. */
const close = (actual: number, expected: number, relative = 5e-4) =>
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(relative);

const PUBLISHED = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

function summaryFile(): CustomerHistoryGroup[] {
  const [, ...lines] = readFileSync(shared('cdnow_customers_summary.csv'), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [, x, tx, T] = line.split(',').map(Number);
    return { x, tx, T, count: 1 };
  });
}

describe('BG/NBD against Fader, Hardie & Lee (2005) on CDNOW', () => {
  it('fits r, alpha, a, b and the log-likelihood from the summary file', () => {
    const fit = fitBgNbd(summaryFile());
    close(fit.params.r, PUBLISHED.r);
    close(fit.params.alpha, PUBLISHED.alpha);
    close(fit.params.a, PUBLISHED.a, 1e-3);
    close(fit.params.b, PUBLISHED.b, 1e-3);
    close(fit.logLikelihood, -9582.43, 1e-5);
    expect(fit.atBound).toEqual([]);
  });

  it('reaches the same maximum when it starts from the merged groups, as it does above 5,000 groups', () => {
    const groups = summaryFile();
    const plain = fitBgNbd(groups);
    const twoStage = fitBgNbd(groups, { coarseStartAbove: 0 });
    for (const key of ['r', 'alpha', 'a', 'b'] as const) close(twoStage.params[key], plain.params[key], 1e-6);
    close(twoStage.params.r, PUBLISHED.r);
    close(twoStage.logLikelihood, -9582.43, 1e-5);
    expect(twoStage.converged).toBe(true);
  });

  it('reproduces the worked customer: x 2, t_x 30.43, T 38.86', () => {
    close(conditionalExpectedPurchases(PUBLISHED, 39, 2, 30.43, 38.86), 1.2259);
    close(probabilityAlive(PUBLISHED, 2, 30.43, 38.86), 0.72661, 2e-4);
    close(probabilityNoPurchase(PUBLISHED, 39, 2, 30.43, 38.86), 0.44539, 5e-4);
  });

  it.each([
    [1, 0.0532],
    [3, 0.1506],
    [32, 1.0437],
    [78, 1.858],
  ])('unconditional E[X(%i weeks)] = %f (summed to convergence)', (t, expected) => {
    close(unconditionalExpectedPurchases(PUBLISHED, t), expected, 1e-3);
  });
});

describe('calibration summary from raw CDNOW transactions', () => {
  let db: NodeExecutor;
  beforeAll(async () => {
    db = await NodeExecutor.open();
    await db.run(CANONICAL_SCHEMA_SQL);
    await db.run(`INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount, discount_amount, source_row)
      SELECT row_number() OVER (), t[1], strptime(t[3], '%Y%m%d'), CAST(t[5] AS DOUBLE), CAST(t[5] AS DOUBLE), 0, 0, row_number() OVER ()
      FROM (SELECT regexp_split_to_array(trim(line), '\\s+') AS t
            FROM read_csv('${shared('CDNOW_sample.txt')}', columns={'line': 'VARCHAR'}, header=false, delim='\x1f', quote='', escape=''))`);
  });
  afterAll(() => db.close());

  it('gives the published BG/NBD fit, 946 repeat customers, the unrounded Gamma-Gamma fit and the holdout', async () => {
    const rows = await calibrationSummary(db, '1997-09-30', 'week', '1998-06-30');
    expect(rows).toHaveLength(2357);
    const repeat = rows.filter((r) => r.x > 0);
    expect(repeat).toHaveLength(946);
    const customer1 = rows.find((r) => r.customer_id === '00004')!;
    expect(customer1.x).toBe(2);
    close(customer1.t_x, 213 / 7, 1e-9);
    close(customer1.T, 272 / 7, 1e-9);

    const fit = fitBgNbd(rows.map((r) => ({ x: r.x, tx: r.t_x, T: r.T, count: 1 })));
    close(fit.params.r, PUBLISHED.r, 1e-3);
    close(fit.params.alpha, PUBLISHED.alpha, 1e-3);
    close(fit.logLikelihood, -9582.43, 1e-4);

    const spend = fitGammaGamma(spendColumns(repeat.map((r) => ({ x: r.x, mean: r.monetary!, count: 1 }))));
    close(spend.params.p, 6.2496, 1e-3);
    close(spend.params.q, 3.7442, 1e-3);
    close(spend.params.v, 15.4435, 1e-3);
    // Started from a systematic sample (every 5th repeat customer), as above 20,000 of them: the same maximum.
    const sampled = fitGammaGamma(spendColumns(repeat.map((r) => ({ x: r.x, mean: r.monetary!, count: 1 }))), {
      sampledStartAbove: 400,
    });
    for (const key of ['p', 'q', 'v'] as const) close(sampled.params[key], spend.params[key], 1e-6);

    // Holdout: actual repeat purchase days counted independently from the raw file.
    const days = new Map<string, Set<string>>();
    for (const line of readFileSync(shared('CDNOW_sample.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim())) {
      const t = line.trim().split(/\s+/);
      if (!days.has(t[0])) days.set(t[0], new Set());
      days.get(t[0])!.add(t[2]);
    }
    const actual = [...days.values()].reduce((s, d) => s + [...d].filter((day) => day > '19970930').length, 0);
    expect(actual).toBe(1882);
    expect(rows.reduce((s, r) => s + r.holdout, 0)).toBe(1882);
    const predicted = rows.reduce((s, r) => s + conditionalExpectedPurchases(PUBLISHED, 39, r.x, r.t_x, r.T), 0);
    close(predicted, 1653.4, 2e-3);

    const test = await backtest(db, PUBLISHED, '1997-09-30', '1998-06-30');
    expect(test.actualRepeatPurchases).toBe(1882);
    close(test.predictedRepeatPurchases, 1653.4, 2e-3);
    // Every repeat purchase day over the 78 weeks, counted from the raw file: purchase days minus first days.
    const allRepeatDays = [...days.values()].reduce((s, d) => s + d.size - 1, 0);
    expect(test.weekly.at(-1)!.actual).toBe(allRepeatDays);
    expect(test.byFrequency.reduce((s, b) => s + b.customers, 0)).toBe(2357);
  });
});

describe('Gamma-Gamma on the rounded summary', () => {
  it('fits p, q, v as published (946 repeat customers)', () => {
    const [, ...lines] = readFileSync(shared('cdnow_customers_summary_with_transactions.csv'), 'utf8')
      .trim()
      .split(/\r?\n/);
    const groups = lines
      .map((l) => l.split(',').map(Number))
      .filter(([, x]) => x > 0)
      .map(([, x, , , zbar]) => ({ x, mean: zbar, count: 1 }));
    expect(groups).toHaveLength(946);
    const fit = fitGammaGamma(spendColumns(groups));
    close(fit.params.p, 6.2488, 1e-3);
    close(fit.params.q, 3.7446, 1e-3);
    close(fit.params.v, 15.4477, 1e-3);
  });
});

describe('BG/NBD purchase-count distribution', () => {
  it('P(X(t) = x) sums to one over x and its mean is E[X(t)]', async () => {
    const { probabilityOfPurchases } = await import('./backtest');
    let total = 0;
    let mean = 0;
    for (let x = 0; x < 400; x++) {
      const p = probabilityOfPurchases(PUBLISHED, x, 39);
      total += p;
      mean += x * p;
    }
    close(total, 1, 1e-8);
    close(mean, unconditionalExpectedPurchases(PUBLISHED, 39), 1e-6);
  });
});

describe('grouped likelihoods', () => {
  it('the cached BG/NBD sum equals the per-customer likelihood summed', async () => {
    const { bgnbdLogLikelihood, totalLogLikelihood } = await import('./bgnbd');
    const groups = summaryFile().slice(0, 300);
    const direct = groups.reduce((s, g) => s + bgnbdLogLikelihood(PUBLISHED, g.x, g.tx, g.T), 0);
    close(totalLogLikelihood(PUBLISHED, groups), direct, 1e-12);
  });
});
