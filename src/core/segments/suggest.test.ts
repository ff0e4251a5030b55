import { describe, expect, it } from 'vitest';
import { completions, type ValueCounts } from './suggest';

const labels = (query: string, values?: ValueCounts, cursor = query.length) =>
  completions(query, cursor, values).items.map((i) => i.label);

const values: ValueCounts = {
  country: [
    { value: 'NL', customers: 900 },
    { value: 'BE', customers: 300 },
  ],
};

describe('editor completions', () => {
  it('offers attributes at the start of a clause, by prefix then anywhere in the name', () => {
    expect(labels('amo')).toEqual(['amount_spent']);
    expect(labels('first_time = true AND spent').slice(0, 1)).toEqual(['amount_spent']);
    expect(labels('')).toContain('rfm_group');
    expect(labels('(')).toContain('orders_placed');
    expect(labels('co')).toEqual([
      'country',
      'recency_score',
      'frequency_score',
      'monetary_score',
      'discount_share',
      'discount_hunter',
    ]);
  });

  it('offers the attribute a familiar word means, in English, French or Dutch', () => {
    expect(labels('pays')).toEqual(['country']);
    expect(labels('bestel')).toEqual(['number_of_orders']);
    expect(labels('ord')).toEqual([
      'orders_placed',
      'number_of_orders',
      'first_order_date',
      'last_order_date',
      'days_since_last_order',
      'average_order_value',
      'expected_orders_365d',
    ]);
  });

  it('offers the operators the attribute’s type accepts', () => {
    expect(labels('country ')).toEqual([
      '=',
      '!=',
      'IN',
      'NOT IN',
      'STARTS WITH',
      'CONTAINS',
      'NOT CONTAINS',
      'IS NULL',
      'IS NOT NULL',
    ]);
    expect(labels('tags ')).toEqual(['CONTAINS', 'NOT CONTAINS', 'IS NULL', 'IS NOT NULL']);
  });

  it('offers values: the data’s own with counts, enum values, booleans, relative dates', () => {
    const result = completions('country = ', 10, values);
    expect(result.items.map((i) => [i.insert, i.detail])).toEqual([
      ["'NL' ", '900'],
      ["'BE' ", '300'],
    ]);
    expect(labels('spend_tier = ')).toEqual(['HIGH', 'MEDIUM', 'LOW']);
    expect(labels('first_time != ')).toEqual(['true', 'false']);
    expect(labels('last_order_date >= ')).toContain('-30d');
    expect(labels("country IN ('NL', ", values)).toEqual(['NL', 'BE']);
  });

  it('completes inside an open string, replacing from the quote', () => {
    const result = completions("country = 'b", 12, values);
    expect(result.from).toBe(10);
    expect(result.items.map((i) => i.insert)).toEqual(["'BE' "]);
  });

  it('offers nothing after text the language refuses', () => {
    expect(completions("country == 'NL' ", 16).items).toEqual([]);
    expect(completions('amount_spent > 5 && ', 20).items).toEqual([]);
  });

  it('offers AND / OR after a complete clause', () => {
    expect(labels('amount_spent > 5 ')).toEqual(['AND', 'OR', ')']);
  });
});
