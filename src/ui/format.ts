/** Numbers, money and dates in the user's own locale (issue 3: "numbers formatted for the user's locale"). */
export const userLocale = typeof navigator !== 'undefined' ? navigator.language : 'en-GB';

const integer = new Intl.NumberFormat(userLocale, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(userLocale, { style: 'percent', maximumFractionDigits: 1 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatPercent(share: number): string {
  return percent.format(share);
}

export function formatMoney(value: number, currency: string | null): string {
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return new Intl.NumberFormat(userLocale, { style: 'currency', currency, maximumFractionDigits: 2 }).format(value);
  }
  return new Intl.NumberFormat(userLocale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** `YYYY-MM-DD` → the user's date style, without a time-zone shift (the date is a calendar date, not an instant). */
export function formatDate(isoDate: string | null): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.split('-').map(Number);
  return new Intl.DateTimeFormat(userLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(userLocale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}
