/**
 * Nelder–Mead simplex minimiser (Nelder & Mead 1965, "A simplex method for function minimization", Computer
 * Journal 7(4)), with the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½) and restarts
 * from the best point until restarting no longer improves: a restart re-spreads a simplex that has collapsed.
 * Deterministic: same start, same answer.
 */
export interface MinimizeResult {
  point: number[];
  value: number;
  iterations: number;
  converged: boolean;
  /** BFGS only: its last approximation of the inverse Hessian, to warm-start a fit of a nearby objective. */
  inverseHessian?: number[][] | null;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  options: { step?: number; tolerance?: number; maxIterations?: number; restarts?: number } = {},
): MinimizeResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 20_000;
  let best = runSimplex(f, start, options.step ?? 0.5, tolerance, maxIterations);
  for (let i = 0; i < (options.restarts ?? 3); i++) {
    const again = runSimplex(f, best.point, 0.1, tolerance, maxIterations);
    const improved = again.value < best.value - Math.abs(best.value) * 1e-12;
    best = again.value <= best.value ? { ...again, iterations: best.iterations + again.iterations } : best;
    if (!improved) break;
  }
  return best;
}

function runSimplex(
  f: (x: number[]) => number,
  start: number[],
  step: number,
  tolerance: number,
  maxIterations: number,
): MinimizeResult {
  const n = start.length;
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [start, ...start.map((_, i) => start.map((x, j) => (i === j ? x + step : x)))].map((p) => ({
    p,
    v: value(p),
  }));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((a, b) => a.v - b.v);
    const [bestPoint, worst] = [simplex[0], simplex[n]];
    if (Math.abs(worst.v - bestPoint.v) <= tolerance * (Math.abs(bestPoint.v) + tolerance)) {
      return { point: bestPoint.p, value: bestPoint.v, iterations: iteration, converged: true };
    }
    const centroid = Array.from({ length: n }, (_, j) => simplex.slice(0, n).reduce((s, q) => s + q.p[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.p[j] - c));
    const reflected = { p: along(-1), v: 0 };
    reflected.v = value(reflected.p);
    if (reflected.v < bestPoint.v) {
      const expanded = { p: along(-2), v: 0 };
      expanded.v = value(expanded.p);
      simplex[n] = expanded.v < reflected.v ? expanded : reflected;
    } else if (reflected.v < simplex[n - 1].v) {
      simplex[n] = reflected;
    } else {
      const contracted = { p: reflected.v < worst.v ? along(-0.5) : along(0.5), v: 0 };
      contracted.v = value(contracted.p);
      if (contracted.v < Math.min(worst.v, reflected.v)) simplex[n] = contracted;
      else
        simplex = simplex
          .map((q, i) => (i === 0 ? q : { p: q.p.map((x, j) => bestPoint.p[j] + 0.5 * (x - bestPoint.p[j])), v: 0 }))
          .map((q, i) => (i === 0 ? q : { p: q.p, v: value(q.p) }));
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { point: simplex[0].p, value: simplex[0].v, iterations: maxIterations, converged: false };
}

/** An objective that returns its value and gradient together (they share most of their work). */
export type ValueAndGradient = (x: number[]) => { value: number; gradient: number[] };

/**
 * BFGS quasi-Newton minimiser with a backtracking (Armijo) line search: Nocedal & Wright, "Numerical Optimization"
 * (2nd ed., 2006), Algorithm 6.1 with the inverse-Hessian update (6.17), the initial scaling (6.20) and Algorithm
 * 3.1. Used to polish a Nelder–Mead answer with analytic gradients: it converges in a few dozen evaluations where
 * the simplex needs hundreds. Converged when the largest gradient component is at most `gradientTolerance` times
 * (1 + |f|), so the test scales with the number of customers summed into f; or, since a sum over a million
 * customers carries rounding noise in its gradient, when f no longer changes in its 14th digit while the gradient is
 * within a thousand times that tolerance — or when, under that gradient condition, a line search's trial point
 * differs from f only by rounding (within 1e-11 of f; measured about 1e-12 on a million customers' Gamma-Gamma sum),
 * where halving the step further only costs evaluations.
 */
export function bfgs(
  f: ValueAndGradient,
  start: number[],
  options: { gradientTolerance?: number; maxIterations?: number; inverseHessian?: number[][] | null } = {},
): MinimizeResult {
  const tolerance = options.gradientTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 200;
  const n = start.length;
  let x = start.slice();
  let { value, gradient } = f(x);
  if (!Number.isFinite(value)) return { point: x, value, iterations: 0, converged: false };
  let inverseHessian: number[][] | null = options.inverseHessian ?? null;
  const largest = (g: number[]) => Math.max(...g.map(Math.abs));
  const small = (g: number[], v: number) => largest(g) <= tolerance * (1 + Math.abs(v));
  const stalled = (before: number, after: number, g: number[]) =>
    before - after <= 1e-14 * Math.abs(after) && largest(g) <= 1000 * tolerance * (1 + Math.abs(after));
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    if (small(gradient, value)) return { point: x, value, iterations: iteration, converged: true, inverseHessian };
    const direction = inverseHessian
      ? inverseHessian.map((row) => -row.reduce((s, h, j) => s + h * gradient[j], 0))
      : gradient.map((g) => -g / Math.max(1, Math.max(...gradient.map(Math.abs))));
    const slope = direction.reduce((s, d, j) => s + d * gradient[j], 0);
    if (!(slope < 0)) {
      if (inverseHessian === null) break;
      inverseHessian = null; // Lost descent (rounding): restart from steepest descent.
      continue;
    }
    let step = 1;
    let next: { value: number; gradient: number[] } | null = null;
    let nextX = x;
    for (let tries = 0; tries < 60; tries++, step /= 2) {
      nextX = x.map((xi, j) => xi + step * direction[j]);
      const candidate = f(nextX);
      if (Number.isFinite(candidate.value) && candidate.value <= value + 1e-4 * step * slope) {
        next = candidate;
        break;
      }
      // At the minimum within rounding: shorter steps cannot show a decrease, only cost evaluations.
      if (Math.abs(candidate.value - value) <= 1e-11 * Math.abs(value) && stalled(value, value, gradient)) {
        return { point: x, value, iterations: iteration, converged: true, inverseHessian };
      }
    }
    // No decrease along a descent direction: at the limit of floating-point resolution.
    if (!next)
      return { point: x, value, iterations: iteration, converged: stalled(value, value, gradient), inverseHessian };
    const before = value;
    const s = nextX.map((xi, j) => xi - x[j]);
    const y = next.gradient.map((g, j) => g - gradient[j]);
    const sy = s.reduce((acc, si, j) => acc + si * y[j], 0);
    x = nextX;
    value = next.value;
    gradient = next.gradient;
    if (stalled(before, value, gradient))
      return { point: x, value, iterations: iteration + 1, converged: true, inverseHessian };
    if (sy <= 1e-12 * Math.sqrt(s.reduce((a, v) => a + v * v, 0) * y.reduce((a, v) => a + v * v, 0))) continue;
    if (inverseHessian === null) {
      const scale = sy / y.reduce((acc, v) => acc + v * v, 0);
      inverseHessian = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? scale : 0)));
    }
    // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded: H − ρ(s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.
    const rho = 1 / sy;
    const hy: number[] = inverseHessian.map((row) => row.reduce((acc, h, j) => acc + h * y[j], 0));
    const yhy: number = y.reduce((acc, yi, i) => acc + yi * hy[i], 0);
    inverseHessian = inverseHessian.map((row, i) =>
      row.map((h, j) => h - rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j]),
    );
  }
  return { point: x, value, iterations: iteration, converged: small(gradient, value), inverseHessian };
}

/**
 * Minimises `f` starting from the minimum of `approximation`, a cheaper sum over merged or sampled terms of the same
 * likelihood: BFGS on the approximation, then BFGS on `f` from its minimum, starting with its inverse-Hessian
 * approximation (the two share their curvature to within the merging). The answer is `f`'s minimum under bfgs's own
 * convergence test, reached in a handful of full evaluations instead of a few dozen. Null when either stage does not
 * converge: the caller then minimises `f` from `start` as usual.
 */
export function bfgsFromApproximation(
  approximation: ValueAndGradient,
  f: ValueAndGradient,
  start: number[],
): MinimizeResult | null {
  const rough = bfgs(approximation, start);
  if (!rough.converged) return null;
  const polished = bfgs(f, rough.point, { inverseHessian: rough.inverseHessian });
  return polished.converged ? polished : null;
}
