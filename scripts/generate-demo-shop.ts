/**
 * Writes the built-in demo shop to public/demo/ (run by `npm run demo`, and by `npm start` / `npm run build`).
 * Seeded: the same bytes on every machine. See scripts/README.md for what is planted in it.
 */
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writeShopifyExport } from './shop/writeShop';
import { demoEventsCsv } from './shop/events';
import { DEMO_OPTIONS } from './demoOptions';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'public/demo');
mkdirSync(out, { recursive: true });
const gzip = createGzip({ level: 9 });
const file = createWriteStream(resolve(out, 'demo-shop.csv.gz'));
gzip.pipe(file);
const done = new Promise<void>((resolve) => file.on('close', () => resolve()));
const { orders, lineRows } = await writeShopifyExport(gzip, DEMO_OPTIONS);
await done;
writeFileSync(resolve(out, 'demo-events.csv'), demoEventsCsv(DEMO_OPTIONS));
const size = statSync(resolve(out, 'demo-shop.csv.gz')).size;
console.log(`demo shop: ${orders} orders, ${lineRows} line rows, ${(size / 1e6).toFixed(2)} MB gzip → public/demo/`);
