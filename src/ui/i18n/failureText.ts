import { classifyEngineError } from '../../core/engineError';
import type { MessageKey } from './en';

/** What the page was doing when the engine failed, as the messages name it ("… while analysing the customers"). */
export type EngineTask =
  | 'import'
  | 'customers'
  | 'table'
  | 'signals'
  | 'predictions'
  | 'backtest'
  | 'comparison'
  | 'chart'
  | 'count'
  | 'export';

/**
 * Why a request to the engine failed, worded by `word` (the UI's `t`), with what to do about it; null when a newer
 * request cancelled it, which is no failure to report. DuckDB's own English line stays in the message, quoted, so
 * that a report of it says what went wrong, but never stands alone: "Invalid Input Error: …" tells a merchant nothing.
 */
export function failureText(
  error: unknown,
  task: EngineTask,
  word: (key: MessageKey, params?: Record<string, string>) => string,
): string | null {
  const failure = classifyEngineError(error);
  const doing = word(`failure.task.${task}`);
  switch (failure.kind) {
    case 'cancelled':
      return null;
    case 'outOfMemory':
      return word('failure.outOfMemory', { task: doing });
    case 'crashed':
      return word('failure.crashed', { task: doing, detail: failure.detail });
    case 'explained':
      return failure.message;
    case 'failed':
      return word('failure.failed', { task: doing, detail: failure.detail.replace(/\.+$/, '') });
  }
}
