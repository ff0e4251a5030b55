import { normaliseHeader } from './columnMapping';
import type { DateFormatGuess } from './sniff/dates';
import type { CanonicalField, ColumnMapping, FormatName } from './types';

/** Which columns a format reads its dates and amounts from, and which required fields are still unmapped. */
export interface ColumnPlan {
  mapping: ColumnMapping;
  missing: CanonicalField[];
  dateColumn: string;
  amountColumns: string[];
  /** A format whose dates are always written one way (CDNOW's yyyymmdd) needs no detection. */
  fixedDates?: DateFormatGuess;
}

const find = (columns: string[], name: string) =>
  columns.find((c) => normaliseHeader(c).replace(/ /g, '') === normaliseHeader(name).replace(/ /g, '')) ?? name;

export function planColumns(format: FormatName, columns: string[], mapping: ColumnMapping): ColumnPlan {
  switch (format) {
    case 'shopify':
      return {
        mapping: { order_id: 'Name', customer_id: 'Email', order_date: 'Created at', amount: 'Total' },
        missing: [],
        dateColumn: find(columns, 'Created at'),
        amountColumns: [find(columns, 'Total'), find(columns, 'Lineitem price')],
      };
    case 'woocommerce':
      return {
        mapping: {
          order_id: 'order_id',
          customer_id: 'customer_email',
          order_date: 'order_date',
          amount: 'order_total',
        },
        missing: [],
        dateColumn: find(columns, 'order_date'),
        amountColumns: [find(columns, 'order_total')],
      };
    case 'invoice_lines':
      return {
        mapping: {
          order_id: find(columns, 'InvoiceNo'),
          customer_id: find(columns, 'CustomerID'),
          order_date: find(columns, 'InvoiceDate'),
          quantity: find(columns, 'Quantity'),
          unit_price: find(columns, 'UnitPrice'),
        },
        missing: [],
        dateColumn: find(columns, 'InvoiceDate'),
        amountColumns: [find(columns, 'UnitPrice')],
      };
    case 'cdnow':
      return {
        mapping: {},
        missing: [],
        dateColumn: '',
        amountColumns: [],
        fixedDates: { kind: 'yyyymmdd', separator: '', twoDigitYear: false, ambiguous: false, label: 'yyyymmdd' },
      };
    case 'generic': {
      const missing: CanonicalField[] = [];
      if (!mapping.customer_id) missing.push('customer_id');
      if (!mapping.order_date) missing.push('order_date');
      if (!mapping.amount && !(mapping.quantity && mapping.unit_price)) missing.push('amount');
      return {
        mapping,
        missing,
        dateColumn: mapping.order_date ?? '',
        amountColumns: [mapping.amount, mapping.unit_price].filter((c): c is string => c !== undefined),
      };
    }
  }
}
