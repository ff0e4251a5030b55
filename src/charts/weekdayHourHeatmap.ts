import * as Plot from '@observablehq/plot';

export interface HeatmapOptions {
  width: number;
  locale: string;
  /** Weekday names in the user's language, Monday first (ISO weekdays 1–7). */
  weekdays: string[];
  labels: { hour: string; orders: string };
}

/** Orders per weekday (rows) × local hour (columns): when this shop's (or a group's) customers buy. */
export function weekdayHourHeatmapChart(
  cells: { weekday: number; hour: number; orders: number; share: number }[],
  options: HeatmapOptions,
) {
  const percent = new Intl.NumberFormat(options.locale, { style: 'percent', maximumFractionDigits: 1 });
  const data = cells.map((c) => ({ ...c, day: options.weekdays[c.weekday - 1] }));
  return Plot.plot({
    width: options.width,
    height: 240,
    marginLeft: 80,
    padding: 0.05,
    x: {
      type: 'band',
      label: options.labels.hour,
      domain: Array.from({ length: 24 }, (_, h) => h),
      tickFormat: (h: number) => (h % 3 === 0 ? String(h) : ''),
    },
    y: { type: 'band', label: null, domain: options.weekdays },
    color: {
      type: 'linear',
      scheme: 'blues',
      legend: true,
      label: options.labels.orders,
      tickFormat: (d: number) => percent.format(d),
    },
    marks: [
      Plot.cell(data, { x: 'hour', y: 'day', fill: 'share', inset: 0.5 }),
      Plot.tip(
        data,
        Plot.pointer({
          x: 'hour',
          y: 'day',
          title: (c: { day: string; hour: number; orders: number; share: number }) =>
            `${c.day} ${c.hour}:00–${c.hour}:59\n${options.labels.orders}: ${c.orders} (${percent.format(c.share)})`,
        }),
      ),
    ],
  });
}
