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

/** Turned tick labels longer than this are cut with an ellipsis; the tip still names the category in full. */
const LONGEST_TICK_LABEL = 24;
const TICK_ANGLE = 35;

/**
 * Room for the category labels under the bars, turned by TICK_ANGLE when they are long or many: a turned label
 * reaches down by its length × sin(angle) and, for the first one, left past the axis by its length × cos(angle), so
 * the margins grow with the longest label instead of clipping it ("Christmas decorations" lost its first letters
 * in a fixed 80 px). Lengths are estimated from an average character width of the tick font.
 */
export function categoryTicks(domain: string[], width: number, large = false) {
  const charWidth = large ? 10 : 7;
  const crowded = domain.length > 8 || domain.reduce((n, c) => n + c.length, 0) * charWidth > width * 0.8;
  const label = (category: string) =>
    crowded && category.length > LONGEST_TICK_LABEL ? `${category.slice(0, LONGEST_TICK_LABEL - 1)}…` : category;
  if (!crowded) return { crowded, label, marginBottom: 36, marginLeft: 64, shown: domain };
  const extent = (category: string) => label(category).length * charWidth;
  const radians = (TICK_ANGLE * Math.PI) / 180;
  const longest = Math.max(0, ...domain.map(extent));
  const firstReach = domain.length ? extent(domain[0]!) * Math.cos(radians) - width / domain.length / 2 : 0;
  const marginLeft = Math.max(64, Math.ceil(firstReach) + 8);
  // Turned labels one band apart stand band × sin(angle) apart across their baselines; closer than a line of text
  // they overprint (36 months on a phone), so only every `step`-th is labelled — the tip still names each bar.
  const band = (width - marginLeft) / Math.max(1, domain.length);
  const step = Math.max(1, Math.ceil((charWidth * 1.8) / (band * Math.sin(radians))));
  return {
    crowded,
    label,
    marginBottom: Math.ceil(longest * Math.sin(radians)) + 20,
    marginLeft,
    shown: domain.filter((_, i) => i % step === 0),
  };
}

/** One measure per category, as bars, a line or dots, in the order the rows come (the query decides it). */
/**
 * The value axis's domain when Plot's own would be empty: with every value 0 (a file without discounts) Plot's domain
 * [0, 0] draws each zero bar over the whole height. Otherwise undefined: Plot's domain, with zero, as usual.
 */
export function valueDomain(values: number[]): [number, number] | undefined {
  return values.every((value) => value === 0) ? [0, 1] : undefined;
}

export function categoryChart(rows: { category: string; value: number | null }[], options: CategoryChartOptions) {
  const data = rows.filter((r) => r.value !== null) as { category: string; value: number }[];
  const domain = data.map((r) => r.category);
  const ticks = categoryTicks(domain, options.width, options.large);
  const channels = { x: 'category', y: 'value' };
  const mark =
    options.mark === 'bar'
      ? Plot.barY(data, { ...channels, fill: 'var(--chart-bars)' })
      : options.mark === 'line'
        ? Plot.lineY(data, { ...channels, stroke: 'var(--chart-line)', strokeWidth: 2, marker: 'circle' })
        : Plot.dot(data, { ...channels, fill: 'var(--chart-line)', r: 5 });
  return Plot.plot({
    width: options.width,
    // The plot keeps its height above the labels when they need more than the usual 80 px.
    height: (options.large ? 420 : 260) + Math.max(0, ticks.marginBottom - 80),
    marginLeft: ticks.marginLeft,
    marginBottom: ticks.marginBottom,
    style: { fontSize: options.large ? '16px' : '11px' },
    x: {
      type: options.mark === 'bar' ? 'band' : 'point',
      domain,
      label: ticks.crowded ? null : options.labels.category,
      tickRotate: ticks.crowded ? -TICK_ANGLE : 0,
      tickFormat: ticks.label,
      ticks: ticks.shown,
    },
    y: {
      grid: true,
      label: options.labels.value,
      tickFormat: options.axisFormat ?? options.format,
      zero: true,
      domain: valueDomain(data.map((r) => r.value)),
    },
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
