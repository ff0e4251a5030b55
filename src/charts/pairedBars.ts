import * as Plot from '@observablehq/plot';

export interface PairedBarsOptions {
  width: number;
  locale: string;
  labels: { x: string; actual: string; model: string };
  /** Digits after the decimal point in tips. */
  digits?: number;
}

/** Data beside model per category (repeat purchases 0…7+): bars for the data, ticks for the model. */
export function pairedBarsChart(rows: { x: string; actual: number; model: number }[], options: PairedBarsOptions) {
  const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: options.digits ?? 0 });
  // Axis ticks are Plot's nice steps (1, 2 or 5 × 10^k) up from 0, which three significant digits write exactly; the
  // tips' fixed digits would print 0.005 and 0.015 as 0.01 and 0.02, two ticks apiece with one label.
  const tick = new Intl.NumberFormat(options.locale, { maximumSignificantDigits: 3 });
  return Plot.plot({
    width: options.width,
    height: 200,
    marginLeft: 48,
    x: { type: 'band', label: options.labels.x, domain: rows.map((r) => r.x), padding: 0.2 },
    y: { grid: true, label: null, tickFormat: (d: number) => tick.format(d) },
    color: {
      legend: true,
      domain: [options.labels.actual, options.labels.model],
      range: ['var(--chart-bars)', 'var(--chart-line)'],
    },
    marks: [
      Plot.barY(rows, { x: 'x', y: 'actual', fill: () => options.labels.actual }),
      Plot.tickY(rows, { x: 'x', y: 'model', stroke: () => options.labels.model, strokeWidth: 3 }),
      Plot.ruleY([0]),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: 'x',
          y: 'actual',
          title: (r: { x: string; actual: number; model: number }) =>
            `${options.labels.x} ${r.x}\n${options.labels.actual}: ${number.format(r.actual)}\n${options.labels.model}: ${number.format(r.model)}`,
        }),
      ),
    ],
  });
}
