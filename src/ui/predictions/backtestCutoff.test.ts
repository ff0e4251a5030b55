import { describe, expect, it } from 'vitest';
import { defaultBacktestCutoff } from './backtestCutoff';

describe('the back-test cut-off shown before one is picked', () => {
  it('lies two thirds into the history', () => {
    // 2023-11-02 → 2026-10-30 is 1,093 days (366 + 365 + 365 − 3); two thirds is 728⅔ days: 2025-10-30, 16:00.
    expect(defaultBacktestCutoff('2023-11-02', '2026-10-30')).toBe('2025-10-30');
    // 1997-01-01 → 1998-06-30 is 545 days; two thirds is 363⅓: 1997-12-30.
    expect(defaultBacktestCutoff('1997-01-01', '1998-06-30')).toBe('1997-12-30');
  });
});
