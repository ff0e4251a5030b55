import { describe, expect, it } from 'vitest';
import { defaultAsOfAfter } from './asOf';

describe('defaultAsOfAfter', () => {
  it('is the calendar day after the last order, across month, leap-day and year ends', () => {
    expect(defaultAsOfAfter('2024-03-14')).toBe('2024-03-15');
    expect(defaultAsOfAfter('2024-02-28')).toBe('2024-02-29');
    expect(defaultAsOfAfter('2023-02-28')).toBe('2023-03-01');
    expect(defaultAsOfAfter('2024-12-31')).toBe('2025-01-01');
  });
});
