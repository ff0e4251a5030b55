import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shared } from '../../tests/fixtures/files';
import { EXTRA_COLUMNS, SHOPIFY_COLUMNS } from './shopifyCsv';
import { writeShopifyExport } from './writeShop';
import { DEMO_OPTIONS } from '../demoOptions';

async function exportText(options: typeof DEMO_OPTIONS): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await writeShopifyExport(stream, options);
  return Buffer.concat(chunks).toString('utf8');
}

describe('demo shop generator', () => {
  it('writes the same bytes on every run', async () => {
    const small = { ...DEMO_OPTIONS, customers: 200 };
    expect(await exportText(small)).toBe(await exportText(small));
  });

  it('uses the real export’s 79 columns plus the product-type column', async () => {
    const fixtureHeader = readFileSync(shared('shopify_orders_export_forezia_devstore.csv'), 'utf8').split('\n')[0];
    expect(SHOPIFY_COLUMNS.join(',')).toBe(fixtureHeader);
    const text = await exportText({ ...DEMO_OPTIONS, customers: 50 });
    expect(text.split('\n')[0]).toBe([...SHOPIFY_COLUMNS, ...EXTRA_COLUMNS].join(','));
  });

  describe('the full demo shop', async () => {
    const text = await exportText(DEMO_OPTIONS);
    // The demo has no quoted fields (no commas in names or products), so a plain split is an independent parse.
    const [header, ...lines] = text.trimEnd().split('\n');
    const columns = header.split(',');
    const col = (name: string) => columns.indexOf(name);
    const rows = lines.map((line) => line.split(','));

    it('is plain enough to parse by hand and fits the 5 MB budget gzipped', () => {
      expect(text.includes('"')).toBe(false);
      expect(rows.every((r) => r.length === columns.length)).toBe(true);
      expect(gzipSync(text).length).toBeLessThan(5_000_000);
    });

    it('fills order-level columns only on each order’s first row, as Shopify does', () => {
      const seen = new Set<string>();
      for (const row of rows) {
        const first = !seen.has(row[col('Name')]);
        seen.add(row[col('Name')]);
        expect(row[col('Total')] !== '', row[col('Name')]).toBe(first);
        expect(row[col('Created at')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
      }
    });

    it('plants a seasonal category, a one-off category, discount hunters and mostly one-time buyers', () => {
      const christmas = rows.filter((r) => r[col('Lineitem product type')] === 'Christmas decorations');
      const inSeason = christmas.filter((r) => /-(11|12)-/.test(r[col('Created at')].slice(4, 8)));
      expect(inSeason.length / christmas.length).toBeGreaterThan(0.7);

      const ordersByCustomer = new Map<string, { orders: Set<string>; furnitureOrders: Set<string>; coded: number }>();
      const firstRows = rows.filter((r) => r[col('Total')] !== '');
      for (const row of rows) {
        const email = row[col('Email')].toLowerCase();
        if (!email) continue;
        const entry = ordersByCustomer.get(email) ?? { orders: new Set(), furnitureOrders: new Set(), coded: 0 };
        entry.orders.add(row[col('Name')]);
        if (row[col('Lineitem product type')] === 'Furniture') entry.furnitureOrders.add(row[col('Name')]);
        ordersByCustomer.set(email, entry);
      }
      for (const row of firstRows) {
        const entry = ordersByCustomer.get(row[col('Email')].toLowerCase());
        if (entry && row[col('Discount Code')]) entry.coded++;
      }
      const customers = [...ordersByCustomer.values()];
      const furnitureBuyers = customers.filter((c) => c.furnitureOrders.size > 0);
      const furnitureRepeaters = furnitureBuyers.filter((c) => c.furnitureOrders.size > 1);
      expect(furnitureBuyers.length).toBeGreaterThan(20);
      expect(furnitureRepeaters.length / furnitureBuyers.length).toBeLessThan(0.05);
      const hunters = customers.filter((c) => c.orders.size >= 3 && c.coded === c.orders.size);
      expect(hunters.length).toBeGreaterThan(50);
      const oneTime = customers.filter((c) => c.orders.size === 1).length / customers.length;
      expect(oneTime).toBeGreaterThan(0.45);
      expect(oneTime).toBeLessThan(0.65);
      expect(customers.length).toBeGreaterThan(4500);
    });
  });
});
