/** One editable threshold of a signal's rule, as RuleForm.svelte shows it. */
export interface RuleField {
  label: string;
  /** The value in force, in the unit the label names. */
  value: number;
  /** `value` is a share (0–1), shown and typed as a percent: 0.8 reads "80", and "80" applies 0.8. */
  percent?: true;
  testid: string;
  /** Whether a typed value is allowed (the core checks the same ranges: signals/options.ts `checkNumber`). */
  valid: (value: number) => boolean;
}

/** Common ranges: a whole count from 1, a share above 0 up to 1 (100 %), a number above 0, zero or more. */
export const atLeastOneWhole = (value: number) => Number.isInteger(value) && value >= 1;
export const shareAboveZero = (value: number) => value > 0 && value <= 1;
export const aboveZero = (value: number) => value > 0;
export const zeroOrMore = (value: number) => value >= 0;
