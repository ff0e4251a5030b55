/** One editable threshold of a signal's rule, as RuleForm.svelte shows it. */
export interface RuleField {
  label: string;
  /** The value in force, in the unit the label names (a percent as 80, not 0.8). */
  value: number;
  testid: string;
  /** Whether a typed value is allowed (the core checks the same ranges: signals/options.ts `checkNumber`). */
  valid: (value: number) => boolean;
}

/** Common ranges: a whole count from 1, a percent above 0 up to 100, a number above 0, zero or more. */
export const atLeastOneWhole = (value: number) => Number.isInteger(value) && value >= 1;
export const percentAboveZero = (value: number) => value > 0 && value <= 100;
export const aboveZero = (value: number) => value > 0;
export const zeroOrMore = (value: number) => value >= 0;
