import { wordText, type LocalText } from '../../core/localText';
import { formatDate, formatInteger } from '../format';
import type { MessageKey } from './en';
import { i18n, t } from './i18n.svelte';

/** A core module's sentence (localText.ts) in the UI language: its catalogue's template, the locale's digits and dates. */
export function localText(text: LocalText<MessageKey>): string {
  return wordText(text, {
    language: i18n.language,
    template: (key) => t(key),
    number: (value) => formatInteger(i18n.locale, value),
    date: (isoDate) => formatDate(i18n.locale, isoDate),
  });
}
