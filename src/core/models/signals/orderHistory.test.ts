import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../../cli/nodeExecutor';
import { CANONICAL_SCHEMA_SQL } from '../../schema';
import { civilYearMonth, epochDay, isoWeekday, medianInPlace, readOrderHistory } from './orderHistory';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
});
afterAll(() => db.close());

/** Each history row's orders as [customer id, day, second of day, discounted, amount, row in `orders`], by customer. */
async function historyByCustomer(asOf: string) {
  const history = await readOrderHistory(db, asOf);
  const ids = (await db.all<{ customer_id: string | null }>('SELECT customer_id FROM signal_customers')).map(
    (r) => r.customer_id,
  );
  const orders = ids.flatMap((id, r) =>
    Array.from({ length: history.start[r + 1]! - history.start[r]! }, (_, k) => {
      const i = history.start[r]! + k;
      return [
        id,
        history.day[i],
        history.secondOfDay[i],
        history.discounted[i],
        history.amount[i],
        history.orderRow[i],
      ];
    }),
  );
  const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0])) || Number(a[5]) - Number(b[5]);
  return { history, orders: orders.sort(byId) };
}

describe('order history helpers', () => {
  it('counts days from 1970-01-01 and names ISO weekdays as DuckDB isodow does', () => {
    expect(epochDay('1970-01-02')).toBe(1);
    expect(epochDay('2024-03-04')).toBe(19786); // 54 years incl. 13 leap days: 54·365 + 13 + 31 + 29 + 3
    expect(isoWeekday(epochDay('2024-03-04'))).toBe(1); // a Monday
    expect(isoWeekday(epochDay('2024-03-10'))).toBe(7); // a Sunday
    expect(isoWeekday(epochDay('1969-12-31'))).toBe(3); // a Wednesday, before day 0
  });

  it('turns day numbers back into calendar years and months', () => {
    expect(civilYearMonth(0)).toEqual({ year: 1970, month: 1 });
    expect(civilYearMonth(19786)).toEqual({ year: 2024, month: 3 }); // 2024-03-04, counted above
    expect(civilYearMonth(19782)).toEqual({ year: 2024, month: 2 }); // 2024-02-29, a leap day
    expect(civilYearMonth(-1)).toEqual({ year: 1969, month: 12 });
    expect(civilYearMonth(10956)).toEqual({ year: 1999, month: 12 }); // 1999-12-31: 29·365 + 7 leap days + 364
    expect(civilYearMonth(10957)).toEqual({ year: 2000, month: 1 });
  });

  it('takes the median of the values it sorts, the midpoint for an even count', () => {
    expect(medianInPlace(Float64Array.of(9, 1, 4), 3)).toBe(4);
    expect(medianInPlace(Float64Array.of(7, 1, 4, 2, 99), 4)).toBe(3); // only the first four count: 1 2 4 7
    expect(medianInPlace(new Float64Array(0), 0)).toBeNaN();
    const many = Float64Array.from({ length: 41 }, (_, i) => 40 - i); // beyond the insertion-sort size
    expect(medianInPlace(many, 41)).toBe(20);
  });

  it('reads each order before the as-of date into its customer’s row, also after orders were deleted', async () => {
    await db.run(CANONICAL_SCHEMA_SQL);
    await db.run(`INSERT INTO orders (order_id, customer_id, order_ts, amount, gross_amount, refunded_amount,
        discount_amount, discount_code, cancelled) VALUES
      ('1', 'a', '2024-03-04 10:00:05', 10, 10, 0, 0, NULL, false),
      ('2', 'b', '2024-03-05 00:00:00', 20, 20, 0, 0, 'SPRING', false),
      ('3', NULL, '2024-03-05 23:59:59', 30, 30, 0, 0, NULL, false),
      ('4', 'a', '2024-03-06 12:30:00', 40, 45, 0, 5, NULL, false),
      ('5', 'a', '2024-03-07 08:00:00', 50, 50, 0, 0, NULL, true),
      ('6', 'b', '2024-03-09 08:00:00', 60, 60, 0, 0, NULL, false)`);
    // 2024-03-04 is day 19786 (above); order 5 is cancelled, order 6 on the as-of date.
    const expected = [
      ['a', 19786, 36005, 0, 10, 0],
      ['a', 19788, 45000, 1, 40, 3],
      ['b', 19787, 0, 1, 20, 1],
      [null, 19787, 86399, 0, 30, 2],
    ];
    const { history, orders } = await historyByCustomer('2024-03-09');
    expect(orders).toEqual(expected);
    expect({
      customers: history.customers,
      rows: history.rows,
      first: history.firstDay,
      last: history.lastDay,
    }).toEqual({
      customers: 2,
      rows: 3,
      first: 19786,
      last: 19788,
    });
    // Deleted rows leave gaps in the rowids: an order's rowid is no longer its position in the table.
    await db.run(`DELETE FROM orders WHERE order_id IN ('1', '2')`);
    expect((await historyByCustomer('2024-03-09')).orders).toEqual([expected[1], expected[3]]);
  });
});
