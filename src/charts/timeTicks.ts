/**
 * Tick labels for a UTC time axis in the reader's language. Plot's default time ticks are English ("Jan", "Apr";
 * a top-level locale option is still an open request: https://github.com/observablehq/plot/issues/384), so the axes
 * pass this as `tickFormat`. The rule is d3's multi-scale time format (d3-scale, `scaleTime().tickFormat()`): the
 * year on a tick that starts a year, the month on one that starts a month, else day and month — plus the year under
 * the first tick, so a short span still says which year it is.
 */
export function localTimeTickFormat(locale: string): (date: Date, index: number) => string {
  const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (date, index) => {
    const year = String(date.getUTCFullYear());
    const startsMonth = date.getTime() % 86_400_000 === 0 && date.getUTCDate() === 1;
    if (startsMonth && date.getUTCMonth() === 0) return year;
    const label = startsMonth ? month.format(date) : day.format(date);
    return index === 0 ? `${label}\n${year}` : label;
  };
}
