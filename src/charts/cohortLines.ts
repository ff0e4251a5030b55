import * as Plot from '@observablehq/plot';
import { localTimeTickFormat } from './timeTicks';

export interface CohortLinesOptions {
  width: number;
  locale: string;
  labels: { month: string; repeatRate: string };
  /** Segment names by index, in the order of the comparison's columns. */
  names: string[];
}

/** Smallest first-order month drawn: a repeat rate of 1 or 2 customers swings between 0 and 100 %. */
export const MIN_COHORT = 5;

/** The segments (by index, of `segments`) with no first-order month large enough to draw: no line of theirs shows. */
export function segmentsWithoutCohorts(rows: { segment: number; customers: number }[], segments: number): number[] {
  const drawn = new Set(rows.filter((r) => r.customers >= MIN_COHORT).map((r) => r.segment));
  return Array.from({ length: segments }, (_, i) => i).filter((i) => !drawn.has(i));
}

/** Repeat rate of each first-order month's customers, one line per segment (cohorts under MIN_COHORT left out). */
export function cohortLinesChart(
  rows: { month: string; segment: number; customers: number; repeatRate: number }[],
  options: CohortLinesOptions,
) {
  const percent = new Intl.NumberFormat(options.locale, { style: 'percent', maximumFractionDigits: 0 });
  const data = rows
    .filter((r) => r.customers >= MIN_COHORT)
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
