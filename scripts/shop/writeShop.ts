import type { Writable } from 'node:stream';
import { headerLine, orderRows } from './shopifyCsv';
import { simulateShop, type ShopOptions } from './simulate';

/** Writes a whole simulated shop as a Shopify orders export, respecting the stream's backpressure. */
export async function writeShopifyExport(
  stream: Writable,
  options: ShopOptions,
): Promise<{ orders: number; lineRows: number }> {
  const { orders } = simulateShop(options);
  let lineRows = 0;
  let buffer = headerLine();
  for (let i = 0; i < orders.length; i++) {
    buffer += orderRows(orders[i], 1001 + i);
    lineRows += orders[i].lines.length;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once('drain', resolve));
      buffer = '';
    }
  }
  stream.write(buffer);
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return { orders: orders.length, lineRows };
}
