/** A share (0–1) as the percent a person reads and types, to one decimal: 0.8 → "80", 0.075 → "7.5". */
export function percentText(share: number): string {
  return String(Math.round(share * 1000) / 10);
}

/**
 * One number as typed in any of the UI's languages: "7.5" or "7,5" (the decimal key of a French or Dutch keypad
 * gives a comma), spaces around it allowed; NaN for anything else. No thousands separators: the fields that use it
 * hold small numbers (a rate, a multiple), where "1,500" would be ambiguous.
 */
export function parseDecimal(text: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) return NaN;
  return Number(trimmed.replace(',', '.'));
}
