/**
 * ln Γ(x) for x > 0 by the Lanczos approximation with g = 7 and nine coefficients (Lanczos 1964, coefficients by
 * P. Godfrey as used in Numerical Recipes 3rd ed. §6.1): relative error below 1e-15 over the positive reals, with
 * the reflection formula for x < 0.5.
 */
const G = 7;
const COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = COEFFICIENTS[0];
  for (let i = 1; i < G + 2; i++) sum += COEFFICIENTS[i] / (shifted + i);
  const t = shifted + G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}
