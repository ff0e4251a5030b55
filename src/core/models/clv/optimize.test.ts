import { describe, expect, it } from 'vitest';
import { bfgs, nelderMead } from './optimize';

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
});
