import type { QueryProblem } from '../../core/segments/session';
import { quoteString } from '../../core/segments/tokenizer';
import { t } from './i18n.svelte';
import { localText } from './localText';
import { queryValueFor } from './valueNames';

/**
 * What is wrong with a segment query, in the UI language (English when the problem carries no text to word). A value
 * written as the page names it in some language (`rfm_group = 'À risque'`) is answered with the value a query takes.
 */
export function segmentProblemMessage(problem: QueryProblem): string {
  const { text } = problem;
  if (!text) return problem.message;
  const { value, attribute } = text.params ?? {};
  if (text.id === 'segmentError.unknownValue' && typeof value === 'string' && typeof attribute === 'string') {
    const english = queryValueFor(attribute, value);
    if (english !== null) return t('segment.shownName', { value, attribute, english: quoteString(english) });
  }
  return localText(text);
}
