import { quoteIdentifier, quoteLiteral } from '../sql/quote';
import type { SqlValue } from '../sql/executor';
import { boundariesFromSorted, boundariesOfValues, type ScoreCase } from './scoring';
import type { RefusalText } from './refusalText';

/**
 * Spend tiers HIGH / MEDIUM / LOW from any per-customer measure (historic amount spent now, predicted 12-month
 * spend once the CLV model runs): HIGH from the 70th percentile up, LOW below the 30th (editable, whole percents),
 * with the same tie rule as RFM (scoring.ts): equal spend, equal tier.
 *
 * Eligibility: percentiles of fewer than 50 customers move a whole tier when one customer changes, so below that
 * the tiers are withheld with the reason.
 */
export const MINIMUM_CUSTOMERS_FOR_TIERS = 50;

export interface TierOptions {
  /** Share of customers (0–1) below which a customer is LOW; default 0.3. */
  lowBelow?: number;
  /** Share of customers (0–1) from which a customer is HIGH; default 0.7. */
  highFrom?: number;
}

export type TierName = 'HIGH' | 'MEDIUM' | 'LOW';

export type TierResult =
  | {
      eligible: true;
      HIGH: number;
      MEDIUM: number;
      LOW: number;
      /** Amount ranges per tier, for "HIGH: €350 and more". */
      cutoffs: Record<TierName, { min: number | null; max: number | null }>;
    }
  | { eligible: false; reason: string; text: RefusalText; HIGH: 0; MEDIUM: 0; LOW: 0 };

/** Validated cut-offs as whole percents. */
function percents(options: TierOptions): { low: number; high: number } {
  const lowBelow = options.lowBelow ?? 0.3;
  const highFrom = options.highFrom ?? 0.7;
  if (!(lowBelow > 0 && lowBelow < highFrom && highFrom < 1)) {
    throw new Error(`tier cut-offs must satisfy 0 < LOW (${lowBelow}) < HIGH (${highFrom}) < 1`);
  }
  return { low: Math.round(lowBelow * 100), high: Math.round(highFrom * 100) };
}

/**
 * The tier as one CASE over the measure with bound boundaries, by the tie rule of scoring.ts: a customer's position
 * is the share of customers with strictly lower values; LOW below the LOW cut, HIGH from the HIGH cut. So MEDIUM
 * starts at the first value with at least ⌈low·n/100⌉ customers below it and HIGH at the first with ⌈high·n/100⌉.
 * NULL when the data is not eligible, so the column exists either way. From every customer's value of the measure,
 * sorted ascending (boundariesFromSorted).
 */
export function tierCaseFromSorted(
  sorted: Float64Array,
  measureColumn: string,
  eligible: boolean,
  options: TierOptions = {},
): ScoreCase {
  return tierCaseFrom(measureColumn, eligible, options, (ranks) =>
    sorted.length ? boundariesFromSorted(sorted, true, ranks(sorted.length)) : null,
  );
}

/**
 * tierCaseFromSorted over the values in any order (boundariesOfValues), NaN left out. `labels` names the levels in the
 * column (the CLV tiers say High / Moderate / Low, clv/scoreCustomers.ts).
 */
export function tierCaseFromValues(
  values: Float64Array,
  measureColumn: string,
  eligible: boolean,
  options: TierOptions = {},
  labels?: Record<TierName, string>,
): ScoreCase {
  return tierCaseFrom(measureColumn, eligible, options, (ranks) => boundariesOfValues(values, true, ranks), labels);
}

/** The tier CASE, or the withheld column, from boundaries found at the tier ranks for n customers with a value. */
function tierCaseFrom(
  measureColumn: string,
  eligible: boolean,
  options: TierOptions,
  boundaries: (ranks: (n: number) => number[]) => (number | null)[] | null,
  labels?: Record<TierName, string>,
): ScoreCase {
  percents(options); // invalid cut-offs are refused even when the tiers are withheld
  if (!eligible) return WITHHELD;
  return tierCaseFromBounds(
    measureColumn,
    boundaries((n) => tierRanks(options, n)),
    labels,
  );
}

/** The tiers by code (tierCodeOf): 0 when the tiers are withheld. */
export const TIER_CODES = [null, 'HIGH', 'MEDIUM', 'LOW'] as const;

/**
 * The HIGH and MEDIUM boundaries of a CASE of tierCaseFromBounds as numbers (a NULL one becomes NaN, which, like NULL
 * in the CASE, matches nothing); null when the tiers are withheld (no boundaries).
 */
export function tierCut(bounds: SqlValue[]): [number, number] | null {
  if (bounds.length === 0) return null;
  const [high, medium] = bounds as (number | null)[];
  return [high ?? NaN, medium ?? NaN];
}

/** The tier the CASE gives `value`, computed the same way in TypeScript, as its index in TIER_CODES. */
export function tierCodeOf(value: number, cut: [number, number] | null): number {
  if (cut === null) return 0;
  return value >= cut[0] ? 1 : value >= cut[1] ? 2 : 3;
}

/** Too few customers: the column exists, always NULL. */
const WITHHELD: ScoreCase = { expression: 'CAST(NULL AS VARCHAR)', params: [] };

/** The ranks where HIGH and MEDIUM start, for n customers with a value. */
function tierRanks(options: TierOptions, n: number): number[] {
  const { low, high } = percents(options);
  return [Math.ceil((high * n) / 100), Math.ceil((low * n) / 100)];
}

/** The tier CASE from the boundaries of HIGH and MEDIUM (at tierRanks); null: no value at all. */
function tierCaseFromBounds(
  measureColumn: string,
  bounds: (number | null)[] | null,
  labels: Record<TierName, string> | undefined,
): ScoreCase {
  const column = `c.${quoteIdentifier(measureColumn)}`;
  // Each level named as `labels` says, else by its own name (the spend tiers').
  const [high, medium, low] = (['HIGH', 'MEDIUM', 'LOW'] as const).map((level) =>
    quoteLiteral(labels?.[level] ?? level),
  );
  // A NULL boundary (no customer that high) never matches: the comparison is NULL and the CASE falls through.
  return {
    expression: `CASE WHEN ${column} >= ? THEN ${high} WHEN ${column} >= ? THEN ${medium} ELSE ${low} END`,
    params: bounds ?? [null, null],
  };
}
