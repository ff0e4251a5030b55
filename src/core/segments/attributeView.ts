import type { SqlExecutor } from '../sql/executor';
import { quoteIdentifier } from '../sql/quote';
import { ATTRIBUTES, type AttributeSource } from './attributes';
import { ATTRIBUTE_TABLE } from './compile';

const SQL_TYPES = {
  number: 'DOUBLE',
  date: 'DATE',
  string: 'VARCHAR',
  enum: 'VARCHAR',
  boolean: 'BOOLEAN',
  list: 'VARCHAR[]',
};

/** Tables each optional source needs (predictions: customer_clv_tiers; signals: the customer_signals view). */
const SOURCE_TABLES: Record<Exclude<AttributeSource, 'customers'>, string> = {
  clv: 'customer_clv_tiers',
  spend: 'customer_clv_tiers',
  signals: 'customer_signals',
};

/**
 * Materialises `customer_attributes`: one row per customer with the registry's attribute names (and `customer_row`), from the
 * customer model and, when the caller says they are current for this data, the CLV predictions and the behavioural
 * signals (otherwise typed NULL columns, and left out of the returned sources so the compiler can say what is
 * missing). A table, not a view: the live count runs on every keystroke and must be one scan, not joins over a
 * million customers.
 */
export async function buildAttributeTable(
  db: SqlExecutor,
  current: { clv: boolean; spend?: boolean; signals: boolean },
): Promise<Set<AttributeSource>> {
  const available = new Set<AttributeSource>(['customers']);
  if (current.clv) available.add('clv');
  // Predicted spend and CLV come with the purchase model unless the spend model was refused (default: with it).
  if (current.clv && (current.spend ?? true)) available.add('spend');
  if (current.signals) available.add('signals');
  const columns = ATTRIBUTES.map((a) => {
    const expression = available.has(a.source) ? a.sql : `CAST(NULL AS ${SQL_TYPES[a.type]})`;
    return `${expression} AS ${quoteIdentifier(a.name)}`;
  });
  // Plus the customer's row in `customers`: the comparison joins category spend on this integer (compare.ts).
  await db.run(`CREATE OR REPLACE TABLE ${ATTRIBUTE_TABLE} AS
    SELECT ${columns.join(',\n      ')}, m.customer_row
    FROM customer_model m
    ${available.has('clv') ? `LEFT JOIN ${SOURCE_TABLES.clv} t ON t.customer_row = m.customer_row` : ''}
    ${available.has('signals') ? `LEFT JOIN ${SOURCE_TABLES.signals} s ON s.customer_id = m.customer_id` : ''}`);
  return available;
}
