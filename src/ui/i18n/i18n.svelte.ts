import type { MessageKey } from './en';
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

/** A group's one-line meaning and suggested action, in the UI language (catalogue keys group.<slug>.*). */
export function groupText(group: string, part: 'meaning' | 'action'): string {
  return t(`group.${groupSlug(group)}.${part}` as MessageKey);
}

/**
 * A named RFM group in the UI language ("At risk" → "À risque"). The data and the segment language keep the English
 * name (`rfm_group = 'At risk'` works in every language); only what is shown is translated. `breakable` keeps the
 * catalogue's soft hyphens, where a phone's narrow grid cell may break a long word; without it they are removed, as
 * SVG text would not hide them. A value that is not a group comes back as it is.
 */
export function groupName(group: string, options: { breakable?: boolean } = {}): string {
  const key = valueNameKey(group);
  if (key === null || !key.startsWith('group.')) return group;
  return options.breakable ? t(key) : t(key).replaceAll('\u00ad', '');
}

/**
 * A tier level in the UI language: spend tiers' HIGH / MEDIUM / LOW stay in capitals ("ÉLEVÉ"), the prediction
 * tiers' High / Moderate / Low do not. Not a level: as it is.
 */
export function tierName(level: string): string {
  const key = valueNameKey(level);
  if (key === null || !key.startsWith('tier.')) return level;
  return level === level.toUpperCase() ? t(key).toLocaleUpperCase(i18n.language) : t(key);
}
