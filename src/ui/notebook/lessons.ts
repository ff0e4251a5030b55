import type { MessageKey } from '../i18n/en';
import { newCellId, type Cell, type CellType, type Notebook } from './notebook';

/**
 * Ready-made notebooks for trainers, on the built-in demo shop (or any file): notes that tell the story between the
 * cells that show it. Note texts come from the message catalogues, so a lesson opens in the chosen language.
 */
export const LESSONS = ['rfm', 'again', 'winback'] as const;
export type Lesson = (typeof LESSONS)[number];

type Step = CellType | { note: MessageKey } | { chart: Record<string, string> } | { segment: Record<string, string> };

const PLANS: Record<Lesson, Step[]> = {
  rfm: [
    { note: 'lesson.rfm.intro' },
    'summary',
    { note: 'lesson.rfm.grid' },
    'rfm',
    { note: 'lesson.rfm.value' },
    { chart: { measure: 'revenue', dimension: 'rfm_group', mark: 'bar' } },
    'tiers',
    { note: 'lesson.rfm.wrap' },
  ],
  again: [
    { note: 'lesson.again.intro' },
    'clv',
    { note: 'lesson.again.trust' },
    'backtest',
    { chart: { measure: 'repeat_rate', dimension: 'first_order_month', mark: 'line' } },
    { note: 'lesson.again.wrap' },
  ],
  winback: [
    { note: 'lesson.winback.intro' },
    'rfm',
    { chart: { measure: 'customers', dimension: 'rfm_group', mark: 'bar' } },
    { note: 'lesson.winback.pick' },
    { chart: { measure: 'average_spend', dimension: 'rfm_group', mark: 'dot' } },
    {
      segment: {
        name: 'Win-back',
        query: "rfm_group IN ('At risk', 'Can''t lose them') AND email_subscription_status = 'SUBSCRIBED'",
      },
    },
    { note: 'lesson.winback.wrap' },
  ],
};

export function lessonNotebook(lesson: Lesson, translate: (key: MessageKey) => string): Notebook {
  const cells = PLANS[lesson].map((step): Cell => {
    const id = newCellId();
    if (typeof step === 'string') return { id, type: step };
    if ('note' in step) return { id, type: 'note', params: { text: translate(step.note) } };
    if ('segment' in step) return { id, type: 'segment', params: step.segment };
    return { id, type: 'chart', params: step.chart };
  });
  return { cells };
}
