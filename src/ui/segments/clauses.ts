import type { Node, Value } from '../../core/segments/ast';
import { findAttribute } from '../../core/segments/attributes';
import { parseSegment } from '../../core/segments/parser';
import { quoteString } from '../../core/segments/tokenizer';

/**
 * The visual builder's model: a list of `attribute operator value` rows joined by AND. It edits the same text as
 * the editor both ways — rows → `toQuery`, text → `fromQuery` — and a query the rows cannot express (OR, NOT,
 * parentheses, MATCHES, segment references) is left to the text editor (`fromQuery` returns null).
 */
export interface ClauseRow {
  attribute: string;
  operator: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'CONTAINS';
  value: string;
}

export const BUILDER_OPERATORS: ClauseRow['operator'][] = ['=', '!=', '>', '>=', '<', '<=', 'CONTAINS'];

export function toQuery(rows: readonly ClauseRow[]): string {
  return rows
    .filter((row) => row.attribute && row.value.trim() !== '')
    .map((row) => `${row.attribute} ${row.operator} ${literal(row)}`)
    .join(' AND ');
}

/**
 * A value as the language writes it: numbers, dates, relative dates and booleans bare, text quoted. A number typed
 * into the builder's field may use a decimal comma (a French or Dutch keypad gives one); the language takes a dot.
 */
function literal(row: ClauseRow): string {
  const type = findAttribute(row.attribute)?.type;
  const value = row.value.trim();
  if (type === 'number' && /^-?\d+([.,]\d+)?$/.test(value)) return value.replace(',', '.');
  if (type === 'date' && /^(\d{4}-\d{2}-\d{2}|[-+]?\d+[dwmy]|today)$/i.test(value)) return value;
  if (type === 'boolean' && /^(true|false)$/i.test(value)) return value.toLowerCase();
  return quoteString(value);
}

export function fromQuery(query: string): ClauseRow[] | null {
  if (query.trim() === '') return [];
  let root: Node;
  try {
    root = parseSegment(query);
  } catch {
    return null;
  }
  const rows: ClauseRow[] = [];
  const visit = (node: Node): boolean => {
    if (node.kind === 'and') return visit(node.left) && visit(node.right);
    if (node.kind === 'compare') {
      rows.push({ attribute: node.attribute, operator: node.op, value: valueText(node.value) });
      return true;
    }
    if (node.kind === 'contains' && !node.negated) {
      rows.push({ attribute: node.attribute, operator: 'CONTAINS', value: valueText(node.value) });
      return true;
    }
    return false;
  };
  return visit(root) ? rows : null;
}

function valueText(value: Value): string {
  if (value.kind === 'relative') return `${value.amount}${value.unit}`;
  if (value.kind === 'today') return 'today';
  return String(value.value);
}
