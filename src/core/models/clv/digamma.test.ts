import { describe, expect, it } from 'vitest';
import { digamma } from './digamma';

// Reference values: ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2 (A&S 6.3.2, 6.3.3), ψ(n) = −γ + H(n−1) (A&S 6.3.2), and
// ψ(0.1) = −10.423754940411076 (A&S table 6.1 / DLMF 5.4).
const EULER_GAMMA = 0.5772156649015329;

describe('digamma', () => {
  it.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.LN2],
    [10, -EULER_GAMMA + 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 6 + 1 / 7 + 1 / 8 + 1 / 9],
    [0.1, -10.423754940411076],
  ])('ψ(%f) = %f', (x, expected) => {
    expect(Math.abs(digamma(x) - expected)).toBeLessThan(2e-14 * Math.max(1, Math.abs(expected)));
  });

  it('follows the recurrence ψ(x + 1) = ψ(x) + 1/x far from the shifted range', () => {
    for (const x of [7.25, 40.5, 1234.5]) expect(digamma(x + 1) - digamma(x)).toBeCloseTo(1 / x, 13);
  });

  it('refuses x ≤ 0', () => {
    expect(() => digamma(0)).toThrow(RangeError);
  });
});
