import { describe, expect, it } from 'vitest';
import { hypergeometric2F1 } from './hypergeometric2F1';

// Closed forms from Abramowitz & Stegun 15.1.3, 15.1.8 and 15.1.6.
describe('hypergeometric2F1', () => {
  it.each([0, 0.3, 0.9, 0.999])('2F1(1, 1; 2; z) = −ln(1 − z)/z at z = %f', (z) => {
    const expected = z === 0 ? 1 : -Math.log(1 - z) / z;
    expect(hypergeometric2F1(1, 1, 2, z)).toBeCloseTo(expected, 10);
  });
  it.each([0.2, 0.95])('2F1(a, b; b; z) = (1 − z)^−a at z = %f', (z) => {
    expect(hypergeometric2F1(0.7, 3.1, 3.1, z)).toBeCloseTo((1 - z) ** -0.7, 9);
  });
  it('2F1(1/2, 1/2; 3/2; z²) = arcsin(z)/z', () => {
    expect(hypergeometric2F1(0.5, 0.5, 1.5, 0.81)).toBeCloseTo(Math.asin(0.9) / 0.9, 10);
  });
  it.each([-0.4, -1.75])('2F1(a, b; b; z) = (1 − z)^−a with a negative c = b = %f (a fitted a + b below 1)', (b) => {
    // Before: refused any c ≤ 0, so the whole analysis of such a shop failed.
    expect(hypergeometric2F1(0.7, b, b, 0.6)).toBeCloseTo(0.4 ** -0.7, 9);
  });
  it('refuses c = 0, −1, −2, … where the series has a pole', () => {
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
  it('refuses z outside [0, 1)', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
  });
});
