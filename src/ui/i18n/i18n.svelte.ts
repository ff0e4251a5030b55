import type { MessageKey } from './en';
import { preferredLanguage, translate, type Language } from './translate';

/** The chosen UI language; components call `t(...)` and re-render when it changes. */
class I18n {
  language = $state<Language>(typeof navigator === 'undefined' ? 'en' : preferredLanguage(navigator.languages));

  /** Locale for numbers and dates: the browser's own when it speaks the chosen language (nl-BE, fr-CA…). */
  get locale(): string {
    const browser = typeof navigator === 'undefined' ? 'en-GB' : navigator.language;
    return browser.toLowerCase().startsWith(this.language) ? browser : this.language;
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string =>
    translate(this.language, key, params, this.locale);
}

export const i18n = new I18n();
export const t = i18n.t;

/** A group's one-line meaning and suggested action, in the UI language (catalogue keys group.<slug>.*). */
export function groupText(group: string, part: 'meaning' | 'action'): string {
  const slug = group
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
  return t(`group.${slug}.${part}` as MessageKey);
}
