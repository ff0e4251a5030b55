import { REJECTED_REASONS_SQL } from '../schema';
import type { SqlExecutor } from '../sql/executor';
import type { ImportSummary, IssueExample, MonthlyPoint } from './types';

const EXAMPLES_PER_REASON = 3;

/** The data summary over the canonical tables (the `detected` settings and file facts come from the import). */
export async function summarise(
  db: SqlExecutor,
  facts: Pick<ImportSummary, 'format' | 'fileName' | 'detected'>,
): Promise<ImportSummary> {
  const [totals] = await db.all<{
    orders: number;
    customers: number;
    guest_orders: number;
    revenue: number | null;
    first_order: string | null;
    last_order: string | null;
    refunds: number;
    currency: string | null;
  }>(`SELECT count(DISTINCT order_id) AS orders,
      count(DISTINCT customer_id) FILTER (WHERE NOT cancelled) AS customers,
      count(*) FILTER (WHERE customer_id IS NULL) AS guest_orders, sum(amount) AS revenue,
      strftime(min(order_ts), '%Y-%m-%d') AS first_order, strftime(max(order_ts), '%Y-%m-%d') AS last_order,
      count(*) FILTER (WHERE refunded_amount > 0) AS refunds, mode(currency) AS currency
    FROM orders`);
  const [lines] = await db.all<{ n: number }>('SELECT count(*) AS n FROM order_lines');
  const issueCounts = await db.all<{ reason: string; n: number; rejected: boolean }>(
    `SELECT reason, count(*) AS n, reason IN (${REJECTED_REASONS_SQL}) AS rejected FROM import_issues GROUP BY reason ORDER BY reason`,
  );
  const examples = await db.all<{ reason: string; source_row: number | null; raw: string | null }>(
    `SELECT reason, source_row, raw FROM (
       SELECT *, row_number() OVER (PARTITION BY reason ORDER BY source_row NULLS FIRST) AS rank FROM import_issues
     ) WHERE rank <= ${EXAMPLES_PER_REASON} ORDER BY reason, rank`,
  );
  const monthly = await db.all<MonthlyPoint & Record<string, unknown>>(
    `SELECT strftime(order_ts, '%Y-%m') AS month, count(*) AS orders, sum(amount) AS revenue
     FROM orders GROUP BY 1 ORDER BY 1`,
  );
  const issueExamples: Record<string, IssueExample[]> = {};
  for (const row of examples) {
    (issueExamples[row.reason] ??= []).push({ sourceRow: row.source_row, raw: row.raw ?? '' });
  }
  return {
    ...facts,
    orders: totals.orders,
    customers: totals.customers,
    guestOrders: totals.guest_orders,
    revenue: roundCents(totals.revenue ?? 0),
    currency: totals.currency,
    firstOrder: totals.first_order,
    lastOrder: totals.last_order,
    rejectedRows: issueCounts.filter((i) => i.rejected).reduce((sum, i) => sum + i.n, 0),
    issues: Object.fromEntries(issueCounts.map((i) => [i.reason, i.n])),
    issueExamples,
    orderLines: lines.n,
    refunds: totals.refunds,
    monthly: monthly.map((m) => ({ month: m.month, orders: m.orders, revenue: roundCents(m.revenue) })),
  };
}

/** Sums of doubles carry binary noise (14089.039999…); money is reported to the cent. */
function roundCents(value: number): number {
  return Math.round(value * 100) / 100;
}
