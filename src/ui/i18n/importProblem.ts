import { importProblemText, type ImportProblem } from '../../core/ingest/importProblem';
import { ISSUE_REASONS } from '../../core/schema';
import { formatInteger } from '../format';
import type { MessageKey } from './en';
import { i18n, t } from './i18n.svelte';

/** Why an import failed, in the UI language, counts in the locale's digits. */
export function importProblemMessage(problem: ImportProblem): string {
  return importProblemText(problem, {
    text: (key, params) => t(key, params),
    issue: (reason) => (Object.hasOwn(ISSUE_REASONS, reason) ? t(`issue.${reason}` as MessageKey) : reason),
    number: (value) => formatInteger(i18n.locale, value),
  });
}
