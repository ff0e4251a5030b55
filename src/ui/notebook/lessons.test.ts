import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../i18n/en';
import { lessonNotebook, LESSONS } from './lessons';

describe('lesson notebooks', () => {
  it.each(LESSONS)('%s opens with a note and fills every note from the catalogue', (lesson) => {
    const notebook = lessonNotebook(lesson, (key: MessageKey) => en[key]);
    expect(notebook.cells[0].type).toBe('note');
    for (const cell of notebook.cells.filter((c) => c.type === 'note')) {
      expect(cell.params?.text?.length).toBeGreaterThan(40);
    }
    expect(new Set(notebook.cells.map((c) => c.id)).size).toBe(notebook.cells.length);
  });

  it('RFM in 10 minutes walks through summary, grid, a revenue chart and tiers', () => {
    const notebook = lessonNotebook('rfm', (key: MessageKey) => en[key]);
    expect(notebook.cells.map((c) => c.type)).toEqual([
      'note',
      'summary',
      'note',
      'rfm',
      'note',
      'chart',
      'tiers',
      'note',
    ]);
    expect(notebook.cells[5].params).toEqual({ measure: 'revenue', dimension: 'rfm_group', mark: 'bar' });
  });
});
