import { describe, expect, it } from 'vitest';
import { monthlyDomain } from './monthlyOrdersRevenue';

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('monthlyDomain', () => {
  it('widens one month to six: two before, three after (March to the end of August)', () => {
    expect(monthlyDomain(['2018-05'])).toEqual([utc('2018-03-01'), utc('2018-09-01')]);
  });

  it('crosses a year boundary', () => {
    // January 2024 alone: November 2023 to the end of April 2024.
    expect(monthlyDomain(['2024-01'])).toEqual([utc('2023-11-01'), utc('2024-05-01')]);
    // November to January is three months: one more before, two after.
    expect(monthlyDomain(['2023-11', '2024-01'])).toEqual([utc('2023-10-01'), utc('2024-04-01')]);
  });

  it('spans exactly the data from six months on', () => {
    expect(monthlyDomain(['2023-01', '2023-06'])).toEqual([utc('2023-01-01'), utc('2023-07-01')]);
    expect(monthlyDomain(['2023-01', '2023-04', '2023-12'])).toEqual([utc('2023-01-01'), utc('2024-01-01')]);
  });
});
