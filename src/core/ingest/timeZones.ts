import { quoteLiteral } from '../sql/quote';

/**
 * Time-zone names that exports write beside a local time, read into a UTC offset so that their orders carry one as
 * Shopify's do (`utc_offset_minutes`, ../schema.ts). Only names that say one offset:
 *
 * - **Abbreviations**, as PayPal's activity download writes them in its `TimeZone` column ("the time zone used for
 *   recording transactions in your PayPal account … three-character codes", PayPal Order Management Integration
 *   Guide, Downloadable History Log, table B.1). An abbreviation names standard or summer time itself (PST in
 *   January, PDT in March), so its offset is fixed; the offsets are those of the IANA time zone database (tzdata's
 *   `northamerica`, `europe`, `asia` and `australasia` files). Left out because the database gives them more than one
 *   meaning: CST and CDT (US Central, China, Cuba), IST (India, Ireland, Israel), BST (British Summer, Bangladesh),
 *   AST and ADT (Atlantic, Arabia).
 * - **Zone names** as Square's transactions export writes them in `Time Zone` ("Pacific Time (US & Canada)"): Ruby on
 *   Rails' names (ActiveSupport::TimeZone::MAPPING; "Pacific Time (US & Canada)" is America/Los_Angeles). A zone
 *   keeps summer time by a rule, read from the local time itself:
 *   - `us`: from 02:00 on the second Sunday of March to 02:00 on the first Sunday of November, local time (15 U.S.C.
 *     § 260a as amended by the Energy Policy Act of 2005, in force since 2007; earlier years are left local);
 *   - `eu`: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (Directive
 *     2000/84/EC, the same dates since 1996; earlier years are left local).
 *   The hour repeated when clocks go back is read as summer time, the hour skipped when they go forward too (a local
 *   time the clock never showed).
 *
 * - **IANA time-zone identifiers** ("Europe/Amsterdam", "America/New_York"), as exports written by programs carry
 *   them: those that keep one of the rules above in the years the rules cover (tzdata's `northamerica` and `europe`
 *   files), or no summer time since before 2000 (`asia`, `australasia`, Arizona, Hawaii). Left out: zones whose rules
 *   changed since (Mexico, Turkey, Russia, the Baltic states before 2003, Western Australia's 2006–2009 trial) and
 *   those with other summer-time rules (the southern hemisphere's).
 *
 * Any other name — unknown, misspelt, or ambiguous — leaves the offset NULL: the time stays local as exported, and no
 * offset is guessed.
 */

/** Abbreviation → minutes east of UTC, lower-cased. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  cet: 60,
  cest: 120,
  eet: 120,
  eest: 180,
  nst: -210,
  ndt: -150,
  est: -300,
  edt: -240,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  hkt: 480,
  sgt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  acdt: 630,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** Rails zone name or IANA identifier (lower-cased) → standard offset in minutes east of UTC and its summer-time rule. */
