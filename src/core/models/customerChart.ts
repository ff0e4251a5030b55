import type { SqlExecutor } from '../sql/executor';
import { valueRankSql } from './valueRank';

/**
 * The notebook's free chart: one measure of the customers broken down by one dimension, drawn with one mark. Both
 * come from these whitelists (their SQL is ours, never the user's); the UI only names them.
 */
export const CHART_DIMENSIONS = {
  rfm_group: 'rfm_group',
  spend_tier: 'spend_tier',
  country: "coalesce(country, '—')",
  first_order_month: "strftime(first_order_date, '%Y-%m')",
  recency_score: 'CAST(recency_score AS VARCHAR)',
  frequency_score: 'CAST(frequency_score AS VARCHAR)',
  monetary_score: 'CAST(monetary_score AS VARCHAR)',
  orders: "CASE WHEN orders >= 10 THEN '10+' ELSE CAST(orders AS VARCHAR) END",
} as const;

export const CHART_MEASURES = {
  customers: 'CAST(count(*) AS DOUBLE)',
  revenue: 'CAST(sum(amount_spent) AS DOUBLE)',
  average_order_value: 'sum(amount_spent) / nullif(sum(orders), 0)',
  average_spend: 'avg(amount_spent)',
  orders_per_customer: 'CAST(sum(orders) AS DOUBLE) / count(*)',
  repeat_rate: 'avg(CASE WHEN orders > 1 THEN 1.0 ELSE 0.0 END)',
} as const;

export const CHART_MARKS = ['bar', 'line', 'dot'] as const;

export type ChartDimension = keyof typeof CHART_DIMENSIONS;
export type ChartMeasure = keyof typeof CHART_MEASURES;
export type ChartMark = (typeof CHART_MARKS)[number];

export interface ChartSpec {
  dimension: ChartDimension;
  measure: ChartMeasure;
}

/** Countries and months can be many: the chart keeps the largest categories by customers. */
export const MAX_CHART_CATEGORIES = 40;

/**
 * One row per category of the dimension, in the dimension's natural order (months and scores ascending; groups from
 * the best, tiers from HIGH; countries by customers, largest first).
 */
export async function customerChartData(
  db: SqlExecutor,
  spec: ChartSpec,
): Promise<{ category: string; value: number | null; customers: number }[]> {
  if (!Object.hasOwn(CHART_DIMENSIONS, spec.dimension)) throw new Error(`unknown chart dimension '${spec.dimension}'`);
  if (!Object.hasOwn(CHART_MEASURES, spec.measure)) throw new Error(`unknown chart measure '${spec.measure}'`);
  const natural = ['first_order_month', 'recency_score', 'frequency_score', 'monetary_score', 'orders'].includes(
    spec.dimension,
  );
  const ranked = valueRankSql(spec.dimension, 'category');
  return db.all(
    `SELECT * FROM (
       SELECT ${CHART_DIMENSIONS[spec.dimension]} AS category, ${CHART_MEASURES[spec.measure]} AS value,
         CAST(count(*) AS DOUBLE) AS customers
       FROM customer_model GROUP BY 1 ORDER BY customers DESC, category LIMIT ${MAX_CHART_CATEGORIES}
     ) ORDER BY ${natural ? 'length(category), category' : (ranked ?? 'customers DESC, category')}`,
  );
}
