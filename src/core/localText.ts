import { fillPlaceholders, fillPlurals } from './placeholders';

/**
 * A sentence as data, so that every language can word it: a template key and its parameters. A parameter is text
 * taken as it is, a count, a calendar date (YYYY-MM-DD, written the reader's way), a part worded in turn (the
 * "found …" of a query error, a "did you mean" hint) or a list of such parts. Core modules keep their English templates; the CLI and
 * error messages use those, the app its catalogue's, under the same keys.
 */
export interface LocalText<K extends string = string> {
  id: K;
  params?: Record<string, TextParam<K>>;
}

export type TextParam<K extends string = string> =
  | string
  | number
  | { date: string }
  | LocalText<K>
  /** Several parts, each worded, in a comma-separated list. */
  | (LocalText<K> | string)[];

/** How a language writes the parts: its templates, its plural rules, its numbers and its dates. */
export interface Wording<K extends string> {
  /** The language whose plural rules choose the forms of `{count, plural, …}` (placeholders.ts). */
  language: string;
  template(key: K): string;
  number(value: number): string;
  date(isoDate: string): string;
}

/** The text with every nested part worded first. */
export function wordText<K extends string>(text: LocalText<K>, wording: Wording<K>): string {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(text.params ?? {}) as [string, TextParam<K>][]) {
    params[name] = Array.isArray(value)
      ? value.map((part) => (typeof part === 'string' ? part : wordText(part, wording))).join(', ')
      : wordParam(value, wording);
  }
  const template = fillPlurals(wording.template(text.id), text.params ?? {}, wording.language, wording.number);
  return fillPlaceholders(template, params);
}

function wordParam<K extends string>(value: Exclude<TextParam<K>, unknown[]>, wording: Wording<K>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return wording.number(value);
  return 'date' in value ? wording.date(value.date) : wordText(value, wording);
}

/** English from a module's own templates: numbers as digits, dates as YYYY-MM-DD (what the CLI has always printed). */
export function englishText<K extends string>(text: LocalText<K>, templates: Record<K, string>): string {
  return wordText(text, {
    language: 'en',
    template: (key) => templates[key],
    number: String,
    date: (isoDate) => isoDate,
  });
}