export const ZONE_NAMES: Readonly<Record<string, { standard: number; rule: 'us' | 'eu' | 'none' }>> = {
  'pacific time (us & canada)': { standard: -480, rule: 'us' },
  'mountain time (us & canada)': { standard: -420, rule: 'us' },
  'central time (us & canada)': { standard: -360, rule: 'us' },
  'eastern time (us & canada)': { standard: -300, rule: 'us' },
  alaska: { standard: -540, rule: 'us' },
  arizona: { standard: -420, rule: 'none' },
  hawaii: { standard: -600, rule: 'none' },
  utc: { standard: 0, rule: 'none' },
  tokyo: { standard: 540, rule: 'none' },
  london: { standard: 0, rule: 'eu' },
  edinburgh: { standard: 0, rule: 'eu' },
  dublin: { standard: 0, rule: 'eu' },
  lisbon: { standard: 0, rule: 'eu' },
  amsterdam: { standard: 60, rule: 'eu' },
  berlin: { standard: 60, rule: 'eu' },
  bern: { standard: 60, rule: 'eu' },
  brussels: { standard: 60, rule: 'eu' },
  copenhagen: { standard: 60, rule: 'eu' },
  madrid: { standard: 60, rule: 'eu' },
  paris: { standard: 60, rule: 'eu' },
  prague: { standard: 60, rule: 'eu' },
  rome: { standard: 60, rule: 'eu' },
  stockholm: { standard: 60, rule: 'eu' },
  vienna: { standard: 60, rule: 'eu' },
  warsaw: { standard: 60, rule: 'eu' },
  zurich: { standard: 60, rule: 'eu' },
  athens: { standard: 120, rule: 'eu' },
  helsinki: { standard: 120, rule: 'eu' },
  // IANA identifiers (see above).
  'america/los_angeles': { standard: -480, rule: 'us' },
  'america/vancouver': { standard: -480, rule: 'us' },
  'america/denver': { standard: -420, rule: 'us' },
  'america/edmonton': { standard: -420, rule: 'us' },
  'america/chicago': { standard: -360, rule: 'us' },
  'america/winnipeg': { standard: -360, rule: 'us' },
  'america/new_york': { standard: -300, rule: 'us' },
  'america/toronto': { standard: -300, rule: 'us' },
  'america/detroit': { standard: -300, rule: 'us' },
  'america/halifax': { standard: -240, rule: 'us' },
  'america/anchorage': { standard: -540, rule: 'us' },
  'europe/london': { standard: 0, rule: 'eu' },
  'europe/dublin': { standard: 0, rule: 'eu' },
  'europe/lisbon': { standard: 0, rule: 'eu' },
  'europe/amsterdam': { standard: 60, rule: 'eu' },
  'europe/berlin': { standard: 60, rule: 'eu' },
  'europe/brussels': { standard: 60, rule: 'eu' },
  'europe/copenhagen': { standard: 60, rule: 'eu' },
  'europe/luxembourg': { standard: 60, rule: 'eu' },
  'europe/madrid': { standard: 60, rule: 'eu' },
  'europe/oslo': { standard: 60, rule: 'eu' },
  'europe/paris': { standard: 60, rule: 'eu' },
  'europe/prague': { standard: 60, rule: 'eu' },
  'europe/rome': { standard: 60, rule: 'eu' },
  'europe/stockholm': { standard: 60, rule: 'eu' },
  'europe/vienna': { standard: 60, rule: 'eu' },
  'europe/warsaw': { standard: 60, rule: 'eu' },
  'europe/zurich': { standard: 60, rule: 'eu' },
  'europe/budapest': { standard: 60, rule: 'eu' },
  'europe/bratislava': { standard: 60, rule: 'eu' },
  'europe/ljubljana': { standard: 60, rule: 'eu' },
  'europe/zagreb': { standard: 60, rule: 'eu' },
  'europe/athens': { standard: 120, rule: 'eu' },
  'europe/helsinki': { standard: 120, rule: 'eu' },
  'america/phoenix': { standard: -420, rule: 'none' },
  'pacific/honolulu': { standard: -600, rule: 'none' },
  'etc/utc': { standard: 0, rule: 'none' },
  'asia/tokyo': { standard: 540, rule: 'none' },
  'asia/seoul': { standard: 540, rule: 'none' },
  'asia/shanghai': { standard: 480, rule: 'none' },
  'asia/hong_kong': { standard: 480, rule: 'none' },
  'asia/singapore': { standard: 480, rule: 'none' },
  'asia/kolkata': { standard: 330, rule: 'none' },
  'asia/dubai': { standard: 240, rule: 'none' },
  'australia/brisbane': { standard: 600, rule: 'none' },
};

/**
 * SQL giving the UTC offset in minutes of local time `localTs` (a TIMESTAMP expression) in the zone named by the text
 * expression `zone`, by the tables above; NULL for a name they do not hold or a year before the zone's rule.
 */
export function zoneOffsetMinutesSql(zone: string, localTs: string): string {
  const name = `lower(trim(${zone}))`;
  const year = `year(${localTs})`;
  const day = (month: number, dayOfMonth: number) => `make_date(${year}, ${month}, ${dayOfMonth})`;
  // Sundays as dates: ISO weekday 7 is Sunday, so (7 - isodow) % 7 days on is the first Sunday from that day.
  const firstSundayFrom = (month: number, dayOfMonth: number) =>
    `(${day(month, dayOfMonth)} + CAST((7 - isodow(${day(month, dayOfMonth)})) % 7 AS INTEGER))`;
  const lastSundayOf = (month: number) => `(${day(month, 31)} - CAST(isodow(${day(month, 31)}) % 7 AS INTEGER))`;
  const at = (date: string, minutes: string) => `(CAST(${date} AS TIMESTAMP) + to_minutes(CAST(${minutes} AS BIGINT)))`;
  const usSummer = `${year} >= 2007 AND ${localTs} >= ${at(firstSundayFrom(3, 8), '120')}
    AND ${localTs} < ${at(firstSundayFrom(11, 1), '120')}`;
  // 01:00 UTC in local standard time starts it, 01:00 UTC in local summer time ends it.
  const euSummer = (standard: number) => `${year} >= 1996
    AND ${localTs} >= ${at(lastSundayOf(3), String(60 + standard))}
    AND ${localTs} < ${at(lastSundayOf(10), String(120 + standard))}`;
  const fixed = Object.entries(ZONE_ABBREVIATIONS).map(
    ([abbreviation, minutes]) => `WHEN ${name} = ${quoteLiteral(abbreviation)} THEN ${minutes}`,
  );
  const named = Object.entries(ZONE_NAMES).map(([zoneName, { standard, rule }]) => {
    const offset =
      rule === 'none'
        ? String(standard)
        : `CASE WHEN ${year} < ${rule === 'us' ? 2007 : 1996} THEN NULL
            WHEN ${rule === 'us' ? usSummer : euSummer(standard)} THEN ${standard + 60} ELSE ${standard} END`;
    return `WHEN ${name} = ${quoteLiteral(zoneName)} THEN ${offset}`;
  });
  return `CAST(CASE ${[...fixed, ...named].join('\n    ')} END AS INTEGER)`;
}
