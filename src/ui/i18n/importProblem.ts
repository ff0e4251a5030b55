import { importProblemText, type ImportProblem } from '../../core/ingest/importProblem';
import { localText } from './localText';

/** Why an import failed, in the UI language, counts in the locale's digits. */
export function importProblemMessage(problem: ImportProblem): string {
  return localText(importProblemText(problem));
}
