import { fillPlaceholders, fillPlurals } from '../../core/placeholders';
import { formatInteger } from '../format';
import { en, type MessageKey } from './en';
import { fr } from './fr';
import { nl } from './nl';

export const LANGUAGES = { en: 'English', nl: 'Nederlands', fr: 'Français' } as const;
export type Language = keyof typeof LANGUAGES;
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, nl, fr };

export function isLanguage(value: string): value is Language {
  return Object.hasOwn(CATALOGUES, value);
}

/** The browser's first preferred language that we speak, else English. */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/**
 * Fills plural forms (placeholders.ts), then `{name}` placeholders; an unknown placeholder, or a plural given a
 * string, stays visible so the mistake gets noticed.
 */
export function interpolate(
  template: string,
  params: Record<string, string | number> = {},
  language: string = 'en',
  locale: string = language,
): string {
  return fillPlaceholders(
    fillPlurals(template, params, language, (count) => formatInteger(locale, count)),
    params,
  );
}

/** The message `key` in `language`, its counts written the way `locale` writes numbers. */
export function translate(
  language: Language,
  key: MessageKey,
  params?: Record<string, string | number>,
  locale: string = language,
): string {
  return interpolate(CATALOGUES[language][key], params, language, locale);
}

/**
 * A label written to stand alone ("First-order month", "Groupe RFM") as it reads inside a sentence ("… by first-order
 * month", "… par groupe RFM"): its first letter in the language's lower case, unless its first word is an acronym
 * ("RFM group", "RFM-groep"), which stays as it is.
 */
export function midSentence(label: string, language: string): string {
  const [first = '', second = ''] = label;
  if (second !== second.toLocaleLowerCase(language)) return label;
  return first.toLocaleLowerCase(language) + label.slice(first.length);
}
