import { describe, expect, it } from 'vitest';
import type { OpenCartRow } from '../../core/models/signals/lastAction';
import { nextCartOrder, orderCarts } from './cartOrder';

const cart = (id: string, spent: number, value: number | null, date: string): OpenCartRow => ({
  customer_id: id,
  email: null,
  amount_spent: spent,
  abandoned_cart_value: value,
  abandoned_cart_date: date,
});

// As the engine lists them: by cart value, largest first, a cart without a value last.
const carts = [
  cart('A', 300, 90, '2026-01-05'),
  cart('B', 900, 40, '2026-10-01'),
  cart('C', 500, 40, '2024-08-24'),
  cart('D', 700, null, '2026-09-30'),
];
const ids = (rows: OpenCartRow[]) => rows.map((r) => r.customer_id);

describe('open carts in the order a merchant picks', () => {
  it('sorts by date, spend or value either way, a cart without a value always last', () => {
    expect(ids(orderCarts(carts, { column: 'abandoned_cart_date', descending: true }))).toEqual(['B', 'D', 'A', 'C']);
    expect(ids(orderCarts(carts, { column: 'abandoned_cart_date', descending: false }))).toEqual(['C', 'A', 'D', 'B']);
    expect(ids(orderCarts(carts, { column: 'amount_spent', descending: true }))).toEqual(['B', 'D', 'C', 'A']);
    // B and C have the same cart value and keep the engine's order between them.
    expect(ids(orderCarts(carts, { column: 'abandoned_cart_value', descending: false }))).toEqual(['B', 'C', 'A', 'D']);
    expect(ids(orderCarts(carts, { column: 'abandoned_cart_value', descending: true }))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('turns the sorted column round, and starts another from its largest', () => {
    expect(nextCartOrder({ column: 'abandoned_cart_value', descending: true }, 'abandoned_cart_value')).toEqual({
      column: 'abandoned_cart_value',
      descending: false,
    });
    expect(nextCartOrder({ column: 'abandoned_cart_value', descending: false }, 'abandoned_cart_date')).toEqual({
      column: 'abandoned_cart_date',
      descending: true,
    });
  });
});
