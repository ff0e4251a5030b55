import type { SqlExecutor } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import { ATTRIBUTES, findAttribute, FUNCTIONS, type Attribute } from './attributes';
import { ATTRIBUTE_TABLE } from './compile';
import { ATTRIBUTE_SYNONYMS, OPERATORS_BY_TYPE } from './parser';
import { quoteString, tokenize, type Token } from './tokenizer';

export interface Completion {
  label: string;
  /** Text that replaces the range [from, to) of the query. */
  insert: string;
  detail: string;
  kind: 'attribute' | 'operator' | 'value' | 'keyword';
  /** For a value seen in the data: how many customers have it. */
  customers?: number;
}

export interface Completions {
  from: number;
  to: number;
  items: Completion[];
}

/** Values in the data with their counts, for the editor to offer after `country =` and the like. */
export type ValueCounts = Record<string, { value: string; customers: number }[]>;

/**
 * What may come next at the cursor: attributes at the start of a clause, the operators an attribute's type
 * accepts after it, its values after an operator (enum values, true/false, or the values in the data with their
 * counts), and AND / OR after a complete clause. Pure: the editor calls it on every keystroke.
 */
export function completions(query: string, cursor: number, values: ValueCounts = {}): Completions {
  const before = query.slice(0, cursor);
  const open = openString(before);
  const word = open === null ? (/[A-Za-z_][A-Za-z0-9_]*$/.exec(before)?.[0] ?? '') : '';
  const from = open ?? cursor - word.length;
  const tokens = safeTokens(query.slice(0, from));
  // Text the tokenizer refuses (`==`, `&&`) gets no suggestions: a list of attributes after it would mislead.
  if (tokens === null) return { from, to: cursor, items: [] };
  const last = tokens[tokens.length - 1];
  const prefix = (open === null ? word : query.slice(open + 1, cursor)).toLowerCase();
  // Names that start with what was typed first, then (from two letters on) names that contain it.
  const match = (items: Completion[]) => {
    const starting = items.filter((item) => item.label.toLowerCase().startsWith(prefix));
    const containing =
      prefix.length > 1
        ? items.filter(
            (item) => !item.label.toLowerCase().startsWith(prefix) && item.label.toLowerCase().includes(prefix),
          )
        : [];
    return { from, to: cursor, items: [...starting, ...containing] };
  };

  const attributeBefore = (token: Token | undefined) =>
    token?.kind === 'word' ? findAttribute(token.text) : undefined;
  const startsClause =
    !last ||
    (last.kind === 'op' && last.text === '(' && !inList(tokens)) ||
    (last.kind === 'word' && ['and', 'or', 'not'].includes(last.text.toLowerCase()));
  if (startsClause) {
    const found = match(clauseStarts());
    // A word people reach for (`orders`, `pays`, `bestellingen`) offers the attribute it means, from three letters
    // on: fewer would bring every synonym's attribute along.
    const meant = Object.entries(ATTRIBUTE_SYNONYMS)
      .filter(([word]) => prefix.length > 2 && word.startsWith(prefix))
      .map(([, name]) => name);
    const offered = new Set(found.items.map((item) => item.label));
    const extra = clauseStarts().filter((item) => meant.includes(item.label) && !offered.has(item.label));
    return { ...found, items: [...found.items, ...extra] };
  }
  const attribute = last.kind === 'word' ? findAttribute(last.text) : undefined;
  if (attribute)
    return match(
      OPERATORS_BY_TYPE[attribute.type].map((op) => ({
        label: op,
        insert: `${op} `,
        detail: attribute.type,
        kind: 'operator',
      })),
    );
  const target = valueTarget(tokens);
  if (target) return match(valueItems(target, values));
  return match(['AND', 'OR', ')'].map((k) => ({ label: k, insert: `${k} `, detail: '', kind: 'keyword' as const })));
}

function clauseStarts(): Completion[] {
  return [
    ...ATTRIBUTES.map((a) => ({
      label: a.name,
      insert: `${a.name} `,
      detail: a.description,
      kind: 'attribute' as const,
    })),
    ...Object.keys(FUNCTIONS).map((f) => ({
      label: f,
      insert: `${f} MATCHES (`,
      detail: 'MATCHES (…)',
      kind: 'attribute' as const,
    })),
    { label: 'segment', insert: "segment = '", detail: 'a saved segment', kind: 'attribute' },
    { label: 'NOT', insert: 'NOT ', detail: '', kind: 'keyword' },
    { label: '(', insert: '(', detail: '', kind: 'keyword' },
  ];
}

