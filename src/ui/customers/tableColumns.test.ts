import { describe, expect, it } from 'vitest';
import { cellText, SHOWN_COLUMNS } from './tableColumns';

const named = (value: string) => `«${value}»`;

describe('cellText', () => {
  it('writes money, dates and counts in the reader’s locale', () => {
    const row = { amount_spent: 1234.5, last_order_date: '2026-02-15', orders: 1234 };
    expect(cellText(row, 'amount_spent', 'en-US', 'EUR', named)).toBe('€1,234.50');
    expect(cellText(row, 'amount_spent', 'nl-NL', 'EUR', named)).toBe('€\u00a01.234,50');
    expect(cellText(row, 'amount_spent', 'fr-FR', null, named)).toBe('1\u202f234,50');
    expect(cellText(row, 'last_order_date', 'en-US', 'EUR', named)).toBe('Feb 15, 2026');
    expect(cellText(row, 'orders', 'en-US', 'EUR', named)).toBe('1,234');
  });

  it('names groups and tiers through the given namer, shows ids as written and a missing value as a dash', () => {
    const row = { rfm_group: 'At risk', spend_tier: 'HIGH', customer_id: '00042', average_order_value: null };
    expect(cellText(row, 'rfm_group', 'en-US', 'EUR', named)).toBe('«At risk»');
    expect(cellText(row, 'spend_tier', 'en-US', 'EUR', named)).toBe('«HIGH»');
    expect(cellText(row, 'customer_id', 'en-US', 'EUR', named)).toBe('00042');
    expect(cellText(row, 'average_order_value', 'en-US', 'EUR', named)).toBe('—');
    expect(cellText(row, 'days_since_last_order', 'en-US', 'EUR', named)).toBe('—');
  });
});

describe('SHOWN_COLUMNS', () => {
  it('keeps six columns on a phone, leaving out the two the drawer shows', () => {
    expect(SHOWN_COLUMNS.filter((column) => column.wideOnly).map((column) => column.key)).toEqual([
      'average_order_value',
      'last_order_date',
    ]);
    expect(SHOWN_COLUMNS).toHaveLength(8);
  });
});
