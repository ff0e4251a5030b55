import { Random } from './random';
import { shopifyTimestamp } from './shopifyCsv';
import { simulateShop, type ShopOptions } from './simulate';

/**
 * The demo's optional second file (customer events for the "last action" view): abandoned carts, complaints, returns
 * and reviews for a few hundred customers. Valuable customers get open abandoned carts after their last order.
 */
export function demoEventsCsv(options: ShopOptions): string {
  const { orders } = simulateShop(options);
  const random = new Random(options.seed + 1);
  const last = new Map<string, { localMs: number; offset: number; spent: number }>();
  for (const order of orders) {
    if (!order.customer) continue;
    const spent = order.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
    const previous = last.get(order.customer.email);
    last.set(order.customer.email, {
      localMs: order.localMs,
      offset: order.offsetMinutes,
      spent: (previous?.spent ?? 0) + spent,
    });
  }
  const end = options.end.getTime();
  const rows = ['email,timestamp,type,value,product'];
  for (const [email, info] of last) {
    const roll = random.next();
    if (roll > 0.08 && !(info.spent > 400 && roll < 0.3)) continue;
    const after = info.localMs + random.int(1, 40) * 86_400_000 + random.int(0, 86_399) * 1000;
    if (after >= end) continue;
    const type = info.spent > 400 ? 'abandoned_cart' : random.pick(['abandoned_cart', 'review', 'return', 'complaint']);
    const value =
      type === 'abandoned_cart'
        ? (random.int(20, 300) + 0.5).toFixed(2)
        : type === 'return'
          ? random.int(10, 90).toFixed(2)
          : '';
    const product = random.pick(['Burr grinder', 'Linen sofa', 'Espresso beans 1 kg', 'Stoneware mug', 'Herb planter']);
    rows.push(`${email},${shopifyTimestamp(after, info.offset)},${type},${value},${product}`);
  }
  return rows.join('\n') + '\n';
}
