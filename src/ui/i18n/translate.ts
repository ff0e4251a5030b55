import { fillPlaceholders } from '../../core/placeholders';
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
 * A count that decides the words around it, in the ICU MessageFormat plural subset
 * (https://unicode-org.github.io/icu/userguide/format_parse/messages/): `{count, plural, one {# order} other {#
 * orders}}`, `#` standing for the count in the locale's digits. The form comes from the language's CLDR plural rules
 * (Intl.PluralRules: French says "0 client" and "1 client", English and Dutch only "1 customer"); a category without a
 * form of its own (French "many" for millions) takes `other`.
 */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(language: string, count: number): Intl.LDMLPluralRule {
  if (!pluralRules.has(language)) pluralRules.set(language, new Intl.PluralRules(language));
  return (pluralRules.get(language) as Intl.PluralRules).select(count);
}

/**
 * Fills plural forms, then `{name}` placeholders. A plural needs its count as a number (a formatted string cannot be
 * told apart from "1"); an unknown placeholder, or a plural given a string, stays visible so the mistake gets noticed.
 */
export function interpolate(
  template: string,
  params: Record<string, string | number> = {},
  language: string = 'en',
  locale: string = language,
): string {
  const withPlurals = template.replace(PLURAL, (whole, name: string, one: string, other: string) => {
    const count = params[name];
    if (typeof count !== 'number') return whole;
    return (pluralCategory(language, count) === 'one' ? one : other).replace('#', formatInteger(locale, count));
  });
  return fillPlaceholders(withPlurals, params);
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
