import { wordSegmentText } from '../../core/segments/problemText';
import type { QueryProblem } from '../../core/segments/session';
import { t } from './i18n.svelte';

/** What is wrong with a segment query, in the UI language (English when the problem carries no text to word). */
export function segmentProblemMessage(problem: QueryProblem): string {
  return problem.text ? wordSegmentText(problem.text, (key, params) => t(key, params)) : problem.message;
}
