import { describe, expect, it } from 'vitest';
import { bfgs, bfgsFromApproximation, nelderMead } from './optimize';

// Rosenbrock's banana (minimum 0 at (1, 1)), the classic hard valley for both methods.
const rosenbrock = ([x, y]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
const rosenbrockGradient = ([x, y]: number[]) => [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)];

describe('optimisers', () => {
  it('BFGS finds the Rosenbrock minimum from (−1.2, 1) with few evaluations', () => {
    let evaluations = 0;
    const result = bfgs(
      (p) => {
        evaluations++;
        return { value: rosenbrock(p), gradient: rosenbrockGradient(p) };
      },
      [-1.2, 1],
    );
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(evaluations).toBeLessThan(200);
  });

  it('BFGS reports no convergence when it runs out of iterations', () => {
    const result = bfgs((p) => ({ value: rosenbrock(p), gradient: rosenbrockGradient(p) }), [-1.2, 1], {
      maxIterations: 3,
    });
    expect(result.converged).toBe(false);
  });

  it('Nelder–Mead finds the same minimum', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.point[0]).toBeCloseTo(1, 4);
    expect(result.point[1]).toBeCloseTo(1, 4);
  });

  it('from an approximation’s minimum, BFGS reaches the exact minimum in fewer exact evaluations', () => {
    // The approximation: Rosenbrock with its valley moved slightly (minimum at (1.01, 1.01)).
    const shifted = ([x, y]: number[]) => ({
      value: rosenbrock([x - 0.01, y - 0.01]),
      gradient: rosenbrockGradient([x - 0.01, y - 0.01]),
    });
    let exactEvaluations = 0;
    const exact = (p: number[]) => {
      exactEvaluations++;
      return { value: rosenbrock(p), gradient: rosenbrockGradient(p) };
    };
    const warm = bfgsFromApproximation(shifted, exact, [-1.2, 1])!;
    expect(warm.converged).toBe(true);
    expect(warm.point[0]).toBeCloseTo(1, 6);
    expect(warm.point[1]).toBeCloseTo(1, 6);
    const warmEvaluations = exactEvaluations;
    exactEvaluations = 0;
    bfgs(exact, [-1.2, 1]);
    expect(warmEvaluations).toBeLessThan(exactEvaluations / 2);
  });

  it('from an approximation that does not converge, gives up so the caller starts over', () => {
    const flat = () => ({ value: Number.NaN, gradient: [0, 0] });
    expect(bfgsFromApproximation(flat, flat, [0, 0])).toBeNull();
  });
});
