import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { quoteLiteral } from '../sql/quote';
import { ZONE_NAMES, zoneOffsetMinutesSql } from './timeZones';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

async function offset(zone: string, local: string): Promise<number | null> {
  const [result] = await db.all<{ offset: number | null }>(
    `SELECT ${zoneOffsetMinutesSql('z', 'ts')} AS offset
     FROM (SELECT CAST(? AS VARCHAR) AS z, CAST(? AS TIMESTAMP) AS ts)`,
    [zone, local],
  );
  return result.offset === null ? null : Number(result.offset);
}

describe('time-zone names into UTC offsets', () => {
  it('reads PayPal’s abbreviations, each one fixed offset, in any case', async () => {
    expect(await offset('PST', '2024-01-05 09:15:02')).toBe(-480);
    expect(await offset('pdt', '2024-03-12 07:05:09')).toBe(-420);
    expect(await offset(' CET ', '2024-01-05 09:00:00')).toBe(60);
    expect(await offset('CEST', '2024-07-05 09:00:00')).toBe(120);
    expect(await offset('GMT', '2024-07-05 09:00:00')).toBe(0);
  });

  it('follows the US summer-time rule for Square’s US zones: second Sunday of March to first Sunday of November', async () => {
    // 2024: 1 March is a Friday, so the Sundays are the 3rd and the 10th; 1 November is a Friday, the Sunday the 3rd.
    const pacific = 'Pacific Time (US & Canada)';
    expect(await offset(pacific, '2024-03-10 01:59:59')).toBe(-480);
    expect(await offset(pacific, '2024-03-10 03:00:00')).toBe(-420);
    expect(await offset(pacific, '2024-08-02 08:12:45')).toBe(-420);
    // The repeated hour is read as summer time; from 02:00 it is standard time again.
    expect(await offset(pacific, '2024-11-03 01:30:00')).toBe(-420);
    expect(await offset(pacific, '2024-11-03 02:00:00')).toBe(-480);
    // 2025: 1 March is a Saturday, so the second Sunday is the 9th.
    expect(await offset(pacific, '2025-03-08 12:00:00')).toBe(-480);
    expect(await offset(pacific, '2025-03-09 03:00:00')).toBe(-420);
    expect(await offset('Eastern Time (US & Canada)', '2024-12-24 18:00:00')).toBe(-300);
    // Arizona keeps standard time all year.
    expect(await offset('Arizona', '2024-07-01 12:00:00')).toBe(-420);
  });

  it('follows the EU rule for European zones: 01:00 UTC on the last Sundays of March and October', async () => {
    // 2024: 31 March and 27 October are Sundays. In Paris 01:00 UTC is 02:00 in winter and 03:00 in summer.
    expect(await offset('Paris', '2024-03-31 01:59:00')).toBe(60);
    expect(await offset('Paris', '2024-03-31 03:00:00')).toBe(120);
    expect(await offset('Paris', '2024-10-27 02:59:00')).toBe(120);
    expect(await offset('Paris', '2024-10-27 03:00:00')).toBe(60);
    // In London it is 01:00 in winter and 02:00 in summer.
    expect(await offset('London', '2024-10-27 01:59:00')).toBe(60);
    expect(await offset('London', '2024-10-27 02:00:00')).toBe(0);
  });

  it('leaves unknown, ambiguous and out-of-rule names local (NULL), guessing nothing', async () => {
    expect(await offset('CST', '2024-01-05 09:00:00')).toBeNull();
    expect(await offset('IST', '2024-01-05 09:00:00')).toBeNull();
    expect(await offset('Mars Time', '2024-01-05 09:00:00')).toBeNull();
    expect(await offset('', '2024-01-05 09:00:00')).toBeNull();
    // Before 2007 the US rule was another one.
    expect(await offset('Pacific Time (US & Canada)', '2005-07-01 12:00:00')).toBeNull();
  });

  it('reads IANA identifiers as the tz database does: every Monday noon from 2008 to 2026, checked against Intl', async () => {
    // Node's Intl carries its own copy of the tz database (ICU): an independent source for each zone's offset.
    const zones = Object.keys(ZONE_NAMES).filter((name) => name.includes('/'));
    expect(zones).toContain('europe/amsterdam');
    const rows = await db.all<{ zone: string; day: string; offset: number | null }>(
      `SELECT zone, strftime(day, '%Y-%m-%d') AS day, ${zoneOffsetMinutesSql('zone', 'day + INTERVAL 12 HOUR')} AS offset
       FROM unnest([${zones.map(quoteLiteral).join(', ')}]) AS z(zone)
       CROSS JOIN generate_series(TIMESTAMP '2008-01-07', TIMESTAMP '2026-12-28', INTERVAL 7 DAY) AS d(day)`,
    );
    expect(rows.length).toBe(zones.length * 991);
    const intlOffset = (zone: string, instant: Date) => {
      const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(instant)
        .find((part) => part.type === 'timeZoneName')!.value;
      const [, sign, hours, minutes] = /^GMT(?:([+-])(\d\d):(\d\d))?$/.exec(name)!;
      return sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
    };
    const wrong = rows.filter(({ zone, day, offset }) => {
      const noonAsUtc = new Date(`${day}T12:00:00Z`);
      // Noon local is never near a clock change (they happen between 01:00 and 03:00), so one correction settles it.
      const guess = intlOffset(zone, new Date(noonAsUtc.getTime() - intlOffset(zone, noonAsUtc) * 60_000));
      return Number(offset) !== guess;
    });
    expect(wrong).toEqual([]);
  });
});
