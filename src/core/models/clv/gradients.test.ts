import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shared } from '../../../../tests/fixtures/files';
import { bgnbdObjective, totalLogLikelihood } from './bgnbd';
import { gammaGammaLogLikelihood, gammaGammaObjective, spendColumns } from './gammaGamma';
import type { ValueAndGradient } from './optimize';

const cdnow = () => {
  const [, ...lines] = readFileSync(shared('cdnow_customers_summary_with_transactions.csv'), 'utf8').trim().split('\n');
  return lines.map((line) => {
    const [, x, tx, T, monetary] = line.split(',').map(Number);
    return { x, tx, T, monetary };
  });
};

/** Central differences: an independent check of the hand-derived gradients. */
function numericGradient(f: ValueAndGradient, at: number[]): number[] {
  return at.map((_, i) => {
    const h = 1e-5;
    const up = at.slice();
    const down = at.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up).value - f(down).value) / (2 * h);
  });
}

describe('analytic gradients of the fitting objectives', () => {
  const rows = cdnow();

  it('BG/NBD: value is −Σ LL of eq. (6) and the gradient matches central differences', () => {
    const groups = rows.map((r) => ({ x: r.x, tx: r.tx, T: r.T, count: 1 }));
    const objective = bgnbdObjective(groups);
    const at = [Math.log(0.3), Math.log(5), Math.log(0.6), Math.log(3)];
    const { value, gradient } = objective(at);
    expect(value).toBeCloseTo(-totalLogLikelihood({ r: 0.3, alpha: 5, a: 0.6, b: 3 }, groups), 6);
    numericGradient(objective, at).forEach((g, i) => expect(Math.abs(gradient[i] - g)).toBeLessThan(1e-4));
  });

  it('Gamma-Gamma: value is −Σ LL of eq. (3) and the gradient matches central differences', () => {
    const groups = rows.filter((r) => r.x > 0).map((r) => ({ x: r.x, mean: r.monetary, count: 1 }));
    const objective = gammaGammaObjective(spendColumns(groups));
    const at = [Math.log(5), Math.log(4), Math.log(12)];
    const { value, gradient } = objective(at);
    const direct = groups.reduce((s, g) => s + gammaGammaLogLikelihood({ p: 5, q: 4, v: 12 }, g.x, g.mean), 0);
    expect(value).toBeCloseTo(-direct, 6);
    numericGradient(objective, at).forEach((g, i) => expect(Math.abs(gradient[i] - g)).toBeLessThan(1e-4));
  });
});
