import type { MessageKey } from '../i18n/en';
import { t } from '../i18n/i18n.svelte';

/**
 * Observable Plot names each mark's group in the accessibility tree in English ("bar", "x-axis tick label": the marks'
 * `ariaLabel` defaults, @observablehq/plot src/marks/*.js and src/marks/axis.js). A screen reader reads them out, so
 * they are put into the UI language once a chart is drawn.
 */
const PLOT_LABELS: Record<string, MessageKey> = {
  area: 'chart.aria.area',
  bar: 'chart.aria.bar',
  cell: 'chart.aria.cell',
  dot: 'chart.aria.dot',
  frame: 'chart.aria.frame',
  line: 'chart.aria.line',
  rect: 'chart.aria.rect',
  rule: 'chart.aria.rule',
  text: 'chart.aria.text',
  tick: 'chart.aria.tick',
  tip: 'chart.aria.tip',
  'x-axis tick': 'chart.aria.xTick',
  'x-axis tick label': 'chart.aria.xTickLabel',
  'x-axis label': 'chart.aria.xLabel',
  'x-grid': 'chart.aria.xGrid',
  'y-axis tick': 'chart.aria.yTick',
  'y-axis tick label': 'chart.aria.yTickLabel',
  'y-axis label': 'chart.aria.yLabel',
  'y-grid': 'chart.aria.yGrid',
};

export function localisePlotLabels(chart: Element): Element {
  for (const element of chart.querySelectorAll('[aria-label]')) {
    const key = PLOT_LABELS[element.getAttribute('aria-label') ?? ''];
    if (key) element.setAttribute('aria-label', t(key));
  }
  return chart;
}
