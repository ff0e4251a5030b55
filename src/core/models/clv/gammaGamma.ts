import { logGamma } from './logGamma';
import { digamma } from './digamma';
import { bfgs, nelderMead, type ValueAndGradient } from './optimize';

/**
 * The Gamma-Gamma model of monetary value: Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for
 * Customer Base Analysis", JMR 42(4), and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value". A
 * customer's transaction values are Gamma(p, ν) around her own mean, with ν ~ Gamma(q, γ) across customers; fitted on
 * repeat customers only (x > 0) from x and the mean value of their repeat transactions.
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

export interface SpendGroup {
  /** Number of repeat transactions. */
  x: number;
  /** Mean value of those transactions. */
  mean: number;
  count: number;
}

/**
 * ln f(m̄ | x; p, q, γ) (Fader & Hardie 2013, eq. 3, with γ written v as in lifetimes):
 * lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(x m̄ + v).
 */
export function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParameters, x: number, mean: number): number {
  return (
    logGamma(p * x + q) -
    logGamma(p * x) -
    logGamma(q) +
    q * Math.log(v) +
    (p * x - 1) * Math.log(mean) +
    p * x * Math.log(x) -
    (p * x + q) * Math.log(x * mean + v)
  );
}

export interface GammaGammaFit {
  params: GammaGammaParameters;
  logLikelihood: number;
  converged: boolean;
}

/**
 * −Σ count · ln f(m̄ | x) as a function of (ln p, ln q, ln v), with its analytic gradient. Groups are packed into
 * typed arrays once; Σ count·ln m̄ per x is data only, and the ln Γ and ψ terms are computed once per distinct x, so
 * an evaluation costs one logarithm per (x, m̄) group. Derivatives of eq. (3):
 *   ∂/∂p = x [ψ(px+q) − ψ(px) + ln x + ln m̄ − ln(x m̄ + v)]
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln v − ln(x m̄ + v)
 *   ∂/∂v = q/v − (px+q)/(x m̄ + v)
 * and ∂/∂ln θ = θ ∂/∂θ.
 */
export function gammaGammaObjective(groups: SpendGroup[]): ValueAndGradient {
  const usable = groups.filter((g) => g.x > 0 && g.mean > 0);
  const xs = [...new Set(usable.map((g) => g.x))].sort((a, b) => a - b);
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const countByX = new Float64Array(xs.length);
  const logMeanByX = new Float64Array(xs.length);
  for (const g of usable) {
    countByX[xIndex.get(g.x)!] += g.count;
    logMeanByX[xIndex.get(g.x)!] += g.count * Math.log(g.mean);
  }
  const gx = Float64Array.from(usable, (g) => g.x);
  const gi = Int32Array.from(usable, (g) => xIndex.get(g.x)!);
  const spent = Float64Array.from(usable, (g) => g.x * g.mean);
  const gn = Float64Array.from(usable, (g) => g.count);
  const total = countByX.reduce((s, c) => s + c, 0);
  // Per x, per evaluation: Σ count·ln(x m̄ + v) and Σ count/(x m̄ + v).
  const logSpent = new Float64Array(xs.length);
  const inverseSpent = new Float64Array(xs.length);
  return (w) => {
    if (w.some((x) => Math.abs(x) > 12)) return { value: Infinity, gradient: [0, 0, 0] };
    const [p, q, v] = w.map(Math.exp);
    logSpent.fill(0);
    inverseSpent.fill(0);
    for (let k = 0; k < gx.length; k++) {
      const denominator = spent[k] + v;
      logSpent[gi[k]] += gn[k] * Math.log(denominator);
      inverseSpent[gi[k]] += gn[k] / denominator;
    }
    const psiQ = digamma(q);
    let ll = total * (q * Math.log(v) - logGamma(q));
    let dp = 0;
    let dq = total * (Math.log(v) - psiQ);
    let dv = (total * q) / v;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const n = countByX[i];
      const psiSum = digamma(p * x + q);
      ll +=
        n * (logGamma(p * x + q) - logGamma(p * x) + p * x * Math.log(x)) +
        (p * x - 1) * logMeanByX[i] -
        (p * x + q) * logSpent[i];
      dp += x * (n * (psiSum - digamma(p * x) + Math.log(x)) + logMeanByX[i] - logSpent[i]);
      dq += n * psiSum - logSpent[i];
      dv -= (p * x + q) * inverseSpent[i];
    }
    return { value: -ll, gradient: [-p * dp, -q * dq, -v * dv] };
  };
}

/** Maximum-likelihood fit: BFGS with the analytic gradient, Nelder–Mead if it does not converge (as fitBgNbd). */
export function fitGammaGamma(groups: SpendGroup[]): GammaGammaFit {
  const usable = groups.filter((g) => g.x > 0 && g.mean > 0);
  const toParams = (w: number[]) => ({ p: Math.exp(w[0]), q: Math.exp(w[1]), v: Math.exp(w[2]) });
  const objective = gammaGammaObjective(usable);
  const value = (w: number[]) => objective(w).value;
  const meanSpend =
    usable.reduce((s, g) => s + g.mean * g.count, 0) /
    Math.max(
      1,
      usable.reduce((s, g) => s + g.count, 0),
    );
  const start = [0, 0, Math.log(Math.max(1, meanSpend))];
  let result = bfgs(objective, start);
  if (!result.converged) result = nelderMead(value, start, { step: 1 });
  return { params: toParams(result.point), logLikelihood: -result.value, converged: result.converged };
}

/** E[M | p, q, v, x, m̄]: the expected average transaction value, Fader & Hardie (2013) eq. (5). */
export function conditionalExpectedOrderValue({ p, q, v }: GammaGammaParameters, x: number, mean: number): number {
  return (p * (v + x * mean)) / (p * x + q - 1);
}
