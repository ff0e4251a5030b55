import type { Order } from './simulate';

/** The 79 columns of Shopify's "Orders → Export" (as in ../shared/data's real export), plus one an export app adds. */
export const SHOPIFY_COLUMNS = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem compare at price',
  'Lineitem sku',
  'Lineitem requires shipping',
  'Lineitem taxable',
  'Lineitem fulfillment status',
  'Billing Name',
  'Billing Street',
  'Billing Address1',
  'Billing Address2',
  'Billing Company',
  'Billing City',
  'Billing Zip',
  'Billing Province',
  'Billing Country',
  'Billing Phone',
  'Shipping Name',
  'Shipping Street',
  'Shipping Address1',
  'Shipping Address2',
  'Shipping Company',
  'Shipping City',
  'Shipping Zip',
  'Shipping Province',
  'Shipping Country',
  'Shipping Phone',
  'Notes',
  'Note Attributes',
  'Cancelled at',
  'Payment Method',
  'Payment Reference',
  'Refunded Amount',
  'Vendor',
  'Outstanding Balance',
  'Employee',
  'Location',
  'Device ID',
  'Id',
  'Tags',
  'Risk Level',
  'Source',
  'Lineitem discount',
  'Tax 1 Name',
  'Tax 1 Value',
  'Tax 2 Name',
  'Tax 2 Value',
  'Tax 3 Name',
  'Tax 3 Value',
  'Tax 4 Name',
  'Tax 4 Value',
  'Tax 5 Name',
  'Tax 5 Value',
  'Phone',
  'Receipt Number',
  'Duties',
  'Billing Province Name',
  'Shipping Province Name',
  'Payment ID',
  'Payment Terms Name',
  'Next Payment Due At',
  'Payment References',
];
export const EXTRA_COLUMNS = ['Lineitem product type'];
const COLUMN = Object.fromEntries([...SHOPIFY_COLUMNS, ...EXTRA_COLUMNS].map((name, i) => [name, i]));
const WIDTH = SHOPIFY_COLUMNS.length + EXTRA_COLUMNS.length;

export function headerLine(): string {
  return [...SHOPIFY_COLUMNS, ...EXTRA_COLUMNS].join(',') + '\n';
}

/** RFC 4180 quoting, only where needed. */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const money = (value: number) => value.toFixed(2);
const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-05-11 09:55:16 +0200`: Shopify prints the shop-local wall-clock time and its offset. */
export function shopifyTimestamp(localMs: number, offsetMinutes: number): string {
  const d = new Date(localMs);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

/**
 * The CSV rows of one order: every row repeats Name, Email, Created at and the Lineitem columns; the order-level
 * columns are filled on the first row only (as Shopify does).
 */
export function orderRows(order: Order, number: number): string {
  const created = shopifyTimestamp(order.localMs, order.offsetMinutes);
  const subtotal = order.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
  const shipping = subtotal < 50 ? 4.95 : 0;
  const total = subtotal - order.discountAmount + shipping;
  const email = order.customer?.email ?? '';
  let out = '';
  order.lines.forEach((line, index) => {
    const row: string[] = new Array(WIDTH).fill('');
    row[COLUMN['Name']] = `#${number}`;
    row[COLUMN['Email']] = email;
    row[COLUMN['Created at']] = created;
    row[COLUMN['Lineitem quantity']] = String(line.quantity);
    row[COLUMN['Lineitem name']] = line.product.name;
    row[COLUMN['Lineitem price']] = money(line.product.price);
    row[COLUMN['Lineitem sku']] = line.product.sku;
    row[COLUMN['Lineitem requires shipping']] = line.product.category === 'Gift cards' ? 'false' : 'true';
    row[COLUMN['Lineitem taxable']] = 'true';
    row[COLUMN['Lineitem fulfillment status']] = 'fulfilled';
    row[COLUMN['Vendor']] = 'Segmentlab Demo Roasters';
    row[COLUMN['Lineitem discount']] = '0.00';
    row[COLUMN['Lineitem product type']] = line.product.category;
    if (index === 0) {
      const customer = order.customer;
      row[COLUMN['Financial Status']] = order.refunded
        ? 'refunded'
        : order.refundedAmount > 0 && !order.cancelled
          ? 'partially_refunded'
          : 'paid';
      row[COLUMN['Paid at']] = created;
      row[COLUMN['Fulfillment Status']] = 'fulfilled';
      row[COLUMN['Accepts Marketing']] = customer?.acceptsMarketing ? 'yes' : 'no';
      row[COLUMN['Currency']] = 'EUR';
      row[COLUMN['Subtotal']] = money(subtotal - order.discountAmount);
      row[COLUMN['Shipping']] = money(shipping);
      // Prices include 21% VAT; Shopify reports the included tax.
      row[COLUMN['Taxes']] = money((total * 21) / 121);
      row[COLUMN['Total']] = money(total);
      row[COLUMN['Discount Code']] = order.discountCode ?? '';
      row[COLUMN['Discount Amount']] = money(order.discountAmount);
      row[COLUMN['Shipping Method']] = 'Standard';
      row[COLUMN['Billing Name']] = customer?.name ?? '';
      row[COLUMN['Billing City']] = customer?.city ?? '';
      row[COLUMN['Billing Country']] = customer?.place.country ?? '';
      row[COLUMN['Cancelled at']] = order.cancelled ? created : '';
      row[COLUMN['Payment Method']] = 'Shopify Payments';
      row[COLUMN['Refunded Amount']] = money(order.refundedAmount);
      row[COLUMN['Outstanding Balance']] = '0.00';
      row[COLUMN['Id']] = String(5_000_000_000_000 + number);
      row[COLUMN['Tags']] = customer?.tags ?? '';
      row[COLUMN['Risk Level']] = 'Low';
      row[COLUMN['Source']] = 'web';
      row[COLUMN['Tax 1 Name']] = 'BTW 21%';
      row[COLUMN['Tax 1 Value']] = money((total * 21) / 121);
    }
    out += row.map(csvField).join(',') + '\n';
  });
  return out;
}
