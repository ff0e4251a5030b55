import { findAttribute } from '../../core/segments/attributes';
import { en, type MessageKey } from './en';
import { LANGUAGES, translate, type Language } from './translate';

/** The catalogue slug of a named RFM group: "Can't lose them" → can_t_lose_them (keys group.<slug>.*). */
export function groupSlug(group: string): string {
  return group
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
}

/**
 * The catalogue key that names a value on screen: an RFM group (group.<slug>.name, "Can't lose them" →
 * can_t_lose_them) or a tier level (tier.<level>), or null for any other value, which is shown as it is.
 */
export function valueNameKey(value: string): MessageKey | null {
  for (const key of [`group.${groupSlug(value)}.name`, `tier.${value.toLowerCase()}`])
    if (Object.hasOwn(en, key)) return key as MessageKey;
  return null;
}

/**
 * The predicted spend tier's level as the CLV and likelihood tiers name theirs (HIGH → High, MEDIUM → Moderate): its
 * column keeps the historic spend tier's HIGH / MEDIUM / LOW for the segment language (scoreCustomers.ts), but the
 * drawer and the predictions panel list it among the other prediction tiers, where "MEDIUM" beside "Moderate" read as
 * a raw code. Any other value comes back as it is.
 */
export function predictionTierLevel(level: string): string {
  const words: Record<string, string> = { HIGH: 'High', MEDIUM: 'Moderate', LOW: 'Low' };
  return Object.hasOwn(words, level) ? words[level]! : level;
}

/**
 * The catalogue key naming an event type of the events file (abandoned_cart → events.type.abandoned_cart), or null for
 * a type the catalogues do not know, which is shown as the file wrote it.
 */
export function eventTypeKey(type: string): MessageKey | null {
  const key = `events.type.${type}`;
  return Object.hasOwn(en, key) ? (key as MessageKey) : null;
}

/** Case, accents, soft hyphens and no-break spaces aside: "a risque" finds "À\u00a0risque". */
function comparable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u00ad]/g, '')
    .replace(/[\u00a0\u202f\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The value a query takes for a name the page shows in some language: `rfm_group = 'À risque'` means 'At risk'. Queries
 * keep the English values, so that a query — and a shared link — means the same in every language; this only lets the
 * editor say which value was meant. Null when the text names none of the attribute's values.
 */
export function queryValueFor(attributeName: string, written: string): string | null {
  const wanted = comparable(written);
  for (const value of findAttribute(attributeName)?.values ?? []) {
    const key = valueNameKey(value);
    if (key === null) continue;
    for (const language of Object.keys(LANGUAGES) as Language[])
      if (comparable(translate(language, key)) === wanted) return value;
  }
  return null;
}
