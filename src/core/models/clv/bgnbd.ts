import { hypergeometric2F1 } from './hypergeometric2F1';
import { logGamma } from './logGamma';
import { digamma } from './digamma';
import { bfgs, bfgsFromApproximation, nelderMead, type ValueAndGradient } from './optimize';
import { coarseHistoryGroups } from './historyGroups';

/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2): 275–284, with the algebra of Hardie's note "Implementing the BG/NBD
 * Model for Customer Base Analysis in Excel" (2005). While alive a customer buys at Poisson rate λ ~ Gamma(r, α);
 * after each purchase she drops out with probability p ~ Beta(a, b).
 *
 * Inputs per customer: x repeat purchases, t_x the time of the last one, T the time since the first, all in one
 * time unit, measured from the customer's first purchase.
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Customers with the same (x, t_x, T) share a likelihood term: fitting groups, not customers, keeps 1M cheap. */
export interface CustomerHistoryGroup {
  x: number;
  tx: number;
  T: number;
  count: number;
}

/** Log of the individual likelihood, eq. (6), as A1 + A2 + ln(e^A3 + δ(x>0) e^A4) computed with log-sum-exp. */
export function bgnbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, x: number, tx: number, T: number): number {
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const max = Math.max(a3, a4);
  return a1 + a2 + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
}

/**
 * Σ count · LL over groups. The ln Γ terms (A1 + A2 of eq. 6) depend on x alone, so they are computed once per
 * distinct x per evaluation: a shop has hundreds of distinct x but tens of thousands of (x, t_x, T) groups.
 */
export function totalLogLikelihood(params: BgNbdParameters, groups: CustomerHistoryGroup[]): number {
  const { r, alpha, a, b } = params;
  const constant = r * Math.log(alpha) - logGamma(r) + logGamma(a + b) - logGamma(b);
  const byX = new Map<number, number>();
  const logA = Math.log(a);
  let sum = 0;
  for (const g of groups) {
    let gammaTerms = byX.get(g.x);
    if (gammaTerms === undefined) {
      gammaTerms = logGamma(r + g.x) + logGamma(b + g.x) - logGamma(a + b + g.x);
      byX.set(g.x, gammaTerms);
    }
    const a3 = -(r + g.x) * Math.log(alpha + g.T);
    let ll = constant + gammaTerms + a3;
    if (g.x > 0) {
      const a4 = logA - Math.log(b + g.x - 1) - (r + g.x) * Math.log(alpha + g.tx);
      const max = Math.max(a3, a4);
      ll = constant + gammaTerms + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
    }
    sum += g.count * ll;
  }
  return sum;
}

/**
 * −Σ count · LL over the groups as a function of (ln r, ln α, ln a, ln b), with its analytic gradient, for the
 * optimisers. Same sum as totalLogLikelihood, arranged for speed on a million customers: groups are packed into
 * typed arrays once; one-time buyers (x = 0, t_x = 0) depend on T alone, so they collapse to one term per distinct
 * T; the ln Γ and ψ terms and ln(b + x − 1) are computed once per distinct x per evaluation.
 *
 * Derivatives of eq. (6): with w₃ = e^A3 / (e^A3 + δ e^A4) and w₄ = 1 − w₃,
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x)
 *   ∂/∂α = r/α − (r+x) (w₃/(α+T) + w₄/(α+t_x))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w₄/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w₄/(b+x−1)
 * and ∂/∂ln θ = θ ∂/∂θ.
 */
