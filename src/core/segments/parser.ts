import type { Comparison, FunctionCondition, Node, Value } from './ast';
import {
  ATTRIBUTES,
  findAttribute,
  FUNCTIONS,
  type Attribute,
  type AttributeType,
  type FunctionName,
} from './attributes';
import { closest, SegmentError } from './errors';
import { quoteString, tokenize, type Token } from './tokenizer';

/**
 * Recursive-descent parser for the segment language (grammar below; AND binds tighter than OR, as in SQL):
 *
 *   query   := or END
 *   or      := and ( OR and )*
 *   and     := unary ( AND unary )*
 *   unary   := NOT unary | '(' or ')' | clause
 *   clause  := ATTRIBUTE ( cmp value | BETWEEN value AND value | [NOT] IN '(' value (',' value)* ')'
 *              | [NOT] CONTAINS value | STARTS WITH value | IS [NOT] NULL )
 *            | FUNCTION MATCHES '(' key cmp value ( ',' key cmp value )* ')'
 *            | SEGMENT ( '=' | '!=' ) string
 *   value   := NUMBER | STRING | TRUE | FALSE | DATE | RELATIVE_DATE | TODAY
 *
 * Keywords and attribute names are case-insensitive. Every clause is checked against the attribute registry here,
 * so an editor gets each mistake at its exact position before anything reaches the engine.
 */
/** The language's reserved words (lower case); the editor colours them too. */
export const KEYWORDS = [
  'and',
  'or',
  'not',
  'between',
  'in',
  'contains',
  'starts',
  'with',
  'is',
  'null',
  'matches',
  'true',
  'false',
  'today',
];
const COMPARISONS: Comparison[] = ['=', '!=', '>', '>=', '<', '<='];

const TYPE_WORDS: Record<AttributeType, string> = {
  number: 'a number',
  date: 'a date (2024-03-01, -30d or today)',
  string: 'text in quotes',
  enum: 'one of its values in quotes',
  boolean: 'true or false',
  list: 'text in quotes',
};

/**
 * Names people reach for that are not ours, and the attribute they mean: the customer table's own headings, RFM's
 * letters, other tools' words (Shopify's `number_of_orders` is kept; Klaviyo says "total spent"). Only suggested in
 * the error, never accepted silently: one query text has one meaning.
 */
export const ATTRIBUTE_SYNONYMS: Record<string, string> = {
  orders: 'number_of_orders',
  order_count: 'number_of_orders',
  frequency: 'number_of_orders',
  spent: 'amount_spent',
  total_spent: 'amount_spent',
  spend: 'amount_spent',
  monetary: 'amount_spent',
  revenue: 'amount_spent',
  recency: 'days_since_last_order',
  days_since: 'days_since_last_order',
  aov: 'average_order_value',
  group: 'rfm_group',
  tier: 'spend_tier',
};

/** Types whose values are written in quotes. */
const TEXT_TYPES: readonly AttributeType[] = ['string', 'enum', 'list'];

