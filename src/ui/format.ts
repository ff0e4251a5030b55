/** Numbers, money and dates in the user's locale (pass `i18n.locale`). Pure, so the Node tests can use it too. */

/**
 * Formatters by locale and options, made once: constructing an Intl formatter costs far more than formatting with
 * one, and a table page formats hundreds of cells on every redraw.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `number|${locale}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(locale, options));
  return formatters.get(key) as Intl.NumberFormat;
}
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `date|${locale}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) formatters.set(key, new Intl.DateTimeFormat(locale, options));
  return formatters.get(key) as Intl.DateTimeFormat;
}

export function formatInteger(locale: string, value: number): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Short numbers for chart axes: 12K, 1.2M (the locale's own abbreviations). */
export function formatCompact(locale: string, value: number): string {
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Shares to one decimal; one too small for that shows as "< 0.1%", never "0%" (1 customer of 5,000 is not none). */
export function formatPercent(locale: string, share: number): string {
  const percent = numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return share > 0 && share < 0.0005 ? `< ${percent.format(0.001)}` : percent.format(share);
}

export function formatMoney(locale: string, value: number, currency: string | null): string {
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return numberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
  }
  return numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** Money in the locale's compact notation (€300K, 1,3 M €), for chart axes. */
export function formatMoneyCompact(locale: string, value: number, currency: string | null): string {
  const style: Intl.NumberFormatOptions =
    currency && /^[A-Z]{3}$/.test(currency) ? { style: 'currency', currency } : {};
  return numberFormat(locale, {
    ...style,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(value);
}

/** An ISO weekday (1 = Monday … 7 = Sunday) by name in the locale: "mardi", "Tue". */
export function formatWeekday(locale: string, isoWeekday: number, style: 'long' | 'short'): string {
  // 2024-01-01 was a Monday.
  return dateFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, isoWeekday)));
}

/** `YYYY-MM-DD` → the locale's date style, with no time-zone shift (a calendar date, not an instant). */
export function formatDate(locale: string, isoDate: string | null): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.split('-').map(Number);
  return dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

export function formatBytes(locale: string, bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${numberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/**
 * A date pattern such as "dd/mm/yyyy hh:mm" in the letters a language writes it with (French "jj/mm/aaaa", Dutch
 * "dd/mm/jjjj uu:mm"): `letters` gives the year's, the day's and the hour's letter, in that order; month, minute and
 * second keep theirs (m, m, s in all three languages).
 */
export function localDatePattern(pattern: string, letters: string): string {
  const [year, day, hour] = [...letters];
  return pattern.replace(/[ydh]/g, (letter) => (letter === 'y' ? year : letter === 'd' ? day : hour));
}

/** Whether the locale writes 1.5 as "1,5": its spreadsheets then split CSV files at ";" (exports.ts). */
export function usesDecimalComma(locale: string): boolean {
  return new Intl.NumberFormat(locale).formatToParts(1.5).some((part) => part.type === 'decimal' && part.value === ',');
}
