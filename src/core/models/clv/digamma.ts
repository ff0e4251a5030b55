/**
 * The digamma function ψ(x) = d/dx ln Γ(x) for x > 0, needed for the analytic gradients of the BG/NBD and
 * Gamma-Gamma log-likelihoods. Shifts x above 10 with the recurrence ψ(x) = ψ(x + 1) − 1/x, then uses the asymptotic
 * series ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz & Stegun 6.3.5 and 6.3.18), truncated after x⁻¹⁴ where
 * its error is below 1e-16 for x ≥ 10.
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma is implemented for x > 0, got ${x}`);
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inverseSquare = 1 / (x * x);
  // B₂/2, B₄/4, … B₁₄/14: 1/12, −1/120, 1/252, −1/240, 1/132, −691/32760, 1/12.
  const series =
    inverseSquare *
    (1 / 12 -
      inverseSquare *
        (1 / 120 -
          inverseSquare *
            (1 / 252 -
              inverseSquare *
                (1 / 240 - inverseSquare * (1 / 132 - inverseSquare * (691 / 32760 - inverseSquare / 12))))));
  return shift + Math.log(x) - 0.5 / x - series;
}
