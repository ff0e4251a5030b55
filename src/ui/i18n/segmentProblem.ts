import type { QueryProblem } from '../../core/segments/session';
import { localText } from './localText';

/** What is wrong with a segment query, in the UI language (English when the problem carries no text to word). */
export function segmentProblemMessage(problem: QueryProblem): string {
  return problem.text ? localText(problem.text) : problem.message;
}
