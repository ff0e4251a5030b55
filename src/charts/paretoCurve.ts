import * as Plot from '@observablehq/plot';

export interface ParetoOptions {
  width: number;
  locale: string;
  labels: { customers: string; revenue: string };
}

/**
 * Cumulative share of revenue against share of customers, best customers first (a Lorenz-style Pareto curve). The
 * diagonal is what equal customers would give; the gap above it is how concentrated revenue is.
 */
export function paretoCurveChart(points: { customerShare: number; revenueShare: number }[], options: ParetoOptions) {
  const percent = new Intl.NumberFormat(options.locale, { style: 'percent', maximumFractionDigits: 0 });
  return Plot.plot({
    width: options.width,
    height: 220,
    marginLeft: 44,
    x: { label: options.labels.customers, domain: [0, 1], tickFormat: (d: number) => percent.format(d) },
    y: { label: options.labels.revenue, domain: [0, 1], grid: true, tickFormat: (d: number) => percent.format(d) },
    marks: [
      Plot.line(
        [
          [0, 0],
          [1, 1],
        ],
        { stroke: 'var(--border)', strokeDasharray: '4,4' },
      ),
      Plot.areaY(points, { x: 'customerShare', y: 'revenueShare', fill: 'var(--chart-bars)', fillOpacity: 0.3 }),
      Plot.lineY(points, { x: 'customerShare', y: 'revenueShare', stroke: 'var(--accent)', strokeWidth: 2 }),
      Plot.ruleX([0.1, 0.2], { stroke: 'var(--muted)', strokeOpacity: 0.4 }),
      Plot.tip(
        points,
        Plot.pointerX({
          x: 'customerShare',
          y: 'revenueShare',
          title: (p: { customerShare: number; revenueShare: number }) =>
            `${options.labels.customers}: ${percent.format(p.customerShare)}\n${options.labels.revenue}: ${percent.format(p.revenueShare)}`,
        }),
      ),
    ],
  });
}
