import { logGamma } from './logGamma';
import { nelderMead } from './optimize';

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

export function fitGammaGamma(groups: SpendGroup[]): GammaGammaFit {
  const usable = groups.filter((g) => g.x > 0 && g.mean > 0);
  const toParams = (w: number[]) => ({ p: Math.exp(w[0]), q: Math.exp(w[1]), v: Math.exp(w[2]) });
  const objective = (w: number[]) => {
    if (w.some((x) => Math.abs(x) > 12)) return Infinity;
    const { p, q, v } = toParams(w);
    // The ln Γ terms depend on x alone: once per distinct x per evaluation (same sum as gammaGammaLogLikelihood).
    const byX = new Map<number, number>();
    const constant = -logGamma(q) + q * Math.log(v);
    let sum = 0;
    for (const g of usable) {
      let gammaTerms = byX.get(g.x);
      if (gammaTerms === undefined) {
        gammaTerms = logGamma(p * g.x + q) - logGamma(p * g.x) + p * g.x * Math.log(g.x);
        byX.set(g.x, gammaTerms);
      }
      sum +=
        g.count *
        (constant + gammaTerms + (p * g.x - 1) * Math.log(g.mean) - (p * g.x + q) * Math.log(g.x * g.mean + v));
    }
    return -sum;
  };
  const meanSpend =
    usable.reduce((s, g) => s + g.mean * g.count, 0) /
    Math.max(
      1,
      usable.reduce((s, g) => s + g.count, 0),
    );
  const result = nelderMead(objective, [0, 0, Math.log(Math.max(1, meanSpend))], { step: 1 });
  return { params: toParams(result.point), logLikelihood: -result.value, converged: result.converged };
}

/** E[M | p, q, v, x, m̄]: the expected average transaction value, Fader & Hardie (2013) eq. (5). */
export function conditionalExpectedOrderValue({ p, q, v }: GammaGammaParameters, x: number, mean: number): number {
  return (p * (v + x * mean)) / (p * x + q - 1);
}
