import { logGamma } from './logGamma';
import { digamma } from './digamma';
import { bfgs, bfgsFromApproximation, nelderMead, type ValueAndGradient } from './optimize';

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

/** Repeat customers (or groups of them) as columns: repeat transactions, their mean value, how many customers. */
export interface SpendColumns {
  x: Float64Array | Int32Array;
  mean: Float64Array;
  /** Customers per entry; without it, each entry is one customer. */
  count?: Float64Array;
}

/** SpendGroup objects as columns. */
export function spendColumns(groups: SpendGroup[]): SpendColumns {
  return {
    x: Float64Array.from(groups, (g) => g.x),
    mean: Float64Array.from(groups, (g) => g.mean),
    count: Float64Array.from(groups, (g) => g.count),
  };
}

/**
 * −Σ count · ln f(m̄ | x) as a function of (ln p, ln q, ln v), with its analytic gradient, over the entries with
 * x > 0 and m̄ > 0. Σ count·ln m̄ per x is data only, and the ln Γ and ψ terms are computed once per distinct x, so
 * an evaluation costs one logarithm per entry. Derivatives of eq. (3):
 *   ∂/∂p = x [ψ(px+q) − ψ(px) + ln x + ln m̄ − ln(x m̄ + v)]
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln v − ln(x m̄ + v)
 *   ∂/∂v = q/v − (px+q)/(x m̄ + v)
 * and ∂/∂ln θ = θ ∂/∂θ.
 */
export function gammaGammaObjective(spend: SpendColumns): ValueAndGradient {
  // Packed in plain loops into arrays of the usable entries' size: a million customers make a few hundred thousand.
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  const countByX: number[] = [];
  const logMeanByX: number[] = [];
  let usable = 0;
  for (let k = 0; k < spend.x.length; k++) if (spend.x[k] > 0 && spend.mean[k] > 0) usable++;
  const gi = new Int32Array(usable);
  const spent = new Float64Array(usable);
  const gn = new Float64Array(usable);
  let used = 0;
  for (let k = 0; k < spend.x.length; k++) {
    const x = spend.x[k];
    const mean = spend.mean[k];
    if (!(x > 0 && mean > 0)) continue;
    let i = xIndex.get(x);
    if (i === undefined) {
      i = xs.length;
      xIndex.set(x, i);
      xs.push(x);
      countByX.push(0);
      logMeanByX.push(0);
    }
    const count = spend.count ? spend.count[k] : 1;
    countByX[i] += count;
    logMeanByX[i] += count * Math.log(mean);
    gi[used] = i;
    spent[used] = x * mean;
    gn[used] = count;
    used++;
  }
  const total = countByX.reduce((s, c) => s + c, 0);
  // Per x, per evaluation: Σ count·ln(x m̄ + v) and Σ count/(x m̄ + v).
  const logSpent = new Float64Array(xs.length);
  const inverseSpent = new Float64Array(xs.length);
  return (w) => {
    if (w.some((x) => Math.abs(x) > 12)) return { value: Infinity, gradient: [0, 0, 0] };
    const [p, q, v] = w.map(Math.exp);
    logSpent.fill(0);
    inverseSpent.fill(0);
    for (let k = 0; k < used; k++) {
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

/** Above this many usable entries, the fit first finds the maximum on a systematic sample (fitGammaGamma). */
export const SAMPLED_START_ABOVE = 20_000;

/**
 * Every k-th usable entry (x > 0, m̄ > 0), its count multiplied by k, with k chosen to keep about half the threshold
 * of them: the likelihood of the whole on a sample of the same total weight, whose maximum lies close to the whole's.
 */
function systematicSample(spend: SpendColumns, usable: number, threshold: number): SpendColumns {
  const every = Math.ceil(usable / Math.max(1, threshold / 2));
  const x: number[] = [];
  const mean: number[] = [];
  const count: number[] = [];
  let seen = 0;
  for (let k = 0; k < spend.x.length; k++) {
    if (!(spend.x[k] > 0 && spend.mean[k] > 0) || seen++ % every !== 0) continue;
    x.push(spend.x[k]);
    mean.push(spend.mean[k]);
    count.push((spend.count ? spend.count[k] : 1) * every);
  }
  return { x: Float64Array.from(x), mean: Float64Array.from(mean), count: Float64Array.from(count) };
}

/**
 * Maximum-likelihood fit: BFGS with the analytic gradient, Nelder–Mead if it does not converge (as fitBgNbd). Above
 * SAMPLED_START_ABOVE usable entries BFGS starts from the maximum on a systematic sample and its curvature: on a
 * million customers five full evaluations instead of twenty-two, to the same maximum.
 */
export function fitGammaGamma(
  spend: SpendColumns,
  { sampledStartAbove = SAMPLED_START_ABOVE }: { sampledStartAbove?: number } = {},
): GammaGammaFit {
  const toParams = (w: number[]) => ({ p: Math.exp(w[0]), q: Math.exp(w[1]), v: Math.exp(w[2]) });
  const objective = gammaGammaObjective(spend);
  const value = (w: number[]) => objective(w).value;
  let weighted = 0;
  let customers = 0;
  let usable = 0;
  for (let k = 0; k < spend.x.length; k++) {
    if (!(spend.x[k] > 0 && spend.mean[k] > 0)) continue;
    const count = spend.count ? spend.count[k] : 1;
    weighted += spend.mean[k] * count;
    customers += count;
    usable++;
  }
  const start = [0, 0, Math.log(Math.max(1, weighted / Math.max(1, customers)))];
  let result =
    usable > sampledStartAbove
      ? bfgsFromApproximation(gammaGammaObjective(systematicSample(spend, usable, sampledStartAbove)), objective, start)
      : null;
  result ??= bfgs(objective, start);
  if (!result.converged) result = nelderMead(value, start, { step: 1 });
  return { params: toParams(result.point), logLikelihood: -result.value, converged: result.converged };
}

/** E[M | p, q, v, x, m̄]: the expected average transaction value, Fader & Hardie (2013) eq. (5). */
export function conditionalExpectedOrderValue({ p, q, v }: GammaGammaParameters, x: number, mean: number): number {
  return (p * (v + x * mean)) / (p * x + q - 1);
}
