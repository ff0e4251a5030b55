/**
 * Parses a cut-off list the user typed ("30, 90, 180, 365"): numbers in one unambiguous syntax (a dot for decimals,
 * whatever the UI language), ascending, exactly `count` of them. Empty text means "use quantiles".
 */
export function parseCutoffs(text: string, count: number): number[] | undefined | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const values = trimmed.split(/[;,\s]+/).map(Number);
  if (values.length !== count || values.some((v) => !Number.isFinite(v) || v < 0)) return 'invalid';
  return values.sort((a, b) => a - b);
}

/** "30" → 0.3; whole percents between 1 and 99. */
export function parsePercent(text: string): number | 'invalid' {
  const value = Number(text.trim());
  return Number.isInteger(value) && value > 0 && value < 100 ? value / 100 : 'invalid';
}
