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
