import { EMAIL } from './columnMapping';
import { detectDateFormat } from './sniff/dates';
import type { ColumnMapping } from './types';

/**
 * For the mapping step, when the header names said nothing: columns whose sample values look like what a field
 * holds, offered as the form's starting choices for the user to confirm. Conservative — a field stays empty unless
 * one column clearly fits, since a wrong preset is worse than an empty one:
 * - order date: a column the date sniffing reads (sniff/dates.ts), all its samples dates;
 * - amount: every sample a number, at least one with decimals (order numbers and quantities are whole);
 * - e-mail, and customer when nothing else names the customer: every sample an address with an `@`.
 */
export function guessFromValues(
  columns: string[],
  samples: Record<string, string[]>,
  mapping: ColumnMapping,
): ColumnMapping {
  const guess: ColumnMapping = { ...mapping };
  const used = new Set(Object.values(mapping));
  const candidates = (fits: (values: string[]) => boolean) =>
    columns.filter((column) => !used.has(column) && (samples[column] ?? []).length > 0 && fits(samples[column]!));
  const single = (found: string[]) => (found.length === 1 ? found[0] : undefined);

  const date = guess.order_date ?? single(candidates(isDateColumn));
  if (date) {
    guess.order_date = date;
    used.add(date);
  }
  const amount = guess.amount ?? single(candidates(isAmountColumn));
  if (amount) {
    guess.amount = amount;
    used.add(amount);
  }
  const email = guess.email ?? single(candidates((values) => values.every((v) => EMAIL.test(v.trim()))));
  if (email) {
    guess.email = email;
    guess.customer_id ??= email;
  }
  return guess;
}

/** A number as exports write it: sign, digits with `.`/`,`/space grouping, decimals, a currency sign around it. */
const NUMBER = /^[-+]?[^\d\s-]{0,3}\s?-?\d[\d.,\s\u00a0\u202f]*\s?[^\d\s]{0,3}$/;
const DECIMALS = /[.,]\d{1,2}\s?[^\d\s]{0,3}$/;

function isDateColumn(values: string[]): boolean {
  const format = detectDateFormat(values, 'DMY');
  // detectDateFormat accepts a column half of whose values are dates; a preset wants all of them.
  return format !== null && values.every((v) => detectDateFormat([v], 'DMY') !== null);
}

function isAmountColumn(values: string[]): boolean {
  return values.every((v) => NUMBER.test(v.trim())) && values.some((v) => DECIMALS.test(v.trim()));
}
