import { quoteLiteral } from '../sql/quote';
import { RFM_GROUPS } from './rfmGroups';
import { TIER_CODES } from './spendTiers';

/**
 * Columns whose values have an order of their own: RFM groups from the best to the lost (the grid's and the group
 * list's order), spend tiers from HIGH to LOW. Sorting them by name would rank "At risk" first in English, and
 * something else in each language the page shows the names in.
 */
const VALUE_ORDER = {
  rfm_group: RFM_GROUPS,
  spend_tier: TIER_CODES.filter((tier) => tier !== null),
} as const;

/** SQL ranking `expression`, a value of `column`, in that order (1 = first); null for a column without one. */
export function valueRankSql(column: string, expression: string): string | null {
  if (!Object.hasOwn(VALUE_ORDER, column)) return null;
  const order: readonly string[] = VALUE_ORDER[column as keyof typeof VALUE_ORDER];
  return `list_position([${order.map(quoteLiteral).join(', ')}], ${expression})`;
}
