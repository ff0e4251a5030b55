import { describe, expect, it } from 'vitest';
import { civilYearMonth, epochDay, isoWeekday, medianInPlace } from './orderHistory';

describe('order history helpers', () => {
  it('counts days from 1970-01-01 and names ISO weekdays as DuckDB isodow does', () => {
    expect(epochDay('1970-01-02')).toBe(1);
    expect(epochDay('2024-03-04')).toBe(19786); // 54 years incl. 13 leap days: 54·365 + 13 + 31 + 29 + 3
    expect(isoWeekday(epochDay('2024-03-04'))).toBe(1); // a Monday
    expect(isoWeekday(epochDay('2024-03-10'))).toBe(7); // a Sunday
    expect(isoWeekday(epochDay('1969-12-31'))).toBe(3); // a Wednesday, before day 0
  });

  it('turns day numbers back into calendar years and months', () => {
    expect(civilYearMonth(0)).toEqual({ year: 1970, month: 1 });
    expect(civilYearMonth(19786)).toEqual({ year: 2024, month: 3 }); // 2024-03-04, counted above
    expect(civilYearMonth(19782)).toEqual({ year: 2024, month: 2 }); // 2024-02-29, a leap day
    expect(civilYearMonth(-1)).toEqual({ year: 1969, month: 12 });
    expect(civilYearMonth(10956)).toEqual({ year: 1999, month: 12 }); // 1999-12-31: 29·365 + 7 leap days + 364
    expect(civilYearMonth(10957)).toEqual({ year: 2000, month: 1 });
  });

  it('takes the median of the values it sorts, the midpoint for an even count', () => {
    expect(medianInPlace(Float64Array.of(9, 1, 4), 3)).toBe(4);
    expect(medianInPlace(Float64Array.of(7, 1, 4, 2, 99), 4)).toBe(3); // only the first four count: 1 2 4 7
    expect(medianInPlace(new Float64Array(0), 0)).toBeNaN();
    const many = Float64Array.from({ length: 41 }, (_, i) => 40 - i); // beyond the insertion-sort size
    expect(medianInPlace(many, 41)).toBe(20);
  });
});