function valueItems(attribute: Attribute, values: ValueCounts): Completion[] {
  if (attribute.type === 'boolean')
    return ['true', 'false'].map((v) => ({ label: v, insert: `${v} `, detail: '', kind: 'value' }));
  if (attribute.type === 'enum')
    return (attribute.values ?? []).map((v) => ({ label: v, insert: `${quoteString(v)} `, detail: '', kind: 'value' }));
  if (attribute.type === 'date')
    return ['-30d', '-90d', '-6m', '-1y', 'today'].map((v) => ({
      label: v,
      insert: `${v} `,
      detail: '',
      kind: 'value',
    }));
  return (values[attribute.name] ?? []).map((v) => ({
    label: v.value,
    insert: attribute.type === 'number' ? `${v.value} ` : `${quoteString(v.value)} `,
    detail: String(v.customers),
    customers: v.customers,
    kind: 'value',
  }));
}

/** The attribute whose value comes next: after a comparison, CONTAINS, STARTS WITH, BETWEEN, or inside IN ( … ). */
function valueTarget(tokens: Token[]): Attribute | undefined {
  const at = (back: number) => {
    const token = tokens[tokens.length - back];
    return token?.kind === 'word' ? findAttribute(token.text) : undefined;
  };
  const last = tokens[tokens.length - 1];
  if (last?.kind === 'op' && ['=', '!=', '>', '>=', '<', '<='].includes(last.text)) return at(2);
  if (last?.kind === 'op') return inList(tokens);
  const keyword = last?.kind === 'word' ? last.text.toLowerCase() : '';
  if (keyword === 'contains' || keyword === 'between') return at(2) ?? at(3);
  if (keyword === 'with') return at(3);
  return undefined;
}

/** Inside `attr IN (` or after a comma in that list: the attribute of the list. */
function inList(tokens: Token[]): Attribute | undefined {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 1; i--) {
    const t = tokens[i];
    if (t.kind === 'op' && t.text === ')') depth++;
    if (t.kind === 'op' && t.text === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const keyword = tokens[i - 1];
      if (keyword.kind === 'word' && keyword.text.toLowerCase() === 'in') {
        const at =
          tokens[i - 2]?.kind === 'word' && (tokens[i - 2] as { text: string }).text.toLowerCase() === 'not'
            ? i - 3
            : i - 2;
        const attribute = tokens[at];
        return attribute?.kind === 'word' ? findAttribute(attribute.text) : undefined;
      }
      return undefined;
    }
  }
  return undefined;
}

/** Index of an unterminated quote before the cursor (the cursor is inside a string), else null. */
function openString(text: string): number | null {
  let quote: string | null = null;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote && text[i + 1] === quote) i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
      start = i;
    }
  }
  return quote ? start : null;
}

/** The tokens before the cursor, or null when they do not tokenize (the error under the editor says why). */
function safeTokens(text: string): Token[] | null {
  try {
    return tokenize(text).slice(0, -1);
  } catch {
    return null;
  }
}

/** The most common values of each text attribute, with their customer counts (for autocomplete). */
export async function valueCounts(db: SqlExecutor, limit = 12): Promise<ValueCounts> {
  const out: ValueCounts = {};
  for (const attribute of ATTRIBUTES.filter((a) => a.type === 'string' || a.type === 'list')) {
    if (['customer_id', 'email'].includes(attribute.name)) continue;
    const column = quoteIdentifier(attribute.name);
    const source =
      attribute.type === 'list'
        ? `(SELECT unnest(${column}) AS value FROM ${ATTRIBUTE_TABLE})`
        : `(SELECT ${column} AS value FROM ${ATTRIBUTE_TABLE})`;
    const rows = await db.all<{ value: string; customers: number }>(
      `SELECT value, count(*) AS customers FROM ${source} WHERE value IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`,
    );
    if (rows.length) out[attribute.name] = rows;
  }
  return out;
}
