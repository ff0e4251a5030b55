/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 ≤ z < 1, by its defining series
 * Σ (a)_k (b)_k / ((c)_k k!) z^k (Abramowitz & Stegun 15.1.1), summed until the terms stop mattering.
 *
 * The BG/NBD model needs it with a, b > 0 and z = t / (α + T + t) ∈ [0, 1), where the terms are positive when c > 0,
 * so the plain series has no cancellation; it only converges slowly as z → 1 (about log(ε)/log(z) terms). Fader,
 * Hardie & Lee (2005) printed E[X(78)] = 1.8576 from a series cut short; summed to convergence it is 1.8580.
 *
 * c = a + b + x − 1 is negative when a fitted a + b is below 1 and x = 0 (seen on a few hundred CDNOW lines). The
 * series still defines 2F1 there for |z| < 1 (A&S 15.1.1: c only must not be 0, −1, −2, …); its first terms change
 * sign, after which they keep one sign, so the tail bound is applied only once c + k is positive.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 is implemented for 0 ≤ z < 1, got z = ${z}`);
  if (!Number.isFinite(c) || (c <= 0 && Number.isInteger(c))) throw new RangeError(`2F1 is undefined at c = ${c}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10_000_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    // Once the ratio of successive terms is below 1 the tail is bounded by term·ratio/(1 − ratio).
    const ratio = (((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z;
    if (c + k + 1 > 0 && ratio < 1 && Math.abs(term * (ratio / (1 - ratio))) <= 1e-16 * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return sum;
  }
  return sum;
}
