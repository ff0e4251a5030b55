import { describe, expect, it } from 'vitest';
import { englishText, wordText, type LocalText } from './localText';
import { englishRefusal } from './models/refusalText';

const templates = {
  count: '{rows, plural, one {# row was} other {# rows were}} read on {day}',
  nested: 'Stopped: {why}',
} as const;

describe('sentence as data', () => {
  it('chooses each plural form by its count, in English for the CLI', () => {
    expect(englishText({ id: 'count', params: { rows: 1, day: { date: '2024-03-05' } } }, templates)).toBe(
      '1 row was read on 2024-03-05',
    );
    expect(englishText({ id: 'count', params: { rows: 0, day: 'Monday' } }, templates)).toBe(
      '0 rows were read on Monday',
    );
    const nested: LocalText<keyof typeof templates> = {
      id: 'nested',
      params: { why: { id: 'count', params: { rows: 2, day: 'x' } } },
    };
    expect(englishText(nested, templates)).toBe('Stopped: 2 rows were read on x');
  });

  it('follows the language’s plural rules and writes the count its way', () => {
    const french = {
      language: 'fr',
      template: () => '{n, plural, one {# client a acheté} other {# clients ont acheté}}',
      number: (value: number) => value.toLocaleString('fr-FR'),
      date: (isoDate: string) => isoDate,
    };
    expect(wordText({ id: 'x', params: { n: 0 } }, french)).toBe('0 client a acheté');
    expect(wordText({ id: 'x', params: { n: 1 } }, french)).toBe('1 client a acheté');
    expect(wordText({ id: 'x', params: { n: 2500 } }, french)).toBe('2\u202f500 clients ont acheté');
  });

  it('says "1 customer", not "1 customers", when a model refuses', () => {
    expect(englishRefusal({ id: 'refusal.tooFewCustomersForTiers', params: { customers: 1, needed: 50 } })).toBe(
      'Only 1 customer: spend tiers need at least 50 for percentiles to mean something.',
    );
    expect(
      englishRefusal({ id: 'refusal.historyTooShort', params: { date: { date: '2024-01-02' }, days: 1, needed: 90 } }),
    ).toBe('The history up to 2024-01-02 is only 1 day long: the prediction needs at least 90 days.');
  });
});
