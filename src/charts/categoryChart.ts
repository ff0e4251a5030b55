import * as Plot from '@observablehq/plot';
import type { ChartMark } from '../core/models/customerChart';

export interface CategoryChartOptions {
  width: number;
  mark: ChartMark;
  labels: { category: string; value: string };
  /** Formats a value for the tip (money, percent or count, in the user's locale). */
  format: (value: number) => string;
  /** Shorter form for the axis ticks (e.g. "12K"), so long money amounts fit the margin. */
  axisFormat?: (value: number) => string;
  /** Large type for presentation mode. */
  large?: boolean;
}

/** One measure per category, as bars, a line or dots, in the order the rows come (the query decides it). */
export function categoryChart(rows: { category: string; value: number | null }[], options: CategoryChartOptions) {
  const data = rows.filter((r) => r.value !== null) as { category: string; value: number }[];
  const domain = data.map((r) => r.category);
  // Long or many labels are turned to fit under their bars.
  const crowded = domain.length > 8 || domain.reduce((n, c) => n + c.length, 0) * 7 > options.width * 0.8;
  const channels = { x: 'category', y: 'value' };
  const mark =
    options.mark === 'bar'
      ? Plot.barY(data, { ...channels, fill: 'var(--chart-bars)' })
      : options.mark === 'line'
        ? Plot.lineY(data, { ...channels, stroke: 'var(--chart-line)', strokeWidth: 2, marker: 'circle' })
        : Plot.dot(data, { ...channels, fill: 'var(--chart-line)', r: 5 });
  return Plot.plot({
    width: options.width,
    height: options.large ? 420 : 260,
    marginLeft: 64,
    marginBottom: crowded ? 80 : 36,
    style: { fontSize: options.large ? '16px' : '11px' },
    x: {
      type: options.mark === 'bar' ? 'band' : 'point',
      domain,
      label: crowded ? null : options.labels.category,
      tickRotate: crowded ? -35 : 0,
    },
    y: { grid: true, label: options.labels.value, tickFormat: options.axisFormat ?? options.format, zero: true },
    marks: [
      mark,
      Plot.ruleY([0]),
      Plot.tip(
        data,
        Plot.pointerX({
          ...channels,
          title: (r: { category: string; value: number }) =>
            `${r.category}\n${options.labels.value}: ${options.format(r.value)}`,
        }),
      ),
    ],
  });
}
