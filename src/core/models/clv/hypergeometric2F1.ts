/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 ≤ z < 1, by its defining series
 * Σ (a)_k (b)_k / ((c)_k k!) z^k (Abramowitz & Stegun 15.1.1), summed until the terms stop mattering.
 *
 * The BG/NBD model needs it with a, b, c > 0 and z = t / (α + T + t) ∈ [0, 1), where every term is positive, so the
 * plain series has no cancellation; it only converges slowly as z → 1 (about log(ε)/log(z) terms). Fader, Hardie &
 * Lee (2005) printed E[X(78)] = 1.8576 from a series cut short; summed to convergence it is 1.8580.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 is implemented for 0 ≤ z < 1, got z = ${z}`);
  if (!(c > 0)) throw new RangeError(`2F1 needs c > 0, got c = ${c}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10_000_000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
    // Once the ratio of successive terms is below 1 the tail is bounded by term·ratio/(1 − ratio).
    const ratio = (((a + k + 1) * (b + k + 1)) / ((c + k + 1) * (k + 2))) * z;
    if (ratio < 1 && Math.abs(term * (ratio / (1 - ratio))) <= 1e-16 * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return sum;
  }
  return sum;
}
