import * as Plot from '@observablehq/plot';
import type { MonthlyPoint } from '../core/ingest/types';

export interface MonthlyChartOptions {
  width: number;
  locale: string;
  currency: string | null;
  labels: { orders: string; revenue: string };
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
  return Plot.plot({
    width: options.width,
    height: 240,
    marginLeft: 48,
    marginRight: 56,
    x: { type: 'utc', label: null },
    y: { grid: true },
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
      }),
      Plot.axisY({ anchor: 'left', label: options.labels.orders, tickFormat: (d: number) => count.format(d) }),
      Plot.axisY({
        anchor: 'right',
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