export function bgnbdObjective(groups: CustomerHistoryGroup[]): ValueAndGradient {
  // Packed in one plain loop: a million customers make ~90k groups.
  const xIndex = new Map<number, number>();
  const xs: number[] = [];
  const countByX: number[] = [];
  const oneTime = new Map<number, number>();
  // t_x and T take few distinct values (whole days or weeks): ln(α + t) and 1/(α + t) are computed once per
  // distinct time per evaluation and looked up by index.
  const timeIndex = new Map<number, number>();
  const times: number[] = [];
  const indexOfTime = (t: number) => {
    let j = timeIndex.get(t);
    if (j === undefined) {
      j = times.length;
      timeIndex.set(t, j);
      times.push(t);
    }
    return j;
  };
  const gx = new Float64Array(groups.length);
  const gi = new Int32Array(groups.length);
  const gtx = new Int32Array(groups.length);
  const gT = new Int32Array(groups.length);
  const gn = new Float64Array(groups.length);
  let repeats = 0;
  for (const g of groups) {
    let i = xIndex.get(g.x);
    if (i === undefined) {
      i = xs.length;
      xIndex.set(g.x, i);
      xs.push(g.x);
      countByX.push(0);
    }
    countByX[i] += g.count;
    if (g.x === 0) {
      oneTime.set(g.T, (oneTime.get(g.T) ?? 0) + g.count);
      continue;
    }
    gx[repeats] = g.x;
    gi[repeats] = i;
    gtx[repeats] = indexOfTime(g.tx);
    gT[repeats] = indexOfTime(g.T);
    gn[repeats] = g.count;
    repeats++;
  }
  const zeroT = Float64Array.from(oneTime.keys());
  const zeroCount = Float64Array.from(oneTime.values());
  const logTime = new Float64Array(times.length);
  const inverseTime = new Float64Array(times.length);
  const total = countByX.reduce((s, c) => s + c, 0);
  const logBx = new Float64Array(xs.length);
  return (v) => {
    if (v.some((w) => Math.abs(w) > Math.log(PARAMETER_BOUNDS.max) + 1))
      return { value: Infinity, gradient: [0, 0, 0, 0] };
    const [r, alpha, a, b] = v.map(Math.exp);
    const logAlpha = Math.log(alpha);
    const logA = Math.log(a);
    // Parameter-only terms, weighted by all customers; then the per-x ln Γ / ψ terms weighted by customers with x.
    let ll = total * (r * logAlpha - logGamma(r) + logGamma(a + b) - logGamma(b));
    let dr = total * (logAlpha - digamma(r));
    let dAlpha = (total * r) / alpha;
    let da = total * digamma(a + b);
    let db = total * (digamma(a + b) - digamma(b));
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      const n = countByX[i];
      ll += n * (logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x));
      const psiABX = digamma(a + b + x);
      dr += n * digamma(r + x);
      da -= n * psiABX;
      db += n * (digamma(b + x) - psiABX);
      logBx[i] = x > 0 ? Math.log(b + x - 1) : 0;
    }
    for (let k = 0; k < zeroT.length; k++) {
      const n = zeroCount[k];
      const logT = Math.log(alpha + zeroT[k]);
      ll -= n * r * logT;
      dr -= n * logT;
      dAlpha -= (n * r) / (alpha + zeroT[k]);
    }
    for (let j = 0; j < times.length; j++) {
      logTime[j] = Math.log(alpha + times[j]);
      inverseTime[j] = 1 / (alpha + times[j]);
    }
    for (let k = 0; k < repeats; k++) {
      const x = gx[k];
      const n = gn[k];
      const logT = logTime[gT[k]];
      const logTx = logTime[gtx[k]];
      const a3 = -(r + x) * logT;
      const a4 = logA - logBx[gi[k]] - (r + x) * logTx;
      // log-sum-exp of A3 and A4 with one exponential: e = e^(−|A3 − A4|) is the smaller term over the larger.
      const e = Math.exp(-Math.abs(a3 - a4));
      const sum = 1 + e;
      const w3 = a3 >= a4 ? 1 / sum : e / sum;
      const w4 = a3 >= a4 ? e / sum : 1 / sum;
      ll += n * ((a3 > a4 ? a3 : a4) + Math.log1p(e));
      dr -= n * (w3 * logT + w4 * logTx);
      dAlpha -= n * (r + x) * (w3 * inverseTime[gT[k]] + w4 * inverseTime[gtx[k]]);
      da += (n * w4) / a;
      db -= (n * w4) / (b + x - 1);
    }
    return { value: -ll, gradient: [-r * dr, -alpha * dAlpha, -a * da, -b * db] };
  };
}

/** Above this many groups, the fit first finds the maximum of merged groups (fitBgNbd). */
export const COARSE_START_ABOVE = 5_000;

/** Parameters are fitted as logarithms (all four must be positive); these bounds mark a fit that ran away. */
export const PARAMETER_BOUNDS = { min: 1e-4, max: 1e4 };

export interface BgNbdFit {
  params: BgNbdParameters;
  logLikelihood: number;
  converged: boolean;
  /** Names of parameters that ended at a bound: the data cannot pin them down. */
  atBound: (keyof BgNbdParameters)[];
}

/**
 * Maximum-likelihood fit on log-parameters from where lifetimes starts (r, a, b at 1; α at the mean T): BFGS with
 * the analytic gradient (two dozen evaluations on CDNOW where Nelder–Mead needs two hundred). When BFGS does not
 * converge — a flat likelihood, as when nobody churns — Nelder–Mead with restarts takes over, so a run-away
 * parameter ends at its bound and is reported (fitClv.ts, fitProblem). Above COARSE_START_ABOVE groups, BFGS starts
 * from the maximum of the groups merged onto a coarser grid (coarseHistoryGroups) and its curvature: on a million
 * customers (~90k groups) seven full evaluations instead of twenty-nine, to the same maximum.
 */
