import * as Plot from '@observablehq/plot';
import type { Bin } from '../core/models/overview';

export interface HistogramOptions {
  width: number;
  locale: string;
  label: string;
  /** Logarithmic x axis for skewed measures such as spend. */
  log?: boolean;
  /** Whole-number bins of uneven width (orders: 1, 2, … 11–20, 51+) drawn as labelled bars of equal width. */
  categorical?: boolean;
  format?: (value: number) => string;
}

/**
 * Whole-number ticks for a short linear axis of whole-number bins (everyone last ordered 1 day ago: ticks 1 and 2, not
 * 1.2, 1.4 … days); undefined leaves the ticks to Plot.
 */
export function wholeTicks(bins: { from: number; to: number }[]): number[] | undefined {
  if (bins.length === 0 || !bins.every((b) => Number.isInteger(b.from) && Number.isInteger(b.to))) return undefined;
  const first = bins[0]!.from;
  const last = bins[bins.length - 1]!.to;
  if (last - first > 10) return undefined;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Whole-number count ticks when the tallest bar holds a handful of customers (Plot would tick 0, 0.5, 1). */
export function countTicks(bins: { customers: number }[]): number[] | undefined {
  const tallest = Math.max(0, ...bins.map((b) => b.customers));
  return tallest > 0 && tallest <= 5 ? Array.from({ length: tallest + 1 }, (_, i) => i) : undefined;
}

/** Customers per bin of a measure (bins come from SQL, so a million customers draw as a few dozen bars). */
export function histogramChart(bins: Bin[], options: HistogramOptions) {
  const count = new Intl.NumberFormat(options.locale, { notation: 'compact' });
  const finite = bins.map((b) => ({ ...b, to: Number.isFinite(b.to) ? b.to : b.from * 2 }));
  const format =
    options.format ?? ((v: number) => new Intl.NumberFormat(options.locale, { notation: 'compact' }).format(v));
  if (options.categorical) {
    const label = (b: Bin) =>
      !Number.isFinite(b.to)
        ? `${format(b.from)}+`
        : b.to - b.from === 1
          ? format(b.from)
          : `${format(b.from)}–${format(b.to - 1)}`;
    const bars = bins.map((b) => ({ label: label(b), customers: b.customers }));
    // Labels wider than their bar ("11–20" under a phone-width bar) are turned to fit, as categoryChart does.
    const barWidth = (options.width - 60) / Math.max(1, bars.length);
    const crowded = Math.max(0, ...bars.map((b) => b.label.length)) * 6.5 > barWidth;
    return Plot.plot({
      width: options.width,
      height: crowded ? 180 : 160,
      marginLeft: 40,
      marginBottom: crowded ? 44 : 30,
      x: {
        type: 'band',
        label: crowded ? null : options.label,
        domain: bars.map((b) => b.label),
        tickRotate: crowded ? -45 : 0,
      },
      y: { label: null, grid: true, tickFormat: (d: number) => count.format(d), ticks: countTicks(bins) },
      marks: [
        Plot.barY(bars, { x: 'label', y: 'customers', fill: 'var(--chart-bars)' }),
        Plot.ruleY([0]),
        Plot.tip(
          bars,
          Plot.pointerX({
            x: 'label',
            y: 'customers',
            title: (b: { label: string; customers: number }) => `${b.label}: ${count.format(b.customers)}`,
          }),
        ),
      ],
    });
  }
  return Plot.plot({
    width: options.width,
    height: 160,
    marginLeft: 40,
    x: {
      type: options.log ? 'log' : 'linear',
      label: options.label,
      tickFormat: format,
      ticks: options.log ? undefined : wholeTicks(finite),
    },
    y: { label: null, grid: true, tickFormat: (d: number) => count.format(d), ticks: countTicks(bins) },
    marks: [
      Plot.rectY(finite, { x1: 'from', x2: 'to', y: 'customers', fill: 'var(--chart-bars)', inset: 0.5 }),
      Plot.ruleY([0]),
      Plot.tip(
        finite,
        Plot.pointerX({
          x1: 'from',
          x2: 'to',
          y: 'customers',
          title: (b: Bin) =>
            `${b.includesBelow ? `< ${format(b.to)}` : `${format(b.from)} – ${format(b.to)}`}: ${count.format(b.customers)}`,
        }),
      ),
    ],
  });
}
