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

/** Line revenue per customer and category: what "top categories" sums, built once per loaded file. */
export const CATEGORY_SPEND_TABLE = 'customer_category_spend';

/**
 * Builds CATEGORY_SPEND_TABLE, keyed by the customer's row in `customers` (`customer_row`, which the attribute table
 * carries too). Joining order lines to orders is the one costly step of a comparison (a million lines against their
 * orders), and it does not depend on the segments or the scores, so it is done once per build of `customers`; every
 * comparison after that joins customer × category pairs on an integer, three times faster than on the customer id.
 */
export async function buildCategorySpend(db: SqlExecutor): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${CATEGORY_SPEND_TABLE} AS
    SELECT c.rowid AS customer_row, coalesce(l.category, l.product, '—') AS category, sum(l.line_amount) AS amount
    FROM purchases o JOIN order_lines l ON l.order_id = o.order_id JOIN customers c ON c.customer_id = o.customer_id
    WHERE l.line_amount IS NOT NULL GROUP BY 1, 2`);
}

/** Scratch table of one comparison: one membership flag per segment, row for row with the attribute table. */
const MEMBERS = 'compare_members';

/**
 * Compares segments over `customer_attributes` and CATEGORY_SPEND_TABLE (see buildCategorySpend). Every segment's
 * compiled WHERE is evaluated once per customer, into a boolean column `s<i>` of a scratch table written in the
 * attribute table's row order (a plain scan keeps it: DuckDB preserves insertion order); the figures, cohorts,
 * countries and categories are then plain aggregates over the two side by side. Copying the customers' own columns
 * into the scratch table as well cost ~80 ms more at a million customers than reading them beside it.
 */
export async function compareSegments(db: SqlExecutor, compiled: CompiledSegment[]): Promise<SegmentComparison> {
  if (compiled.length < 1 || compiled.length > MAX_COMPARED) throw new Error(`compare 1 to ${MAX_COMPARED} segments`);
  const each = compiled.map((_, i) => i);
  await db.all(
    `CREATE OR REPLACE TEMP TABLE ${MEMBERS} AS
     SELECT ${compiled.map((c, i) => `coalesce(${c.where}, false) AS s${i}`).join(', ')} FROM ${ATTRIBUTE_TABLE}`,
    compiled.flatMap((c): SqlValue[] => c.params),
  );
  const customers = `(SELECT customer_row, amount_spent, number_of_orders, first_order_date, country, m.*
    FROM ${ATTRIBUTE_TABLE} POSITIONAL JOIN ${MEMBERS} m)`;
  try {
    // Per first-order month: the cohorts, and summed over months, each segment's totals.
    // Grouped by the month's first day and formatted after grouping: formatting every customer's date costs more.
    const months = await db.all<Record<string, number | string | null>>(
      `SELECT strftime(month, '%Y-%m') AS month, * EXCLUDE (month) FROM (
       SELECT date_trunc('month', first_order_date) AS month, ${each
         .map(
           (i) => `count(*) FILTER (WHERE s${i}) AS n${i},
            count(*) FILTER (WHERE s${i} AND number_of_orders > 1) AS p${i},
            CAST(sum(amount_spent) FILTER (WHERE s${i}) AS DOUBLE) AS r${i},
            CAST(sum(number_of_orders) FILTER (WHERE s${i}) AS DOUBLE) AS o${i}`,
         )
         .join(', ')}
       FROM ${customers} GROUP BY 1) ORDER BY 1`,
    );
    const total = (field: string, i: number) => months.reduce((sum, row) => sum + Number(row[`${field}${i}`] ?? 0), 0);
    const segments = each.map((i) => {
      const customers = total('n', i);
      const revenue = total('r', i);
      const orders = total('o', i);
      return {
        customers,
        revenue,
        averageOrderValue: orders ? revenue / orders : null,
        ordersPerCustomer: customers ? orders / customers : null,
        repeatRate: customers ? total('p', i) / customers : null,
      };
    });
    const cohorts = months.flatMap((row) =>
      each
        .filter((i) => Number(row[`n${i}`]) > 0)
        .map((i) => ({
          month: String(row.month),
          segment: i,
          customers: Number(row[`n${i}`]),
          repeatRate: Number(row[`p${i}`]) / Number(row[`n${i}`]),
        })),
    );

    const byCountry = await db.all<Record<string, number | string>>(
      `SELECT coalesce(country, '—') AS key, ${each.map((i) => `count(*) FILTER (WHERE s${i}) AS v${i}`).join(', ')}
       FROM ${customers} GROUP BY 1`,
    );
    const byCategory = await db.all<Record<string, number | string | null>>(
      `SELECT s.category AS key, ${each.map((i) => `sum(s.amount) FILTER (WHERE m.s${i}) AS v${i}`).join(', ')}
       FROM ${customers} m JOIN ${CATEGORY_SPEND_TABLE} s USING (customer_row) GROUP BY 1`,
    );
    const countries = each.flatMap((i) =>
      topFive(byCountry, i).map(({ key, share }) => ({ segment: i, country: key, share })),
    );
    const categories = each.flatMap((i) =>
      topFive(byCategory, i).map(({ key, share }) => ({ segment: i, category: key, share })),
    );
    return { segments, cohorts, categories, countries };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${MEMBERS}`);
  }
}

/**
 * The five largest values of column `v<i>` (ties by key, so the order is reproducible), each with its share of the
 * column's total. Keys the segment has no rows for (null, or a count of 0) are not listed.
 */
function topFive(rows: Record<string, number | string | null>[], i: number): { key: string; share: number }[] {
  const values = rows
    .map((row) => ({ key: String(row.key), value: row[`v${i}`] === null ? null : Number(row[`v${i}`]) }))
    .filter((entry): entry is { key: string; value: number } => entry.value !== null && entry.value !== 0);
  const sum = values.reduce((s, entry) => s + entry.value, 0);
  return values
    .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, 5)
    .map(({ key, value }) => ({ key, share: value / sum }));
}
