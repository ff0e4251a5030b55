import { describe, expect, it } from 'vitest';
import { englishRefusal } from './refusalText';

describe('refusals in English', () => {
  it('fill counts and dates as the CLI prints them', () => {
    expect(
      englishRefusal({
        id: 'refusal.tooFewCustomers',
        params: { customers: 3, date: { date: '2025-05-17' }, needed: 100 },
      }),
    ).toBe('Only 3 customers up to 2025-05-17: the prediction needs at least 100.');
    expect(englishRefusal({ id: 'refusal.parametersAtBound', params: { parameters: 'r, alpha' } })).toBe(
      'The purchase model could not pin down r, alpha on this data; its predictions are withheld.',
    );
  });
});
