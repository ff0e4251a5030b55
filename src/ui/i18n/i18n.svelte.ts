import type { MessageKey } from './en';
import { failureText, type EngineTask } from './failureText';
import { groupSlug, valueNameKey } from './valueNames';
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

/** Why a request to the engine failed, in the UI language (failureText.ts); null when a newer request cancelled it. */
export function failureMessage(error: unknown, task: EngineTask): string | null {
  return failureText(error, task, t);
}

/** A group's one-line meaning and suggested action, in the UI language (catalogue keys group.<slug>.*). */
export function groupText(group: string, part: 'meaning' | 'action'): string {
  return t(`group.${groupSlug(group)}.${part}` as MessageKey);
}

/**
 * A value of the data as the page shows it in the UI language: an RFM group ("At risk" → "À risque") or a tier level
 * (spend tiers' HIGH / MEDIUM / LOW stay in capitals, "ÉLEVÉ"; the prediction tiers' High / Moderate / Low do not).
 * The data and the segment language keep the English values (`rfm_group = 'At risk'` works in every language); only
 * what is shown is translated. `breakable` keeps the catalogue's soft hyphens, where a phone's narrow grid cell may
 * break a long word; without it they are removed, as SVG text would not hide them. Any other value comes back as it is.
 */
export function valueName(value: string, options: { breakable?: boolean } = {}): string {
  const key = valueNameKey(value);
  if (key === null) return value;
  const name = options.breakable ? t(key) : t(key).replaceAll('\u00ad', '');
  return key.startsWith('tier.') && value === value.toUpperCase() ? name.toLocaleUpperCase(i18n.language) : name;
}
