import type { SqlExecutor, SqlValue } from '../sql/executor';
import { ATTRIBUTE_TABLE, type CompiledSegment } from './compile';

/** Side-by-side figures of 2–4 segments: "does this segment perform?" (issue 6's compare view). */
export interface SegmentComparison {
  segments: {
    customers: number;
    revenue: number;
    averageOrderValue: number | null;
    ordersPerCustomer: number | null;
    repeatRate: number | null;
  }[];
  /** Repeat rate (share with a second order) of each first-order month's customers, per segment. */
  cohorts: { month: string; segment: number; customers: number; repeatRate: number }[];
  /** The five largest categories by revenue, per segment, with their share of the segment's line revenue. */
  categories: { segment: number; category: string; share: number }[];
  /** The five largest countries by customers, per segment, with their share of the segment. */
  countries: { segment: number; country: string; share: number }[];
}

export const MAX_COMPARED = 4;

/**
 * Compares segments in four queries over `customer_attributes` (plus `order_lines` for categories). Each segment's
 * compiled WHERE becomes a boolean column `s<i>` of one projection, so every customer is tested once per segment.
 */
export async function compareSegments(db: SqlExecutor, compiled: CompiledSegment[]): Promise<SegmentComparison> {
  if (compiled.length < 1 || compiled.length > MAX_COMPARED) throw new Error(`compare 1 to ${MAX_COMPARED} segments`);
  const flags = compiled.map((c, i) => `coalesce(${c.where}, false) AS s${i}`).join(', ');
  const params: SqlValue[] = compiled.flatMap((c) => c.params);
  const member = `(SELECT *, ${flags} FROM ${ATTRIBUTE_TABLE})`;
  const each = compiled.map((_, i) => i);

  const [totals] = await db.all<Record<string, number | null>>(
    `SELECT ${each
      .map(
        (i) => `count(*) FILTER (WHERE s${i}) AS n${i}, CAST(sum(amount_spent) FILTER (WHERE s${i}) AS DOUBLE) AS r${i},
        CAST(sum(number_of_orders) FILTER (WHERE s${i}) AS DOUBLE) AS o${i},
        count(*) FILTER (WHERE s${i} AND number_of_orders > 1) AS p${i}`,
      )
      .join(', ')} FROM ${member}`,
    params,
  );
  const segments = each.map((i) => {
    const customers = Number(totals[`n${i}`] ?? 0);
    const revenue = Number(totals[`r${i}`] ?? 0);
    const orders = Number(totals[`o${i}`] ?? 0);
    return {
      customers,
      revenue,
      averageOrderValue: orders ? revenue / orders : null,
      ordersPerCustomer: customers ? orders / customers : null,
      repeatRate: customers ? Number(totals[`p${i}`] ?? 0) / customers : null,
    };
  });

  const cohortRows = await db.all<Record<string, number | string>>(
    `SELECT strftime(first_order_date, '%Y-%m') AS month, ${each
      .map(
        (i) =>
          `count(*) FILTER (WHERE s${i}) AS n${i}, count(*) FILTER (WHERE s${i} AND number_of_orders > 1) AS p${i}`,
      )
      .join(', ')}
     FROM ${member} GROUP BY 1 ORDER BY 1`,
    params,
  );
  const cohorts = cohortRows.flatMap((row) =>
    each
      .filter((i) => Number(row[`n${i}`]) > 0)
      .map((i) => ({
        month: String(row.month),
        segment: i,
        customers: Number(row[`n${i}`]),
        repeatRate: Number(row[`p${i}`]) / Number(row[`n${i}`]),
      })),
  );

  const countries = await db.all<{ segment: number; country: string; share: number }>(
    `SELECT segment, country, share FROM (
       SELECT segment, country, count(*) / sum(count(*)) OVER (PARTITION BY segment) AS share,
         row_number() OVER (PARTITION BY segment ORDER BY count(*) DESC, country) AS rank
       FROM (SELECT coalesce(country, '—') AS country, unnest([${each.map((i) => `CASE WHEN s${i} THEN ${i} END`).join(', ')}]) AS segment FROM ${member})
       WHERE segment IS NOT NULL GROUP BY 1, 2
     ) WHERE rank <= 5 ORDER BY segment, rank`,
    params,
  );

  const categories = await db.all<{ segment: number; category: string; share: number }>(
    `WITH members AS (
       SELECT customer_id, unnest([${each.map((i) => `CASE WHEN s${i} THEN ${i} END`).join(', ')}]) AS segment FROM ${member}
     ), spend AS (
       SELECT m.segment, coalesce(l.category, l.product, '—') AS category, sum(l.line_amount) AS amount
       FROM members m JOIN orders o ON o.customer_id = m.customer_id JOIN order_lines l ON l.order_id = o.order_id
       WHERE m.segment IS NOT NULL AND l.line_amount IS NOT NULL GROUP BY 1, 2
     )
     SELECT segment, category, share FROM (
       SELECT segment, category, amount / nullif(sum(amount) OVER (PARTITION BY segment), 0) AS share,
         row_number() OVER (PARTITION BY segment ORDER BY amount DESC, category) AS rank FROM spend
     ) WHERE rank <= 5 ORDER BY segment, rank`,
    params,
  );
  return { segments, cohorts, categories, countries };
}
