import { literalList } from '../../sql/quote';

/**
 * Date formats, decided from sample values. DuckDB cannot tell day-first from month-first when no day exceeds 12
 * (ARCHITECTURE.md), so we decide: a first number > 12 means day-first, a second > 12 month-first; otherwise the
 * file is ambiguous and we fall back to the convention of its dialect and tell the user (an ambiguous_date_format
 * issue), unless they chose the order explicitly.
 */
export type DateKind =
  'iso' | 'shopify' | 'yyyymmdd' | 'ymd' | 'dmy' | 'mdy' | 'monthName' | 'epochSeconds' | 'epochMillis';

export interface DateFormatGuess {
  kind: DateKind;
  /** Separator of dmy/mdy dates: '/', '-' or '.'. */
  separator: string;
  twoDigitYear: boolean;
  ambiguous: boolean;
  /** How the summary names it, e.g. "dd-mm-yyyy". */
  label: string;
}

const SHOPIFY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
// The offset may be hours only (`+00`): PostgreSQL prints timestamptz so, and DuckDB casts TIMESTAMPTZ to text so.
const ISO = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?$/;
const COMPACT = /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;
/** A time of day: 24-hour, or 12-hour with AM/PM as US spreadsheets and Magento write it (`2:22 PM`). */
const TIME_OF_DAY = String.raw`\d{1,2}:\d{2}(:\d{2})?(\s?[AaPp][Mm])?`;
/** …after the date, optionally. */
const TIME = `([ T]${TIME_OF_DAY})?`;
const DAY_MONTH = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME}$`);
/** Year first with slashes or dots, or without zero padding: 2024/03/01, 2024-3-5. */
const YEAR_MONTH_DAY = new RegExp(`^\\d{4}([/.-])\\d{1,2}\\1\\d{1,2}${TIME}$`);
/**
 * Month names, as Excel prints a date cell formatted so and Stripe's exports write them: 5 Mar 2024, 05-Mar-2024,
 * March 5, 2024, Magento's Mar 5, 2024 2:22:10 PM — and in French, Dutch and German spreadsheets: 5 mars 2024,
 * 5 mrt. 2024, 5. März 2024. The name itself is checked against MONTH_NAMES when the SQL reads it; a word that is not
 * a month makes the row unparseable.
 */
const MONTH_NAME = new RegExp(
  String.raw`^(\d{1,2}\.?[ -]\p{L}{3,9}\.?[ -]\d{4}|\p{L}{3,9}\.? \d{1,2},? \d{4})(,?[ T]` + TIME_OF_DAY + ')?$',
  'u',
);
/**
 * Seconds or milliseconds since 1970 (UTC), as APIs (Stripe's `created`) and Parquet files without a timestamp type
 * store them. Only between 1990 and 2100, and only for the column the headers named as the order date: a column of
 * ten-digit ids must not pass for dates when the mapping is guessed from values.
 */
const EPOCH_SECONDS = /^\d{9,10}$/;
const EPOCH_MILLIS = /^\d{12,13}$/;
const EPOCH_FROM = Date.UTC(1990, 0, 1) / 1000;
const EPOCH_UNTIL = Date.UTC(2100, 0, 1) / 1000;

export function detectDateFormat(
  values: string[],
  fallbackOrder: 'DMY' | 'MDY',
  explicitOrder?: 'DMY' | 'MDY',
  options: { epoch?: boolean } = {},
): DateFormatGuess | null {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  if (present.length === 0) return null;
  // Half the sample is enough to recognise a format: the rest are the rows the import will report as unparseable.
  const share = (re: RegExp, accept = (_: string) => true) =>
    present.filter((v) => re.test(v) && accept(v)).length / present.length;
  if (options.epoch) {
    const within = (scale: number) => (v: string) => Number(v) / scale >= EPOCH_FROM && Number(v) / scale < EPOCH_UNTIL;
    if (share(EPOCH_SECONDS, within(1)) >= 0.5)
      return { kind: 'epochSeconds', separator: '', twoDigitYear: false, ambiguous: false, label: 'unix s' };
    if (share(EPOCH_MILLIS, within(1000)) >= 0.5)
      return { kind: 'epochMillis', separator: '', twoDigitYear: false, ambiguous: false, label: 'unix ms' };
  }
  if (share(SHOPIFY) >= 0.5)
    return {
      kind: 'shopify',
      separator: '-',
      twoDigitYear: false,
      ambiguous: false,
      label: 'yyyy-mm-dd hh:mm:ss ±hhmm',
    };
  if (share(ISO) >= 0.5)
    return { kind: 'iso', separator: '-', twoDigitYear: false, ambiguous: false, label: 'yyyy-mm-dd' };
  if (share(COMPACT) >= 0.5)
    return { kind: 'yyyymmdd', separator: '', twoDigitYear: false, ambiguous: false, label: 'yyyymmdd' };
  const yearFirst = present.map((v) => YEAR_MONTH_DAY.exec(v)).filter((m): m is RegExpExecArray => m !== null);
  if (yearFirst.length / present.length >= 0.5) {
    const separator = mostCommon(yearFirst.map((m) => m[1]));
    return { kind: 'ymd', separator, twoDigitYear: false, ambiguous: false, label: `yyyy${separator}mm${separator}dd` };
  }
  if (share(MONTH_NAME) >= 0.5)
    return { kind: 'monthName', separator: ' ', twoDigitYear: false, ambiguous: false, label: 'd mmm yyyy' };
  const matches = present.map((v) => DAY_MONTH.exec(v)).filter((m): m is RegExpExecArray => m !== null);
  if (matches.length / present.length < 0.5) return null;
  const separator = mostCommon(matches.map((m) => m[2]));
  const twoDigitYear = matches.filter((m) => m[4].length === 2).length > matches.length / 2;
  const firstOver12 = matches.some((m) => Number(m[1]) > 12);
  const secondOver12 = matches.some((m) => Number(m[3]) > 12);
  let order: 'DMY' | 'MDY';
  let ambiguous = false;
  if (explicitOrder) order = explicitOrder;
  else if (firstOver12 && !secondOver12) order = 'DMY';
  else if (secondOver12 && !firstOver12) order = 'MDY';
  else {
    order = fallbackOrder;
    ambiguous = true;
  }
  return dayMonthGuess(order, separator, twoDigitYear, ambiguous);
}

function dayMonthGuess(
  order: 'DMY' | 'MDY',
  separator: string,
  twoDigitYear: boolean,
  ambiguous: boolean,
): DateFormatGuess {
  const year = twoDigitYear ? 'yy' : 'yyyy';
  const label = order === 'DMY' ? `dd${separator}mm${separator}${year}` : `mm${separator}dd${separator}${year}`;
  return { kind: order === 'DMY' ? 'dmy' : 'mdy', separator, twoDigitYear, ambiguous, label };
}

/**
 * SQL counting, over every value of a column, dates whose first or second number is above 12: the evidence the
 * sample lacked when its rows all fell in the first twelve days of their months (a file sorted by date starting on
 * the 1st). One more pass over the file, paid only when the sample could not tell.
 */
export function dayMonthEvidenceSql(column: string, from: string): string {
  const part = (n: 1 | 2) =>
    `TRY_CAST(regexp_extract(trim(${column}), '^(\\d{1,2})[/.-](\\d{1,2})[/.-]', ${n}) AS INTEGER)`;
  return `SELECT count(*) FILTER (WHERE ${part(1)} > 12) AS first_over_12,
    count(*) FILTER (WHERE ${part(2)} > 12) AS second_over_12 FROM ${from}`;
}

/** The order the whole column shows, when only one of its two numbers ever exceeds 12; else the guess unchanged. */
export function settleDayMonthOrder(
  guess: DateFormatGuess,
  evidence: { first_over_12: number; second_over_12: number },
): DateFormatGuess {
  if (guess.kind !== 'dmy' && guess.kind !== 'mdy') return guess;
  const { first_over_12: first, second_over_12: second } = evidence;
  if (first > 0 && second === 0) return dayMonthGuess('DMY', guess.separator, guess.twoDigitYear, false);
  if (second > 0 && first === 0) return dayMonthGuess('MDY', guess.separator, guess.twoDigitYear, false);
  return guess;
}

function mostCommon(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

/**
 * Day/month order to assume when the sample cannot tell: month-first only for `/` dates in a comma-delimited file
 * (the US Excel export); day-first for everything else we meet (European `;` files, `.` and `-` separators).
 */
export function conventionalOrder(delimiter: string | null, sampleValues: string[]): 'DMY' | 'MDY' {
  const slash = sampleValues.some((v) => /^\d{1,2}\/\d{1,2}\//.test(v.trim()));
  return slash && delimiter === ',' ? 'MDY' : 'DMY';
}

/** SQL parsing a text column into the local wall-clock TIMESTAMP (NULL when unparseable). */
export function timestampSql(column: string, guess: DateFormatGuess): string {
  switch (guess.kind) {
    case 'shopify':
      // `2024-03-05 14:22:10 +0100`: the first 19 characters are ISO, which DuckDB's cast parses fastest.
      return `TRY_CAST(left(${column}, 19) AS TIMESTAMP)`;
    case 'iso':
      // Keep the wall-clock part; an offset, when printed, is kept separately by offsetMinutesSql.
      return `TRY_CAST(replace(left(trim(${column}), 19), 'T', ' ') AS TIMESTAMP)`;
    case 'yyyymmdd':
      return `try_strptime(trim(${column}), '%Y%m%d')`;
    case 'epochSeconds':
      // UTC, like the number; offsetMinutesSql says so. Out-of-range values land in the import's date checks.
      return `epoch_ms(TRY_CAST(trim(${column}) AS BIGINT) * 1000)`;
    case 'epochMillis':
      return `epoch_ms(TRY_CAST(trim(${column}) AS BIGINT))`;
    case 'monthName':
      return monthNameTimestampSql(column);
    case 'ymd':
    case 'dmy':
    case 'mdy': {
      const s = guess.separator;
      const year = guess.twoDigitYear ? '%y' : '%Y';
      const date =
        guess.kind === 'ymd' ? `%Y${s}%m${s}%d` : guess.kind === 'dmy' ? `%d${s}%m${s}${year}` : `%m${s}%d${s}${year}`;
      // Most likely first: each failed format costs a parse attempt per value; 12-hour clocks are the rarest.
      const formats = [date, `${date} %H:%M:%S`, `${date} %H:%M`, `${date}T%H:%M:%S`].concat(
        ['%I:%M:%S %p', '%I:%M %p', '%I:%M:%S%p', '%I:%M%p'].map((time) => `${date} ${time}`),
      );
      return `try_strptime(trim(${column}), [${literalList(formats)}])`;
    }
  }
}

/** SQL extracting a printed UTC offset (`+0100`, `-04:00`, `Z`) in minutes, or NULL. */
export function offsetMinutesSql(column: string, guess: DateFormatGuess): string {
  if (guess.kind === 'shopify') {
    // Fixed layout: the offset is always the last five characters, so substrings beat regular expressions.
    return `(CASE WHEN substr(${column}, -5, 1) = '-' THEN -1 ELSE 1 END) *
      (TRY_CAST(substr(${column}, -4, 2) AS INTEGER) * 60 + TRY_CAST(substr(${column}, -2, 2) AS INTEGER))`;
  }
  if (guess.kind === 'epochSeconds' || guess.kind === 'epochMillis') return '0';
  if (guess.kind !== 'iso') return 'CAST(NULL AS INTEGER)';
  const match = `regexp_extract(trim(${column}), '([+-])(\\d{2}):?(\\d{2})?$', ['sign', 'h', 'm'])`;
  return `CASE WHEN trim(${column}) LIKE '%Z' THEN 0
    WHEN regexp_matches(trim(${column}), '\\d[ T]?\\d{2}:\\d{2}(:\\d{2})?(\\.\\d+)? ?[+-]\\d{2}(:?\\d{2})?$')
    THEN (CASE WHEN ${match}.sign = '-' THEN -1 ELSE 1 END)
      * (CAST(${match}.h AS INTEGER) * 60 + coalesce(TRY_CAST(${match}.m AS INTEGER), 0))
    END`;
}

/**
 * Month names and their usual abbreviations in the languages the column mapping knows (English, French, Dutch,
 * German), lower case without the abbreviation's dot; no word names two different months across these languages.
 * DuckDB's strptime knows only English names (%b, %B), so the name is looked up here instead.
 */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['jan', 'january', 'janv', 'janvier', 'januari', 'januar', 'jän', 'jänner'],
  ['feb', 'february', 'févr', 'fevr', 'février', 'fevrier', 'februari', 'februar'],
  ['mar', 'march', 'mars', 'mrt', 'maart', 'mär', 'mrz', 'märz', 'maerz'],
  ['apr', 'april', 'avr', 'avril'],
  ['may', 'mai', 'mei'],
  ['jun', 'june', 'juin', 'juni'],
  ['jul', 'july', 'juil', 'juillet', 'juli'],
  ['aug', 'august', 'août', 'aout', 'augustus'],
  ['sep', 'sept', 'september', 'septembre'],
  ['oct', 'october', 'octobre', 'okt', 'oktober'],
  ['nov', 'november', 'novembre'],
  ['dec', 'december', 'déc', 'décembre', 'decembre', 'dez', 'dezember'],
];

/**
 * SQL reading `5 mars 2024`, `05-Mar-2024`, `5. März 2024` or `Mar 5, 2024 2:22:10 PM` (Magento): day, name, year and
 * time of day taken apart with a regular expression, the name looked up in MONTH_NAMES, the date assembled as ISO text
 * so that a day the month lacks (31 April) is NULL (unparseable) rather than an error.
 */
function monthNameTimestampSql(column: string): string {
  const value = `lower(trim(${column}))`;
  const time = String.raw`(?:,?[ t](\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]m)?))?$`;
  const dayFirst = `regexp_extract(${value}, '${String.raw`^(\d{1,2})\.?[ -](\pL+)\.?[ -](\d{4})`}${time}', ['d', 'm', 'y', 't'])`;
  const monthFirst = `regexp_extract(${value}, '${String.raw`^(\pL+)\.? (\d{1,2}),? (\d{4})`}${time}', ['m', 'd', 'y', 't'])`;
  const names = MONTH_NAMES.flat();
  const numbers = MONTH_NAMES.flatMap((words, i) => words.map(() => i + 1));
  const month = (parts: string) => `[${numbers.join(', ')}][list_position([${literalList(names)}], ${parts}.m)]`;
  const withTime = ['%H:%M:%S', '%H:%M', '%I:%M:%S %p', '%I:%M %p', '%I:%M:%S%p', '%I:%M%p'].map(
    (t) => `%Y-%m-%d ${t}`,
  );
  const timestamp = (parts: string) => {
    const date = `${parts}.y || '-' || lpad(CAST(${month(parts)} AS VARCHAR), 2, '0') || '-' || lpad(${parts}.d, 2, '0')`;
    return `CASE WHEN ${parts}.t = '' THEN TRY_CAST(${date} AS TIMESTAMP)
      ELSE try_strptime(${date} || ' ' || upper(${parts}.t), [${literalList(withTime)}]) END`;
  };
  return `coalesce(${timestamp(dayFirst)}, ${timestamp(monthFirst)})`;
}
