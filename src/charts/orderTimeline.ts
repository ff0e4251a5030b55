import * as Plot from '@observablehq/plot';
import { localTimeTickFormat } from './timeTicks';

export interface TimelineOrder {
  ordered_at: string;
  amount: number;
}

/** One customer's orders on a time axis, dot area proportional to the amount (Plot's r scale is sqrt). */
export function orderTimelineChart(
  orders: TimelineOrder[],
  options: { width: number; locale: string; currency: string | null },
) {
  const money = new Intl.NumberFormat(
    options.locale,
    options.currency ? { style: 'currency', currency: options.currency } : {},
  );
  const points = orders.map((o) => ({ ...o, date: new Date(o.ordered_at.replace(' ', 'T') + ':00Z') }));
  return Plot.plot({
    width: options.width,
    height: 110,
    marginLeft: 10,
    marginRight: 20,
    x: { type: 'utc', label: null, tickFormat: localTimeTickFormat(options.locale) },
    y: { axis: null },
    r: { range: [3, 14] },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--border)' }),
      Plot.dot(points, {
        x: 'date',
        y: 0,
        r: (p: TimelineOrder) => Math.max(0, p.amount),
        fill: 'var(--accent)',
        fillOpacity: 0.6,
      }),
      Plot.tip(
        points,
        Plot.pointerX({ x: 'date', y: 0, title: (p: TimelineOrder) => `${p.ordered_at}\n${money.format(p.amount)}` }),
      ),
    ],
  });
}
