import type { SqlExecutor } from '../sql/executor';
import { ATTRIBUTE_TABLE, type CompiledSegment } from './compile';

/** What the live count shows while typing (issue 6): size, share, revenue share, average order value. */
export interface SegmentStats {
  count: number;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
  averageOrderValue: number | null;
  ordersPerCustomer: number | null;
  repeatRate: number | null;
}

/** One scan of `customer_attributes`: the matching customers' figures beside the whole base's. */
export async function segmentStats(db: SqlExecutor, segment: CompiledSegment): Promise<SegmentStats> {
  const [row] = await db.all<{
    count: number;
    customers: number;
    revenue: number | null;
    all_revenue: number | null;
    orders: number | null;
    repeat: number;
  }>(
    `SELECT count(*) FILTER (WHERE matched) AS count, count(*) AS customers,
       CAST(sum(amount_spent) FILTER (WHERE matched) AS DOUBLE) AS revenue, CAST(sum(amount_spent) AS DOUBLE) AS all_revenue,
       CAST(sum(number_of_orders) FILTER (WHERE matched) AS DOUBLE) AS orders,
       count(*) FILTER (WHERE matched AND number_of_orders > 1) AS repeat
     FROM (SELECT amount_spent, number_of_orders, ${segment.where} AS matched FROM ${ATTRIBUTE_TABLE})`,
    segment.params,
  );
  const revenue = row.revenue ?? 0;
  return {
    count: row.count,
    customers: row.customers,
    share: row.customers ? row.count / row.customers : 0,
    revenue,
    revenueShare: row.all_revenue ? revenue / row.all_revenue : 0,
    averageOrderValue: row.orders ? revenue / row.orders : null,
    ordersPerCustomer: row.count ? (row.orders ?? 0) / row.count : null,
    repeatRate: row.count ? row.repeat / row.count : null,
  };
}

/** The matching customer ids, in a stable order (by id), optionally capped. */
export async function segmentCustomerIds(db: SqlExecutor, segment: CompiledSegment, limit?: number): Promise<string[]> {
  const rows = await db.all<{ customer_id: string }>(
    `SELECT customer_id FROM ${ATTRIBUTE_TABLE} WHERE ${segment.where} ORDER BY customer_id${limit ? ` LIMIT ${Math.trunc(limit)}` : ''}`,
    segment.params,
  );
  return rows.map((r) => r.customer_id);
}
