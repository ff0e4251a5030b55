import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { headerLine, orderRows } from '../scripts/shop/shopifyCsv';
import { simulateShop } from '../scripts/shop/simulate';

/** Line rows per simulated customer in the demo shop's mix (24,264 rows / 5,000 customers), to size the files. */
const ROWS_PER_CUSTOMER = 4.85;
const CUSTOMERS_PER_SHARD = 50_000;

/**
 * Writes a Shopify-style export of about `lineRows` line rows with the demo shop's generator, in shards of
 * 50,000 customers (each its own seed) so memory stays flat for 5M rows. Skips the work when the file exists.
 */
export async function ensureShopifyFile(path: string, lineRows: number): Promise<void> {
  if (existsSync(path)) {
    console.log(`using ${path} (generated earlier; delete it to generate it again)`);
    return;
  }
  console.log(`generating ${path}…`);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const write = (text: string) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(headerLine());
  let written = 0;
  let orderNumber = 1001;
  for (let shard = 0; written < lineRows; shard++) {
    const customers = Math.min(CUSTOMERS_PER_SHARD, Math.ceil((lineRows - written) / ROWS_PER_CUSTOMER));
    const { orders } = simulateShop({
      seed: 1000 + shard,
      customers,
      start: new Date('2023-11-01T00:00:00Z'),
      end: new Date('2026-10-31T00:00:00Z'),
    });
    let buffer = '';
    for (const order of orders) {
      buffer += orderRows(order, orderNumber++);
      written += order.lines.length;
      if (buffer.length > 1 << 20) {
        await write(buffer);
        buffer = '';
      }
    }
    await write(buffer);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  renameSync(partial, path);
}
