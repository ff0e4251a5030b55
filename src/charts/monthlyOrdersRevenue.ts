import * as Plot from '@observablehq/plot';
import { localTimeTickFormat } from './timeTicks';
import type { MonthlyPoint } from '../core/ingest/types';

export interface MonthlyChartOptions {
  width: number;
  locale: string;
  currency: string | null;
  labels: { orders: string; revenue: string };
}

/** Fewest months the time axis spans: a file of one or two months would otherwise fill the width with one bar. */
const MINIMUM_MONTHS = 6;

/**
 * The time axis: from the first month's start to the end of the last month, widened evenly (the extra month on the
 * right when odd) to at least MINIMUM_MONTHS, so a short file reads as a few bars on a timeline. `months` are
 * YYYY-MM, ascending.
 */
export function monthlyDomain(months: string[]): [Date, Date] {
  const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const first = monthIndex(months[0]!);
  const end = monthIndex(months[months.length - 1]!) + 1;
  const missing = Math.max(0, MINIMUM_MONTHS - (end - first));
  const start = first - Math.floor(missing / 2);
  const stop = end + Math.ceil(missing / 2);
  const date = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));
  return [date(start), date(stop)];
}

/**
 * Orders (bars) and revenue (line, right-hand scale) per month. Two measures with different units share the x axis;
 * revenue is rescaled onto the orders axis and labelled on its own axis so neither is misread.
 */
export function monthlyOrdersRevenueChart(
  monthly: MonthlyPoint[],
  options: MonthlyChartOptions,
): SVGSVGElement | HTMLElement {
  const points = monthly.map((m) => ({ ...m, date: new Date(`${m.month}-01T00:00:00Z`) }));
  const maxOrders = Math.max(1, ...points.map((p) => p.orders));
  const maxRevenue = Math.max(1, ...points.map((p) => p.revenue));
  const scale = maxOrders / maxRevenue;
  const money = new Intl.NumberFormat(options.locale, {
    notation: 'compact',
    ...(options.currency ? { style: 'currency', currency: options.currency } : {}),
  });
  const count = new Intl.NumberFormat(options.locale, { notation: 'compact' });
  // Whole orders only: with three orders in the file the default ticks would say 0.5, 1.5 and 2.5 orders.
  const ticks = Math.min(maxOrders, 8);
  return Plot.plot({
    width: options.width,
    height: 240,
    marginLeft: 48,
    marginRight: 56,
    x: {
      type: 'utc',
      tickFormat: localTimeTickFormat(options.locale),
      label: null,
      ...(points.length > 0 ? { domain: monthlyDomain(monthly.map((m) => m.month)) } : {}),
    },
    y: { grid: true, ticks },
    marks: [
      Plot.rectY(points, {
        x1: 'date',
        x2: (p: { date: Date }) => new Date(Date.UTC(p.date.getUTCFullYear(), p.date.getUTCMonth() + 1, 1)),
        y: 'orders',
        fill: 'var(--chart-bars)',
        inset: 0.5,
      }),
      Plot.lineY(points, {
        x: (p: { date: Date }) => new Date(p.date.getTime() + 14 * 86_400_000),
        y: (p: MonthlyPoint) => p.revenue * scale,
        stroke: 'var(--chart-line)',
        strokeWidth: 2,
        // One or two months make no line to speak of: mark each month's revenue.
        marker: points.length < 3 ? 'circle' : undefined,
      }),
      Plot.axisY({ anchor: 'left', ticks, label: options.labels.orders, tickFormat: (d: number) => count.format(d) }),
      Plot.axisY({
        anchor: 'right',
        ticks,
        label: options.labels.revenue,
        tickFormat: (d: number) => money.format(d / scale),
      }),
      Plot.tip(
        points,
        Plot.pointerX({
          x: (p: { date: Date }) => new Date(p.date.getTime() + 14 * 86_400_000),
          y: 'orders',
          title: (p: MonthlyPoint) =>
            `${p.month}\n${options.labels.orders}: ${count.format(p.orders)}\n${options.labels.revenue}: ${money.format(p.revenue)}`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}
