import type { TableColumn } from '../../core/models/customerTable';
import type { MessageKey } from '../i18n/en';
import { formatDate, formatInteger, formatMoney } from '../format';

/** A column of the customer table: its heading's catalogue key, and whether it holds a number (right-aligned). */
export interface ShownColumn {
  key: TableColumn;
  label: MessageKey;
  numeric?: boolean;
  /** Left out of the two-line rows of a narrow table: the drawer shows it, and a phone has no room for eight. */
  wideOnly?: boolean;
  /** The heading in the narrow table, where the column is ~3 rem wide: "Commandes" would run over its neighbour. */
  compactLabel?: MessageKey;
}

export const SHOWN_COLUMNS: readonly ShownColumn[] = [
  { key: 'customer_id', label: 'table.customer' },
  { key: 'orders', label: 'table.orders', numeric: true, compactLabel: 'table.ordersCompact' },
  { key: 'amount_spent', label: 'table.spent', numeric: true },
  { key: 'average_order_value', label: 'table.aov', numeric: true, wideOnly: true },
  { key: 'days_since_last_order', label: 'table.daysSince', numeric: true },
  { key: 'last_order_date', label: 'table.lastOrder', wideOnly: true },
  { key: 'rfm_group', label: 'table.group' },
  { key: 'spend_tier', label: 'table.tier' },
];

/** A cell's text in the reader's locale; `valueName` names a group or tier in the reader's language. */
export function cellText(
  row: Record<string, unknown>,
  key: TableColumn,
  locale: string,
  currency: string | null,
  valueName: (value: string) => string,
): string {
  const value = row[key];
  if (value === null || value === undefined) return '—';
  if (key === 'amount_spent' || key === 'average_order_value') return formatMoney(locale, Number(value), currency);
  if (key === 'last_order_date') return formatDate(locale, String(value));
  if (typeof value === 'number') return formatInteger(locale, value);
  if (key === 'rfm_group' || key === 'spend_tier') return valueName(String(value));
  return String(value);
}