/** Operators each attribute type accepts, as the editor offers them and errors list them. */
export const OPERATORS_BY_TYPE: Record<AttributeType, readonly string[]> = {
  number: ['=', '!=', '>', '>=', '<', '<=', 'BETWEEN', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'],
  date: ['=', '!=', '>', '>=', '<', '<=', 'BETWEEN', 'IS NULL', 'IS NOT NULL'],
  string: ['=', '!=', 'IN', 'NOT IN', 'STARTS WITH', 'CONTAINS', 'NOT CONTAINS', 'IS NULL', 'IS NOT NULL'],
  enum: ['=', '!=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'],
  boolean: ['=', '!='],
  list: ['CONTAINS', 'NOT CONTAINS', 'IS NULL', 'IS NOT NULL'],
};

export function parseSegment(query: string): Node {
  return new Parser(query).parse();
}

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly query: string) {
    this.tokens = tokenize(query);
  }

  parse(): Node {
    if (this.peek().kind === 'end')
      throw new SegmentError('the query is empty: start with an attribute, e.g. amount_spent > 100', 0, 0);
    const node = this.or();
    const next = this.peek();
    if (next.kind === 'op' && next.text === ')')
      throw new SegmentError("')' without a matching '('", next.start, next.end);
    if (next.kind !== 'end')
      throw new SegmentError(
        `expected AND, OR or the end of the query, found ${this.describe(next)}`,
        next.start,
        next.end,
      );
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const right = this.and();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isWord('and')) {
      this.next();
      const right = this.unary();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const token = this.peek();
    if (this.isWord('not')) {
      this.next();
      const operand = this.unary();
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    if (token.kind === 'op' && token.text === '(') {
      this.next();
      const inner = this.or();
      const close = this.peek();
      if (!(close.kind === 'op' && close.text === ')')) throw new SegmentError("missing ')'", close.start, close.end);
      this.next();
      return { ...inner, start: token.start, end: close.end };
    }
    return this.clause();
  }

  private clause(): Node {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.includes(token.text.toLowerCase())) {
      throw new SegmentError(`expected an attribute, found ${this.describe(token)}`, token.start, token.end);
    }
    const name = token.text.toLowerCase();
    const span = { attributeStart: token.start, attributeEnd: token.end };
    if (name === 'segment') return this.segmentReference(token);
    if (name in FUNCTIONS) return this.functionFilter(name as FunctionName, token);
    const attribute = findAttribute(name);
    if (!attribute) {
      const suggestion =
        ATTRIBUTE_SYNONYMS[name] ??
        closest(name, [...ATTRIBUTES.map((a) => a.name), ...Object.keys(FUNCTIONS), 'segment']);
      throw new SegmentError(
        `unknown attribute '${token.text}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
        token.start,
        token.end,
      );
    }
    const operator = this.peek();
    const allowed = (op: string) => {
      if (!OPERATORS_BY_TYPE[attribute.type].includes(op)) {
        throw new SegmentError(
          `'${op}' does not apply to ${attribute.name} (${attribute.type}): use ${OPERATORS_BY_TYPE[attribute.type].join(', ')}`,
          operator.start,
          this.peek().end,
        );
      }
    };
    const base = { attribute: attribute.name, start: token.start, ...span };
    if (operator.kind === 'op' && COMPARISONS.includes(operator.text as Comparison)) {
      this.next();
      allowed(operator.text);
      const value = this.value(attribute, operator.text);
      this.refuseDecimalComma(value);
      return { kind: 'compare', op: operator.text as Comparison, value, end: value.end, ...base };
    }
    if (this.isWord('between')) {
      allowed('BETWEEN');
      this.next();
      const low = this.value(attribute, 'BETWEEN');
      if (!this.isWord('and'))
        throw new SegmentError("BETWEEN needs 'AND' and an upper bound", this.peek().start, this.peek().end);
      this.next();
      const high = this.value(attribute, 'BETWEEN');
      return { kind: 'between', low, high, end: high.end, ...base };
    }
    const negated = this.isWord('not');
    if (negated) this.next();
    if (this.isWord('in')) {
      allowed(negated ? 'NOT IN' : 'IN');
      this.next();
      const open = this.next();
      if (!(open.kind === 'op' && open.text === '('))
        throw new SegmentError("IN needs a list in parentheses: IN ('a', 'b')", open.start, open.end);
      const values = [this.value(attribute, 'IN')];
      while (this.peek().kind === 'op' && (this.peek() as { text: string }).text === ',') {
        this.next();
        values.push(this.value(attribute, 'IN'));
      }
      const close = this.next();
      if (!(close.kind === 'op' && close.text === ')')) throw new SegmentError("missing ')'", close.start, close.end);
      return { kind: 'in', negated, values, end: close.end, ...base };
    }
    if (this.isWord('contains')) {
      allowed(negated ? 'NOT CONTAINS' : 'CONTAINS');
      this.next();
      const value = this.value(attribute, 'CONTAINS', 'string');
      return { kind: 'contains', negated, value, end: value.end, ...base };
    }
    if (negated) throw new SegmentError('NOT here must be followed by IN or CONTAINS', operator.start, this.peek().end);
    if (this.isWord('starts')) {
      this.next();
      if (!this.isWord('with')) throw new SegmentError("STARTS needs 'WITH'", this.peek().start, this.peek().end);
      allowed('STARTS WITH');
      this.next();
      const value = this.value(attribute, 'STARTS WITH', 'string');
      return { kind: 'startsWith', value, end: value.end, ...base };
    }
    if (this.isWord('is')) {
      this.next();
      const not = this.isWord('not');
      if (not) this.next();
      const nullWord = this.next();
      if (!(nullWord.kind === 'word' && nullWord.text.toLowerCase() === 'null'))
        throw new SegmentError('IS needs NULL or NOT NULL', nullWord.start, nullWord.end);
      allowed(not ? 'IS NOT NULL' : 'IS NULL');
      return { kind: 'isNull', negated: not, end: nullWord.end, ...base };
    }
    throw new SegmentError(
      `expected an operator after ${attribute.name}: ${OPERATORS_BY_TYPE[attribute.type].join(', ')}`,
      operator.start,
      operator.end,
    );
  }

  private segmentReference(token: Token): Node {
    const op = this.next();
    if (!(op.kind === 'op' && (op.text === '=' || op.text === '!=')))
      throw new SegmentError("segment needs = or != and a saved segment's name", op.start, op.end);
    const name = this.next();
    if (name.kind !== 'string')
      throw new SegmentError("a segment's name goes in quotes: segment = 'VIP'", name.start, name.end);
    return {
      kind: 'segment',
      negated: op.text === '!=',
      name: { kind: 'string', value: name.value, start: name.start, end: name.end },
      start: token.start,
      end: name.end,
      attributeStart: token.start,
      attributeEnd: token.end,
    };
  }

  private functionFilter(name: FunctionName, token: Token): Node {
    if (!this.isWord('matches'))
      throw new SegmentError(
        `${name} needs MATCHES ( … ), e.g. ${name} MATCHES (date >= -90d)`,
        this.peek().start,
        this.peek().end,
      );
    this.next();
    const open = this.next();
    if (!(open.kind === 'op' && open.text === '('))
      throw new SegmentError('MATCHES needs conditions in parentheses', open.start, open.end);
    const conditions: FunctionCondition[] = [];
    for (;;) {
      const key = this.next();
      const keys: readonly string[] = FUNCTIONS[name];
      if (key.kind !== 'word' || !keys.includes(key.text.toLowerCase())) {
        const suggestion = key.kind === 'word' ? closest(key.text, keys) : undefined;
        throw new SegmentError(
          `${name} conditions are ${keys.join(', ')}${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
          key.start,
          key.end,
        );
      }
      const keyName = key.text.toLowerCase();
      const op = this.next();
      if (!(op.kind === 'op' && COMPARISONS.includes(op.text as Comparison)))
        throw new SegmentError(`expected a comparison after ${keyName}`, op.start, op.end);
      const type: AttributeType =
        keyName === 'date' ? 'date' : keyName === 'category' || keyName === 'product' ? 'string' : 'number';
      const pseudo = { name: keyName, type } as Attribute;
      if (type === 'string' && op.text !== '=' && op.text !== '!=')
        throw new SegmentError(`'${op.text}' does not apply to ${keyName}: use = or !=`, op.start, op.end);
      const value = this.value(pseudo, op.text);
      conditions.push({ key: keyName, op: op.text as Comparison, value, start: key.start, end: value.end });
      const after = this.next();
      if (after.kind === 'op' && after.text === ')') {
        return {
          kind: 'matches',
          function: name,
          conditions,
          start: token.start,
          end: after.end,
          attributeStart: token.start,
          attributeEnd: token.end,
        };
      }
      if (!(after.kind === 'op' && after.text === ',')) throw new SegmentError("missing ')'", after.start, after.end);
    }
  }

  /** A value of the attribute's type (or `as`), with the operator named in the error when it does not fit. */
  private value(attribute: Attribute, operator: string, as?: AttributeType): Value {
    const token = this.next();
    const type = as ?? attribute.type;
    const fail = (): never => {
      // A bare word where text belongs (country = NL) is shown quoted, ready to copy.
      const quoted = token.kind === 'word' && TEXT_TYPES.includes(type) ? `: ${quoteString(token.text)}` : '';
      throw new SegmentError(`'${operator}' needs ${TYPE_WORDS[type]}${quoted}`, token.start, token.end);
    };
    const word = token.kind === 'word' ? token.text.toLowerCase() : '';
    switch (type) {
      case 'number':
        if (token.kind !== 'number') fail();
        return { kind: 'number', value: (token as { value: number }).value, start: token.start, end: token.end };
      case 'date':
        if (token.kind === 'date') {
          if (!isCalendarDate(token.value))
            throw new SegmentError(`'${token.value}' is not a date`, token.start, token.end);
          return { kind: 'date', value: token.value, start: token.start, end: token.end };
        }
        if (token.kind === 'relative')
          return { kind: 'relative', amount: token.amount, unit: token.unit, start: token.start, end: token.end };
        if (word === 'today') return { kind: 'today', start: token.start, end: token.end };
        return fail();
      case 'boolean':
        if (word !== 'true' && word !== 'false') fail();
        return { kind: 'boolean', value: word === 'true', start: token.start, end: token.end };
      default: {
        if (token.kind !== 'string') fail();
        const text = (token as { value: string }).value;
        if (type === 'enum' && attribute.values) {
          const match = attribute.values.find((v) => v.toLowerCase() === text.toLowerCase());
          if (!match) {
            const list = attribute.values.map((v) => `'${v}'`);
            throw new SegmentError(
              `unknown value '${text}' for ${attribute.name} — expected ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`,
              token.start,
              token.end,
            );
          }
          return { kind: 'string', value: match, start: token.start, end: token.end };
        }
        return { kind: 'string', value: text, start: token.start, end: token.end };
      }
    }
  }

  /** `amount_spent > 1234,56`: a European decimal comma would otherwise read as a syntax error further on. */
  private refuseDecimalComma(value: Value): void {
    const comma = this.peek();
    const after = this.tokens[this.position + 1];
    if (
      value.kind === 'number' &&
      comma.kind === 'op' &&
      comma.text === ',' &&
      after?.kind === 'number' &&
      after.start === comma.end
    ) {
      throw new SegmentError(
        `write decimals with a dot: ${this.query.slice(value.start, after.end).replace(',', '.')}`,
        value.start,
        after.end,
      );
    }
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  private describe(token: Token): string {
    if (token.kind === 'end') return 'the end of the query';
    return `'${this.query.slice(token.start, token.end)}'`;
  }
}

/** 2024-02-30 parses in JavaScript (it rolls over to March); a real calendar date survives the round trip. */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
