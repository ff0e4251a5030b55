import * as Plot from '@observablehq/plot';

export interface OverdueScatterOptions {
  width: number;
  locale: string;
  /** Days since last order ≥ ratio × typical gap is overdue: the line drawn at that ratio. */
  overdueRatio: number;
  labels: { gap: string; since: string; overdue: string; onTrack: string; due: string };
  /** Called with the customer of the point under the pointer when the chart is clicked. */
  onpick?: (customerId: string) => void;
}

interface OverduePoint {
  customer_id: string;
  typical_gap_days: number;
  days_since_last_order: number;
  overdue: boolean;
}

/**
 * Each repeat customer's typical gap between orders (x, log) against days since the last order (y, log): the
 * diagonal is "due now", the steeper line the overdue threshold. A weekly buyer gone eight weeks sits far above
 * it; a quarterly buyer at eight weeks sits below — which a single days-since cut-off cannot show.
 */
export function overdueScatterChart(points: OverduePoint[], options: OverdueScatterOptions) {
  const data = points
    .filter((p) => p.typical_gap_days > 0)
    .map((p) => ({ ...p, since: Math.max(1, p.days_since_last_order) }));
  const gaps = data.map((p) => p.typical_gap_days);
  const low = Math.max(1, Math.min(...gaps, 1));
  const high = Math.max(...gaps, 2);
  const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 });
  const figure = Plot.plot({
    width: options.width,
    height: 320,
    marginLeft: 52,
    x: { type: 'log', label: options.labels.gap, tickFormat: (d: number) => number.format(d) },
    y: { type: 'log', label: options.labels.since, tickFormat: (d: number) => number.format(d) },
    color: {
      legend: true,
      domain: [options.labels.onTrack, options.labels.overdue],
      range: ['var(--chart-bars)', '#dc2626'],
    },
    marks: [
      Plot.dot(data, {
        x: 'typical_gap_days',
        y: 'since',
        r: 2.2,
        fill: (p: { overdue: boolean }) => (p.overdue ? options.labels.overdue : options.labels.onTrack),
        fillOpacity: 0.6,
      }),
      Plot.line(
        [
          [low, low],
          [high, high],
        ],
        { stroke: 'var(--muted)', strokeDasharray: '4 3' },
      ),
      Plot.line(
        [
          [low, low * options.overdueRatio],
          [high, high * options.overdueRatio],
        ],
        { stroke: '#dc2626', strokeWidth: 1.5 },
      ),
      // Drawn after the points, along the dashed line on its side away from the overdue line (a horizontal label,
      // long in French, would cross that line), with a halo in the card's colour over the points beneath it.
      Plot.text([[high, high]], {
        text: () => options.labels.due,
        textAnchor: 'end',
        lineAnchor: 'top',
        dy: 5,
        fill: 'var(--muted)',
        stroke: 'var(--card)',
        strokeWidth: 4,
        paintOrder: 'stroke',
        // The line's slope on screen depends on both log scales' extents and the chart's shape: read from the scales.
        render: (index, scales, values, dimensions, context, next) => {
          const x = scales.x as (value: number) => number;
          const y = scales.y as (value: number) => number;
          values.rotate = [(Math.atan2(y(high) - y(low), x(high) - x(low)) * 180) / Math.PI];
          return next!(index, scales, values, dimensions, context);
        },
      }),
      Plot.tip(
        data,
        Plot.pointer({
          x: 'typical_gap_days',
          y: 'since',
          title: (p: OverduePoint) =>
            `${p.customer_id}\n${options.labels.gap}: ${number.format(p.typical_gap_days)}\n${options.labels.since}: ${number.format(p.days_since_last_order)}`,
        }),
      ),
    ],
  });
  const { onpick } = options;
  if (onpick) {
    // The pointer transform sets the figure's value to the point its tip shows (Plot's "pointer" docs,
    // https://observablehq.com/plot/interactions/pointer): a click opens that customer.
    figure.style.cursor = 'pointer';
    figure.addEventListener('click', () => {
      const point = (figure as { value?: OverduePoint | null }).value;
      if (point) onpick(point.customer_id);
    });
  }
  return figure;
}
