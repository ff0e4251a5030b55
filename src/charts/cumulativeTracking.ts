import * as Plot from '@observablehq/plot';

export interface TrackingOptions {
  width: number;
  locale: string;
  calibrationWeeks: number;
  labels: { week: string; actual: string; model: string; cutoff: string };
}

/** Cumulative repeat purchases by week, data against model, with the calibration cut-off marked (FHL 2005 Fig. 2). */
export function cumulativeTrackingChart(
  weekly: { week: number; actual: number; predicted: number }[],
  options: TrackingOptions,
) {
  const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 });
  const long = weekly.flatMap((w) => [
    { week: w.week, value: w.actual, series: options.labels.actual },
    { week: w.week, value: w.predicted, series: options.labels.model },
  ]);
  // The cut-off's label reads away from the nearer edge: a cut-off late in the data (a short holdout) would push a
  // label written rightwards off the chart.
  const lastWeek = weekly.length > 0 ? weekly[weekly.length - 1].week : 0;
  const labelLeft = options.calibrationWeeks > lastWeek / 2;
  return Plot.plot({
    width: options.width,
    height: 240,
    marginLeft: 52,
    x: { label: options.labels.week },
    y: { grid: true, label: null, tickFormat: (d: number) => number.format(d) },
    color: {
      legend: true,
      domain: [options.labels.actual, options.labels.model],
      range: ['var(--accent)', 'var(--chart-line)'],
    },
    marks: [
      Plot.ruleX([options.calibrationWeeks], { stroke: 'var(--muted)', strokeDasharray: '4,4' }),
      Plot.lineY(long, { x: 'week', y: 'value', stroke: 'series', strokeWidth: 2 }),
      Plot.text([options.calibrationWeeks], {
        x: (d: number) => d,
        frameAnchor: 'top',
        dx: labelLeft ? -4 : 4,
        textAnchor: labelLeft ? 'end' : 'start',
        text: () => options.labels.cutoff,
        // Drawn over the lines, which near the end of the data run up to the top of the chart beside it.
        fill: 'currentColor',
        stroke: 'var(--card)',
        strokeWidth: 4,
        paintOrder: 'stroke',
      }),
      Plot.tip(
        long,
        Plot.pointerX({
          x: 'week',
          y: 'value',
          stroke: 'series',
          title: (d: { week: number; value: number; series: string }) =>
            `${options.labels.week} ${d.week}\n${d.series}: ${number.format(d.value)}`,
        }),
      ),
    ],
  });
}
