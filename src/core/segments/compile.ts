import type { SqlValue } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import type { Comparison, FunctionCondition, Node, Value } from './ast';
import { ATTRIBUTES, findAttribute, type Attribute, type AttributeSource } from './attributes';
import { closest, SegmentError } from './errors';
import { parseSegment } from './parser';
import { didYouMean, type SegmentText, type SegmentTextKey } from './problemText';
import { quoteString } from './tokenizer';

/** The table every compiled segment filters (attributeView.ts builds it). */
export const ATTRIBUTE_TABLE = 'customer_attributes';

export interface CompileContext {
  /** YYYY-MM-DD: `today` and relative dates (`-30d`) count from it, and orders on or after it are ignored. */
  asOf: string;
  /** Which attribute sources exist for the loaded data (predictions and signals may not). */
  available: ReadonlySet<AttributeSource>;
  /** Saved segments by name, for `segment = 'VIP'`. */
  segments?: ReadonlyMap<string, string>;
}

export interface CompiledSegment {
  /** A boolean SQL expression over `customer_attributes`; every value in it is a `?` placeholder. */
  where: string;
  params: SqlValue[];
}

const SOURCE_WORDS: Record<AttributeSource, SegmentTextKey> = {
  customers: 'segmentError.sourceCustomers',
  clv: 'segmentError.sourceClv',
  spend: 'segmentError.sourceSpend',
  signals: 'segmentError.sourceSignals',
};

/**
 * Compiles a query to a parameterised WHERE clause. Identifiers come only from the attribute registry; every value
 * is bound. A clause about a missing value is false (`country != 'NL'` leaves out customers without a country,
 * as SQL and Shopify's editor do), and NOT is taken after that, so `NOT country = 'NL'` includes them. Text
 * comparisons ignore case; enum values are matched to their canonical spelling by the parser.
 */
export function compileSegment(query: string, context: CompileContext): CompiledSegment {
  return new Compiler(context).compile(query, []);
}

class Compiler {
  private readonly params: SqlValue[] = [];

  constructor(private readonly context: CompileContext) {}

  compile(query: string, stack: string[]): CompiledSegment {
    const where = this.node(parseSegment(query), stack);
    return { where, params: this.params };
  }

