/**
 * Fills `{name}` placeholders from `params`. An unknown placeholder stays visible, so a missing value gets noticed
 * rather than silently becoming "undefined" or vanishing.
 */
export function fillPlaceholders(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A count that decides the words around it, in the ICU MessageFormat plural subset
 * (https://unicode-org.github.io/icu/userguide/format_parse/messages/): `{count, plural, one {# order} other {#
 * orders}}`, `#` standing for the count as the language writes numbers. A form may hold a whole phrase, so a verb can
 * agree with its subject ("1 client a acheté", "3 clients ont acheté").
 */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * The CLDR plural category of `count` in `language` (Intl.PluralRules: French says "0 client" and "1 client", English
 * and Dutch only "1 customer").
 */
export function pluralCategory(language: string, count: number): Intl.LDMLPluralRule {
  if (!pluralRules.has(language)) pluralRules.set(language, new Intl.PluralRules(language));
  return (pluralRules.get(language) as Intl.PluralRules).select(count);
}

/**
 * Chooses each plural's form by its count; a category without a form of its own (French "many" for millions) takes
 * `other`. A plural needs its count as a number (a formatted string cannot be told apart from "1"): one without
 * stays visible, so the mistake gets noticed.
 */
export function fillPlurals(
  template: string,
  params: Record<string, unknown>,
  language: string,
  writeCount: (count: number) => string,
): string {
  return template.replace(PLURAL, (whole, name: string, one: string, other: string) => {
    const count = params[name];
    if (typeof count !== 'number') return whole;
    return (pluralCategory(language, count) === 'one' ? one : other).replace('#', writeCount(count));
  });
}
