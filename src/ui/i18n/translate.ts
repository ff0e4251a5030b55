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

/** Replaces `{name}` placeholders; an unknown placeholder stays visible so a missing parameter gets noticed. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  return interpolate(CATALOGUES[language][key], params);
}
