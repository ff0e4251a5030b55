import type { OpenCartRow } from '../../core/models/signals/lastAction';

/** The open-cart columns a merchant sorts by: what the customer spent, the cart's value, when it was abandoned. */
export type CartColumn = 'amount_spent' | 'abandoned_cart_value' | 'abandoned_cart_date';

export interface CartOrder {
  column: CartColumn;
  descending: boolean;
}

/**
 * The carts in the chosen order, a copy. A cart without a value stays last either way (it has nothing to compare);
 * ties keep the order the engine gave (by cart value, then spend, then customer id), so the result is stable.
 */
export function orderCarts(carts: readonly OpenCartRow[], { column, descending }: CartOrder): OpenCartRow[] {
  const direction = descending ? -1 : 1;
  return carts
    .map((cart, position) => ({ cart, position }))
    .sort((a, b) => {
      const x = a.cart[column];
      const y = b.cart[column];
      if (x === null || y === null) return x === y ? a.position - b.position : x === null ? 1 : -1;
      const compared = x < y ? -1 : x > y ? 1 : 0;
      return compared === 0 ? a.position - b.position : compared * direction;
    })
    .map(({ cart }) => cart);
}

/** Clicking the sorted column again turns it round; another column starts from its largest or latest. */
export function nextCartOrder(current: CartOrder, column: CartColumn): CartOrder {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: true };
}
