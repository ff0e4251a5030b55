import { describe, expect, it } from 'vitest';
import type { Node, Value } from './ast';
import { SegmentError } from './errors';
import { parseSegment } from './parser';

/** A compact rendering of the tree, so precedence is visible in one string. */
function show(node: Node): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${show(node.left)} ${node.kind} ${show(node.right)})`;
    case 'not':
      return `not ${show(node.operand)}`;
    case 'compare':
      return `${node.attribute}${node.op}${valueText(node.value)}`;
    case 'between':
      return `${node.attribute} between ${valueText(node.low)},${valueText(node.high)}`;
    case 'in':
      return `${node.attribute} ${node.negated ? 'not in' : 'in'} [${node.values.map(valueText).join(',')}]`;
    case 'contains':
      return `${node.attribute} ${node.negated ? 'not contains' : 'contains'} ${valueText(node.value)}`;
    case 'startsWith':
      return `${node.attribute} starts ${valueText(node.value)}`;
    case 'isNull':
      return `${node.attribute} is ${node.negated ? 'not ' : ''}null`;
    case 'segment':
      return `segment ${node.negated ? '!=' : '='} ${valueText(node.name)}`;
    case 'matches':
      return `${node.function}{${node.conditions.map((c) => `${c.key}${c.op}${valueText(c.value)}`).join(';')}}`;
  }
}

function valueText(value: Value): string {
  if (value.kind === 'relative') return `${value.amount}${value.unit}`;
  if (value.kind === 'today') return 'today';
  return typeof value.value === 'string' ? `'${value.value}'` : String(value.value);
}

function error(query: string): { message: string; start: number; end: number } {
  try {
    parseSegment(query);
  } catch (e) {
    if (e instanceof SegmentError) return { message: e.message, start: e.start, end: e.end };
    throw e;
  }
  throw new Error(`no error for ${query}`);
}

describe('segment grammar', () => {
  it.each([
    ['amount_spent > 100', 'amount_spent>100'],
    ['amount_spent >= 1234.56', 'amount_spent>=1234.56'],
    ['number_of_orders != -3', 'number_of_orders!=-3'],
    ['amount_spent <> 5', 'amount_spent!=5'],
    ['average_order_value BETWEEN 50 AND 150', 'average_order_value between 50,150'],
    ["country IN ('NL', 'BE')", "country in ['NL','BE']"],
    ["country NOT IN ('NL')", "country not in ['NL']"],
    ["tags CONTAINS 'vip'", "tags contains 'vip'"],
    ["tags NOT CONTAINS 'vip'", "tags not contains 'vip'"],
    ["email STARTS WITH 'info@'", "email starts 'info@'"],
    ['city IS NULL', 'city is null'],
    ['city IS NOT NULL', 'city is not null'],
    ['first_time = true', 'first_time=true'],
    ['first_order_date >= 2024-03-01', "first_order_date>='2024-03-01'"],
    ['last_order_date >= -30d', 'last_order_date>=-30d'],
    ['last_order_date < -12w', 'last_order_date<-12w'],
    ['last_order_date < -6M', 'last_order_date<-6m'],
    ['last_order_date < -1y', 'last_order_date<-1y'],
    ['last_order_date <= today', 'last_order_date<=today'],
    ["spend_tier = 'high'", "spend_tier='HIGH'"],
    ["rfm_group = 'Can''t lose them'", "rfm_group='Can't lose them'"],
    ['rfm_group = "Can\'t lose them"', "rfm_group='Can't lose them'"],
    ["segment = 'VIP'", "segment = 'VIP'"],
    ["segment != 'VIP'", "segment != 'VIP'"],
    [
      "products_purchased MATCHES (category = 'Garden', date >= -12m)",
      "products_purchased{category='Garden';date>=-12m}",
    ],
    ['orders_placed MATCHES (count >= 2, date >= -90d, amount >= 50)', 'orders_placed{count>=2;date>=-90d;amount>=50}'],
    ['AMOUNT_SPENT > 1 and Number_Of_Orders > 2', '(amount_spent>1 and number_of_orders>2)'],
  ])('%s', (query, expected) => {
    expect(show(parseSegment(query))).toBe(expected);
  });

  it('binds AND tighter than OR, NOT tightest, parentheses override', () => {
    expect(show(parseSegment('first_time = true OR amount_spent > 1 AND number_of_orders > 2'))).toBe(
      '(first_time=true or (amount_spent>1 and number_of_orders>2))',
    );
    expect(show(parseSegment('(first_time = true OR amount_spent > 1) AND number_of_orders > 2'))).toBe(
      '((first_time=true or amount_spent>1) and number_of_orders>2)',
    );
    expect(show(parseSegment('NOT first_time = true AND amount_spent > 1'))).toBe(
      '(not first_time=true and amount_spent>1)',
    );
    expect(show(parseSegment('NOT (first_time = true OR amount_spent > 1)'))).toBe(
      'not (first_time=true or amount_spent>1)',
    );
    expect(show(parseSegment('a_spent_dummy_free = 1'.replace('a_spent_dummy_free', 'amount_spent')))).toBe(
      'amount_spent=1',
    );
  });

  it('keeps each clause’s span', () => {
    const node = parseSegment('first_time = true AND  amount_spent > 10');
    expect(node.kind === 'and' && [node.right.start, node.right.end]).toEqual([23, 40]);
  });
});

describe('segment errors point at the problem', () => {
  it.each([
    ['amout_spent > 5', "unknown attribute 'amout_spent' — did you mean 'amount_spent'?", 0, 11],
    ['orders > 3', "unknown attribute 'orders' — did you mean 'number_of_orders'?", 0, 6],
    ['Recency < 30', "unknown attribute 'Recency' — did you mean 'days_since_last_order'?", 0, 7],
    ["pays = 'NL'", "unknown attribute 'pays' — did you mean 'country'?", 0, 4],
    ['Bestellingen > 3', "unknown attribute 'Bestellingen' — did you mean 'number_of_orders'?", 0, 12],
    ["country == 'NL'", 'write = instead of ==', 8, 10],
    ["country = 'NL' && amount_spent > 5", 'write AND instead of &&', 15, 17],
    ["country = 'NL' || amount_spent > 5", 'write OR instead of ||', 15, 17],
    ['country = NL', "'=' needs text in quotes: 'NL'", 10, 12],
    ["amount_spent >= 'ten'", "'>=' needs a number", 16, 21],
    ['(amount_spent > 5', "missing ')'", 17, 17],
    ['amount_spent > 5)', "')' without a matching '('", 16, 17],
    ["country = 'NL", 'unterminated string: add the closing quote', 10, 13],
    ['amount_spent > 1234,56', 'write decimals with a dot: 1234.56', 15, 22],
    ["spend_tier = 'GOLD'", "unknown value 'GOLD' for spend_tier — expected 'HIGH', 'MEDIUM' or 'LOW'", 13, 19],
    [
      "country > 'NL'",
      "'>' does not apply to country (string): use =, !=, IN, NOT IN, STARTS WITH, CONTAINS, NOT CONTAINS, IS NULL, IS NOT NULL",
      8,
      14,
    ],
    ['first_order_date > 5', "'>' needs a date (2024-03-01, -30d or today)", 19, 20],
    ['last_order_date < -99999999y', "'-99999999y' is not a date", 18, 28],
    ['amount_spent > 1e3', 'write the number in plain digits: 1000', 15, 18],
    ['first_time = yes', "'=' needs true or false", 13, 16],
    [
      'amount_spent',
      'expected an operator after amount_spent: =, !=, >, >=, <, <=, BETWEEN, IN, NOT IN, IS NULL, IS NOT NULL',
      12,
      12,
    ],
    ['amount_spent > 5 country = 1', "expected AND, OR or the end of the query, found 'country'", 17, 24],
    ['', 'the query is empty: start with an attribute, e.g. amount_spent > 100', 0, 0],
    ['amount_spent BETWEEN 1 5', "BETWEEN needs 'AND' and an upper bound", 23, 24],
    ['amount_spent > 5 AND', 'expected an attribute, found the end of the query', 20, 20],
    [
      'orders_placed MATCHES (cout >= 2)',
      "orders_placed conditions are count, date, amount — did you mean 'count'?",
      23,
      27,
    ],
    ['orders_placed > 2', 'orders_placed needs MATCHES ( … ), e.g. orders_placed MATCHES (date >= -90d)', 14, 15],
    ['segment = VIP', "a segment's name goes in quotes: segment = 'VIP'", 10, 13],
    ['amount_spent > 5 # x', "unexpected character '#'", 17, 18],
    ['first_order_date > 2024-02-30', "'2024-02-30' is not a date", 19, 29],
  ])('%s', (query, message, start, end) => {
    expect(error(query)).toEqual({ message, start, end });
  });

  it.each([
    ['amount_spent > 5 AND\n  amout_spent > 1', '2:3-13'],
    // 😀 is one character but two UTF-16 units: the unknown attribute spans columns 16-26, not 17-27.
    ["city = '😀' AND amout_spent > 1", '1:16-26'],
    // The emoji itself is the unexpected character: one column wide.
    ["city = 'x' AND amout_😀 > 1", '1:22-22'],
  ])('formats the position in %j as line:column in characters', (query, where) => {
    expect.assertions(1);
    try {
      parseSegment(query);
    } catch (e) {
      expect((e as SegmentError).where(query)).toBe(where);
    }
  });
});

describe('attribute synonyms', () => {
  it('each suggests an attribute that exists', async () => {
    const { ATTRIBUTE_SYNONYMS } = await import('./parser');
    const { findAttribute } = await import('./attributes');
    for (const [word, name] of Object.entries(ATTRIBUTE_SYNONYMS)) expect(findAttribute(name), word).toBeDefined();
  });
});