  private node(node: Node, stack: string[]): string {
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${this.node(node.left, stack)} ${node.kind.toUpperCase()} ${this.node(node.right, stack)})`;
      case 'not':
        return `(NOT ${this.node(node.operand, stack)})`;
      case 'segment':
        return this.segment(node.name, node.negated, stack);
      case 'matches':
        return node.function === 'orders_placed'
          ? this.ordersPlaced(node.conditions)
          : this.productsPurchased(node.conditions);
      default: {
        const attribute = findAttribute(node.attribute)!;
        if (!this.context.available.has(attribute.source)) {
          throw new SegmentError(
            {
              id: 'segmentError.needsSource',
              params: { attribute: attribute.name, source: { id: SOURCE_WORDS[attribute.source] } },
            },
            node.attributeStart,
            node.attributeEnd,
          );
        }
        return `coalesce(${this.clause(node, attribute)}, false)`;
      }
    }
  }

  private clause(node: Extract<Node, { attribute: string }>, attribute: Attribute): string {
    const column = quoteIdentifier(attribute.name);
    const lhs = attribute.type === 'string' ? `lower(${column})` : column;
    const bind = (value: Value) => this.bind(value, attribute);
    switch (node.kind) {
      case 'compare':
        return `${lhs} ${node.op} ${bind(node.value)}`;
      case 'between':
        return `${lhs} BETWEEN ${bind(node.low)} AND ${bind(node.high)}`;
      case 'in': {
        const list = `${lhs} IN (${node.values.map(bind).join(', ')})`;
        return node.negated ? `NOT (${list})` : list;
      }
      case 'startsWith':
        return `starts_with(${lhs}, ${bind(node.value)})`;
      case 'contains': {
        const test =
          attribute.type === 'list'
            ? `list_contains(list_transform(${column}, item -> lower(item)), ${bind(node.value)})`
            : `contains(${lhs}, ${bind(node.value)})`;
        return node.negated ? `NOT ${test}` : test;
      }
      case 'isNull': {
        const empty = attribute.type === 'list' ? `(${column} IS NULL OR len(${column}) = 0)` : `${column} IS NULL`;
        return node.negated ? `NOT ${empty}` : empty;
      }
    }
  }

  /** Binds a value as a placeholder; text lower-cased in SQL for the case-insensitive comparisons, dates resolved. */
  private bind(value: Value, attribute: Pick<Attribute, 'type'>): string {
    switch (value.kind) {
      case 'number':
      case 'boolean':
        this.params.push(value.value);
        return '?';
      case 'string':
        this.params.push(value.value);
        // Lower-cased by DuckDB, as the column is: JavaScript's toLowerCase differs on a few letters (Greek final
        // sigma, Turkish dotted İ), and then 'ΑΘΗΝΑΣ' would not find Αθηνας.
        return attribute.type === 'string' || attribute.type === 'list' ? 'lower(?)' : '?';
      default:
        this.params.push(resolveDate(value, this.context.asOf));
        return 'CAST(? AS DATE)';
    }
  }

  private segment(name: Value, negated: boolean, stack: string[]): string {
    const wanted = name.kind === 'string' ? name.value : '';
    const saved = this.context.segments ?? new Map<string, string>();
    const key = [...saved.keys()].find((k) => k.toLowerCase() === wanted.toLowerCase());
    if (key === undefined) {
      throw new SegmentError(
        { id: 'segmentError.noSavedSegment', params: { name: wanted, hint: unknownSegmentHint(wanted, saved) } },
        name.start,
        name.end,
      );
    }
    if (stack.includes(key)) {
      throw new SegmentError(
        { id: 'segmentError.refersToItself', params: { name: key, chain: [...stack, key].join(' → ') } },
        name.start,
        name.end,
      );
    }
    let inner: string;
    try {
      inner = new Compiler(this.context).compileInto(saved.get(key)!, [...stack, key], this.params);
    } catch (error) {
      if (error instanceof SegmentError) {
        throw new SegmentError(
          { id: 'segmentError.savedHasError', params: { name: key, error: error.text } },
          name.start,
          name.end,
        );
      }
      throw error;
    }
    return negated ? `(NOT ${inner})` : inner;
  }

  compileInto(query: string, stack: string[], params: SqlValue[]): string {
    const where = this.node(parseSegment(query), stack);
    params.push(...this.params);
    return `(${where})`;
  }

  /** Customers with `count` orders (default ≥ 1) meeting the date and amount conditions, before the as-of date. */
  private ordersPlaced(conditions: FunctionCondition[]): string {
    const filters = ['o.customer_id IS NOT NULL', 'o.order_ts < CAST(? AS DATE)'];
    const filterParams: SqlValue[] = [this.context.asOf];
    let count = { op: '>=' as Comparison, value: 1 };
    for (const c of conditions) {
      if (c.key === 'count') count = { op: c.op, value: numberOf(c.value) };
      else if (c.key === 'date') {
        filters.push(`CAST(o.order_ts AS DATE) ${c.op} CAST(? AS DATE)`);
        filterParams.push(resolveDate(c.value, this.context.asOf));
      } else {
        filters.push(`o.amount ${c.op} ?`);
        filterParams.push(numberOf(c.value));
      }
    }
    return this.countClause(
      `SELECT o.customer_id, count(*) AS n FROM purchases o WHERE ${filters.join(' AND ')} GROUP BY 1`,
      filterParams,
      count,
    );
  }

  /** Customers with `count` orders (default ≥ 1) holding a line that meets the product conditions. */
  private productsPurchased(conditions: FunctionCondition[]): string {
    const filters = ['o.customer_id IS NOT NULL', 'o.order_ts < CAST(? AS DATE)'];
    const filterParams: SqlValue[] = [this.context.asOf];
    let count = { op: '>=' as Comparison, value: 1 };
    const columns: Record<string, string> = { amount: 'l.line_amount', quantity: 'l.quantity' };
    for (const c of conditions) {
      if (c.key === 'count') count = { op: c.op, value: numberOf(c.value) };
      else if (c.key === 'date') {
        filters.push(`CAST(o.order_ts AS DATE) ${c.op} CAST(? AS DATE)`);
        filterParams.push(resolveDate(c.value, this.context.asOf));
      } else if (c.key === 'category' || c.key === 'product') {
        // A line without a category is known by its product, as the signals know it (signals/categories.ts).
        const column = c.key === 'category' ? 'coalesce(l.category, l.product)' : 'l.product';
        filters.push(`lower(${column}) ${c.op} lower(?)`);
        filterParams.push(c.value.kind === 'string' ? c.value.value : '');
      } else {
        filters.push(`${columns[c.key]} ${c.op} ?`);
        filterParams.push(numberOf(c.value));
      }
    }
    return this.countClause(
      `SELECT o.customer_id, count(DISTINCT o.order_id) AS n FROM order_lines l JOIN purchases o USING (order_id)
       WHERE ${filters.join(' AND ')} GROUP BY 1`,
      filterParams,
      count,
    );
  }

  /** `count op n` over the matching orders; a customer with none has 0, so `count = 0` finds them too. */
  private countClause(counts: string, filterParams: SqlValue[], count: { op: Comparison; value: number }): string {
    this.params.push(...filterParams, count.value);
    return `(coalesce((SELECT n FROM (${counts}) matched WHERE matched.customer_id = ${ATTRIBUTE_TABLE}.customer_id), 0) ${count.op} ?)`;
  }
}

function numberOf(value: Value): number {
  return value.kind === 'number' ? value.value : 0;
}

/** `-30d`, `-6m`, `today`, `2024-03-01` → YYYY-MM-DD, counting from the as-of date (calendar months and years). */
export function resolveDate(value: Value, asOf: string): string {
  if (value.kind === 'date') return value.value;
  const date = new Date(`${asOf}T00:00:00Z`);
  if (value.kind === 'relative') {
    if (value.unit === 'd') date.setUTCDate(date.getUTCDate() + value.amount);
    else if (value.unit === 'w') date.setUTCDate(date.getUTCDate() + 7 * value.amount);
    else return addMonths(date, value.unit === 'm' ? value.amount : 12 * value.amount);
  }
  return date.toISOString().slice(0, 10);
}

/**
 * Calendar months later (or earlier), the day kept unless the target month is shorter, then its last day: 31 August
 * − 6 months is 29 February, as DuckDB's and PostgreSQL's `date - INTERVAL '6 months'` give. Date.setUTCMonth would
 * roll over to 2 March instead.
 */
function addMonths(date: Date, months: number): string {
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const [year, month] = [Math.floor(monthIndex / 12), ((monthIndex % 12) + 12) % 12];
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)));
  target.setUTCFullYear(year); // Date.UTC reads years 0–99 as 1900–1999.
  return target.toISOString().slice(0, 10);
}

/**
 * What the user more likely meant by an unknown saved segment: a value of an enum attribute — `segment = 'At risk'`
 * for the RFM group, as Shopify and Klaviyo call their groups segments — else the closest saved name.
 */
function unknownSegmentHint(wanted: string, saved: ReadonlyMap<string, string>): string | SegmentText {
  for (const attribute of ATTRIBUTES) {
    const value = attribute.values?.find((v) => v.toLowerCase() === wanted.toLowerCase());
    if (value !== undefined)
      return { id: 'segmentError.didYouMeanValue', params: { attribute: attribute.name, value: quoteString(value) } };
  }
  return didYouMean(closest(wanted, [...saved.keys()]));
}
