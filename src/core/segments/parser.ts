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
import { didYouMean, type SegmentText, type SegmentTextKey } from './problemText';
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

/** The longest a unit of a relative date can be, to bound how far one may reach. */
const DAYS_PER_UNIT = { d: 1, w: 7, m: 31, y: 366 } as const;

const TYPE_WORDS: Record<AttributeType, SegmentTextKey> = {
  number: 'segmentError.aNumber',
  date: 'segmentError.aDate',
  string: 'segmentError.textInQuotes',
  enum: 'segmentError.oneOfItsValues',
  boolean: 'segmentError.trueOrFalse',
  list: 'segmentError.textInQuotes',
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
  // The app speaks French and Dutch too; its users reach for their own words first.
  pays: 'country',
  land: 'country',
  ville: 'city',
  stad: 'city',
  plaats: 'city',
  commandes: 'number_of_orders',
  bestellingen: 'number_of_orders',
  montant: 'amount_spent',
  depense: 'amount_spent',
  bedrag: 'amount_spent',
  omzet: 'amount_spent',
  groupe: 'rfm_group',
  groep: 'rfm_group',
  categorie: 'favourite_category',
  courriel: 'email',
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
    if (this.peek().kind === 'end') throw new SegmentError({ id: 'segmentError.emptyQuery' }, 0, 0);
    const node = this.or();
    const next = this.peek();
    if (next.kind === 'op' && next.text === ')')
      throw new SegmentError({ id: 'segmentError.unmatchedClose' }, next.start, next.end);
    if (next.kind !== 'end')
      throw new SegmentError(
        { id: 'segmentError.expectedAndOr', params: { found: this.describe(next) } },
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
      if (!(close.kind === 'op' && close.text === ')'))
        throw new SegmentError({ id: 'segmentError.missingClose' }, close.start, close.end);
      this.next();
      return { ...inner, start: token.start, end: close.end };
    }
    return this.clause();
  }

  private clause(): Node {
    const token = this.next();
    if (token.kind !== 'word' || KEYWORDS.includes(token.text.toLowerCase())) {
      throw new SegmentError(
        { id: 'segmentError.expectedAttribute', params: { found: this.describe(token) } },
        token.start,
        token.end,
      );
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
        { id: 'segmentError.unknownAttribute', params: { name: token.text, suggestion: didYouMean(suggestion) } },
        token.start,
        token.end,
      );
    }
    const operator = this.peek();
    const allowed = (op: string) => {
      if (!OPERATORS_BY_TYPE[attribute.type].includes(op)) {
        const operators = OPERATORS_BY_TYPE[attribute.type].join(', ');
        throw new SegmentError(
          {
            id: 'segmentError.operatorNotAllowed',
            params: { operator: op, attribute: attribute.name, type: attribute.type, operators },
          },
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
        throw new SegmentError({ id: 'segmentError.betweenNeedsAnd' }, this.peek().start, this.peek().end);
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
        throw new SegmentError({ id: 'segmentError.inNeedsList' }, open.start, open.end);
      const values = [this.value(attribute, 'IN')];
      while (this.peek().kind === 'op' && (this.peek() as { text: string }).text === ',') {
        this.next();
        values.push(this.value(attribute, 'IN'));
      }
      const close = this.next();
      if (!(close.kind === 'op' && close.text === ')'))
        throw new SegmentError({ id: 'segmentError.missingClose' }, close.start, close.end);
      return { kind: 'in', negated, values, end: close.end, ...base };
    }
    if (this.isWord('contains')) {
      allowed(negated ? 'NOT CONTAINS' : 'CONTAINS');
      this.next();
      const value = this.value(attribute, 'CONTAINS', 'string');
      return { kind: 'contains', negated, value, end: value.end, ...base };
    }
    if (negated) throw new SegmentError({ id: 'segmentError.notNeedsInOrContains' }, operator.start, this.peek().end);
    if (this.isWord('starts')) {
      this.next();
      if (!this.isWord('with'))
        throw new SegmentError({ id: 'segmentError.startsNeedsWith' }, this.peek().start, this.peek().end);
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
        throw new SegmentError({ id: 'segmentError.isNeedsNull' }, nullWord.start, nullWord.end);
      allowed(not ? 'IS NOT NULL' : 'IS NULL');
      return { kind: 'isNull', negated: not, end: nullWord.end, ...base };
    }
    throw new SegmentError(
      {
        id: 'segmentError.expectedOperator',
        params: { attribute: attribute.name, operators: OPERATORS_BY_TYPE[attribute.type].join(', ') },
      },
      operator.start,
      operator.end,
    );
  }

  private segmentReference(token: Token): Node {
    const op = this.next();
    if (!(op.kind === 'op' && (op.text === '=' || op.text === '!=')))
      throw new SegmentError({ id: 'segmentError.segmentNeedsEquals' }, op.start, op.end);
    const name = this.next();
    if (name.kind !== 'string')
      throw new SegmentError({ id: 'segmentError.segmentNameInQuotes' }, name.start, name.end);
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
      throw new SegmentError({ id: 'segmentError.needsMatches', params: { name } }, this.peek().start, this.peek().end);
    this.next();
    const open = this.next();
    if (!(open.kind === 'op' && open.text === '('))
      throw new SegmentError({ id: 'segmentError.matchesNeedsParentheses' }, open.start, open.end);
    const conditions: FunctionCondition[] = [];
    for (;;) {
      const key = this.next();
      const keys: readonly string[] = FUNCTIONS[name];
      if (key.kind !== 'word' || !keys.includes(key.text.toLowerCase())) {
        const suggestion = key.kind === 'word' ? closest(key.text, keys) : undefined;
        throw new SegmentError(
          {
            id: 'segmentError.functionConditions',
            params: { name, keys: keys.join(', '), suggestion: didYouMean(suggestion) },
          },
          key.start,
          key.end,
        );
      }
      const keyName = key.text.toLowerCase();
      const op = this.next();
      if (!(op.kind === 'op' && COMPARISONS.includes(op.text as Comparison)))
        throw new SegmentError({ id: 'segmentError.expectedComparison', params: { key: keyName } }, op.start, op.end);
      const type: AttributeType =
        keyName === 'date' ? 'date' : keyName === 'category' || keyName === 'product' ? 'string' : 'number';
      const pseudo = { name: keyName, type } as Attribute;
      if (type === 'string' && op.text !== '=' && op.text !== '!=')
        throw new SegmentError(
          { id: 'segmentError.textComparison', params: { operator: op.text, key: keyName } },
          op.start,
          op.end,
        );
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
      if (!(after.kind === 'op' && after.text === ','))
        throw new SegmentError({ id: 'segmentError.missingClose' }, after.start, after.end);
    }
  }

  /** A value of the attribute's type (or `as`), with the operator named in the error when it does not fit. */
  private value(attribute: Attribute, operator: string, as?: AttributeType): Value {
    const token = this.next();
    const type = as ?? attribute.type;
    const fail = (): never => {
      // A bare word where text belongs (country = NL) is shown quoted, ready to copy.
      const quoted: SegmentText | string =
        token.kind === 'word' && TEXT_TYPES.includes(type)
          ? { id: 'segmentError.quotedValue', params: { text: quoteString(token.text) } }
          : '';
      throw new SegmentError(
        { id: 'segmentError.valueNeeds', params: { operator, kind: { id: TYPE_WORDS[type] }, quoted } },
        token.start,
        token.end,
      );
    };
    const word = token.kind === 'word' ? token.text.toLowerCase() : '';
    switch (type) {
      case 'number':
        if (token.kind !== 'number') fail();
        return { kind: 'number', value: (token as { value: number }).value, start: token.start, end: token.end };
      case 'date':
        if (token.kind === 'date') {
          if (!isCalendarDate(token.value))
            throw new SegmentError(
              { id: 'segmentError.notADate', params: { value: token.value } },
              token.start,
              token.end,
            );
          return { kind: 'date', value: token.value, start: token.start, end: token.end };
        }
        // Beyond a thousand years a relative date means nothing for a shop and leaves the calendar's range.
        if (token.kind === 'relative' && Math.abs(token.amount) * DAYS_PER_UNIT[token.unit] > 366_000)
          throw new SegmentError(
            { id: 'segmentError.notADate', params: { value: `${token.amount}${token.unit}` } },
            token.start,
            token.end,
          );
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
              {
                id: 'segmentError.unknownValue',
                params: {
                  value: text,
                  attribute: attribute.name,
                  values: list.slice(0, -1).join(', '),
                  last: list[list.length - 1],
                },
              },
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
        {
          id: 'segmentError.decimalsWithDot',
          params: { fixed: this.query.slice(value.start, after.end).replace(',', '.') },
        },
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

  private describe(token: Token): SegmentText {
    if (token.kind === 'end') return { id: 'segmentError.endOfQuery' };
    return { id: 'segmentError.quoted', params: { text: this.query.slice(token.start, token.end) } };
  }
}

/** 2024-02-30 parses in JavaScript (it rolls over to March); a real calendar date survives the round trip. */
function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
