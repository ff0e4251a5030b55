import type { QueryProblem } from '../../core/segments/session';
import { quoteString } from '../../core/segments/tokenizer';
import { t } from './i18n.svelte';
import { localText } from './localText';
import { queryValueFor } from './valueNames';

/**
 * What is wrong with a segment query, in the UI language (English when the problem carries no text to word). A value
 * written as the page names it in some language (`rfm_group = 'À risque'`, `segment = 'À risque'`) is answered with the value a query takes.
 */
export function segmentProblemMessage(problem: QueryProblem): string {
  const { text } = problem;
  if (!text) return problem.message;
  const { value, attribute, name } = text.params ?? {};
  if (text.id === 'segmentError.unknownValue' && typeof value === 'string' && typeof attribute === 'string')
    return shownNameMessage(value, [attribute]) ?? localText(text);
  // `segment = 'À risque'`: Shopify and Klaviyo call their groups segments.
  if (text.id === 'segmentError.noSavedSegment' && typeof name === 'string')
    return shownNameMessage(name, ['rfm_group', 'spend_tier']) ?? localText(text);
  return localText(text);
}

/** The answer for a value written as the page names it, found among `attributes`' values; null if it is none. */
function shownNameMessage(written: string, attributes: string[]): string | null {
  for (const attribute of attributes) {
    const english = queryValueFor(attribute, written);
    // The English name is the value itself: the core's own answer ("did you mean rfm_group = 'Lost'?") fits.
    if (english !== null && english.toLowerCase() !== written.toLowerCase())
      return t('segment.shownName', { value: written, attribute, english: quoteString(english) });
  }
  return null;
}
