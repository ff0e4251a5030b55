import { describe, expect, it } from 'vitest';
import { logGamma } from './logGamma';

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 9); // ln(170!)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13); // A&S table 6.1, Γ(0.1) = 9.513507699
  });
});
