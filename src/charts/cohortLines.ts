import * as Plot from '@observablehq/plot';
import { localTimeTickFormat } from './timeTicks';

export interface CohortLinesOptions {
  width: number;
  locale: string;
  labels: { month: string; repeatRate: string };
  /** Segment names by index, in the order of the comparison's columns. */
  names: string[];
}

/** Repeat rate of each first-order month's customers, one line per segment (cohorts smaller than 5 are left out). */
export function cohortLinesChart(
  rows: { month: string; segment: number; customers: number; repeatRate: number }[],
  options: CohortLinesOptions,
) {
  const percent = new Intl.NumberFormat(options.locale, { style: 'percent', maximumFractionDigits: 0 });
  const data = rows
    .filter((r) => r.customers >= 5)
    .map((r) => ({ ...r, date: new Date(`${r.month}-01T00:00:00Z`), name: options.names[r.segment] }));
  return Plot.plot({
    width: options.width,
    height: 240,
    marginLeft: 48,
    x: { type: 'utc', label: options.labels.month, tickFormat: localTimeTickFormat(options.locale) },
    y: { grid: true, label: options.labels.repeatRate, tickFormat: (d: number) => percent.format(d), domain: [0, 1] },
    color: { legend: true, domain: options.names, scheme: 'tableau10' },
    marks: [
      Plot.lineY(data, { x: 'date', y: 'repeatRate', stroke: 'name', strokeWidth: 2 }),
      Plot.ruleY([0]),
      Plot.tip(
        data,
        Plot.pointer({
          x: 'date',
          y: 'repeatRate',
          title: (r: { name: string; month: string; repeatRate: number; customers: number }) =>
            `${r.name} · ${r.month}\n${options.labels.repeatRate}: ${percent.format(r.repeatRate)} (${r.customers})`,
        }),
      ),
    ],
  });
}