export function fitBgNbd(
  groups: CustomerHistoryGroup[],
  { coarseStartAbove = COARSE_START_ABOVE }: { coarseStartAbove?: number } = {},
): BgNbdFit {
  const meanT =
    groups.reduce((s, g) => s + g.T * g.count, 0) /
    Math.max(
      1,
      groups.reduce((s, g) => s + g.count, 0),
    );
  const toParams = (v: number[]): BgNbdParameters => ({
    r: Math.exp(v[0]),
    alpha: Math.exp(v[1]),
    a: Math.exp(v[2]),
    b: Math.exp(v[3]),
  });
  const objective = bgnbdObjective(groups);
  const value = (v: number[]) => objective(v).value;
  const start = [0, Math.log(Math.max(1, meanT)), 0, 0];
  let result =
    groups.length > coarseStartAbove
      ? bfgsFromApproximation(bgnbdObjective(coarseHistoryGroups(groups)), objective, start)
      : null;
  result ??= bfgs(objective, start);
  if (!result.converged) result = nelderMead(value, start, { step: 1 });
  const params = toParams(result.point);
  const atBound = (Object.keys(params) as (keyof BgNbdParameters)[]).filter(
    (k) => params[k] >= PARAMETER_BOUNDS.max || params[k] <= PARAMETER_BOUNDS.min,
  );
  return { params, logLikelihood: -result.value, converged: result.converged, atBound };
}

function aliveOdds({ r, alpha, a, b }: BgNbdParameters, x: number, tx: number, T: number): number {
  // δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x), computed in logs: the power overflows for loyal customers.
  if (x === 0) return 0;
  return Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** P(alive at T | x, t_x, T): FHL 2005 eq. (12) / Hardie's note eq. (4). One-time buyers (x = 0) are alive. */
export function probabilityAlive(params: BgNbdParameters, x: number, tx: number, T: number): number {
  return 1 / (1 + aliveOdds(params, x, tx, T));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t, FHL 2005 eq. (10). */
export function conditionalExpectedPurchases(
  params: BgNbdParameters,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return expectedPurchasesIfAlive(params, t, x, T) * probabilityAlive(params, x, tx, T);
}

/**
 * The numerator of FHL 2005 eq. (10), E[Y(t)] for a customer known to be alive: it depends on x and T but not on
 * t_x, which enters eq. (10) only through P(alive) in its denominator. Scoring a million customers computes this 2F1
 * once per (x, T) and the cheap P(alive) per (x, t_x, T).
 */
export function expectedPurchasesIfAlive({ r, alpha, a, b }: BgNbdParameters, t: number, x: number, T: number): number {
  const z = t / (alpha + T + t);
  const hyper = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * (1 - noPurchaseIfAlive({ r, alpha }, t, x, T) * hyper);
}

/**
 * P(no purchase in (T, T + t] | alive, x, T) = ((α+T)/(α+T+t))^(r+x): the rate's posterior given the history is
 * Gamma(r + x, α + T) (Hardie's note, eq. 5), and E[e^(−λt)] under it is this power.
 */
export function noPurchaseIfAlive({ r, alpha }: Pick<BgNbdParameters, 'r' | 'alpha'>, t: number, x: number, T: number) {
  return Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t)));
}

/** E[X(t)] for a customer just acquired: FHL 2005 eq. (7). */
export function unconditionalExpectedPurchases({ r, alpha, a, b }: BgNbdParameters, t: number): number {
  const hyper = hypergeometric2F1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyper);
}

/**
 * P(no purchase in (T, T + t] | x, t_x, T). A dead customer never buys; an alive one has rate λ whose posterior,
 * given the history, is Gamma(r + x, α + T) (Hardie's note, eq. 5), and in the BG/NBD she can only drop out right
 * after a purchase, so "no purchase" while alive has probability E[e^(−λt)] = ((α+T)/(α+T+t))^(r+x). Hence
 * P = (1 − P(alive)) + P(alive) · ((α+T)/(α+T+t))^(r+x). "Likelihood to buy again" is one minus this.
 */
export function probabilityNoPurchase(params: BgNbdParameters, t: number, x: number, tx: number, T: number): number {
  const alive = probabilityAlive(params, x, tx, T);
  return 1 - alive + alive * noPurchaseIfAlive(params, t, x, T);
}
