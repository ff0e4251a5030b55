import { RFM_GROUPS } from '../models/rfmGroups';

/**
 * The one registry of what a segment can filter on. It feeds the parser (identifiers come only from here), the
 * compiler (each attribute's column in `customer_attributes` and its type), autocomplete and the in-app docs.
 * Names follow Shopify's segment editor where one exists (`amount_spent`, `number_of_orders`,
 * `email_subscription_status`: https://help.shopify.com/en/manual/customers/customer-segmentation/segment-editor).
 */
export type AttributeType = 'number' | 'date' | 'string' | 'enum' | 'boolean' | 'list';

/**
 * Where an attribute comes from: the customer model always exists; predictions and signals may not. `spend` is the
 * part of the predictions that needs the spend model (predicted spend, CLV, their tiers): withheld when Gamma-Gamma
 * is refused while the purchase model's figures (`clv`) stand (fitClv.ts SpendRefusedFit).
 */
export type AttributeSource = 'customers' | 'clv' | 'spend' | 'signals';

export interface Attribute {
  name: string;
  type: AttributeType;
  source: AttributeSource;
  /** SQL over the source tables' aliases (m = customer_model, t = customer_clv_tiers, s = customer_signals). */
  sql: string;
  description: string;
  example: string;
  /** Allowed values of an enum, in the order the editor offers them. */
  values?: readonly string[];
}

const TIERS = ['HIGH', 'MEDIUM', 'LOW'] as const;
const THREE_LEVELS = ['High', 'Moderate', 'Low'] as const;

const attribute = (
  name: string,
  type: AttributeType,
  source: AttributeSource,
  sql: string,
  description: string,
  example: string,
  values?: readonly string[],
): Attribute => ({ name, type, source, sql, description, example, ...(values ? { values } : {}) });

export const ATTRIBUTES: readonly Attribute[] = [
  attribute(
    'customer_id',
    'string',
    'customers',
    'm.customer_id',
    'The customer id in your export.',
    "customer_id = '1042'",
  ),
  attribute('email', 'string', 'customers', 'm.email', 'E-mail address (lower case).', "email STARTS WITH 'info@'"),
  attribute(
    'amount_spent',
    'number',
    'customers',
    'm.amount_spent',
    'Net amount spent (refunds deducted).',
    'amount_spent >= 500',
  ),
  attribute('number_of_orders', 'number', 'customers', 'm.orders', 'Number of orders placed.', 'number_of_orders >= 3'),
  attribute(
    'first_order_date',
    'date',
    'customers',
    'm.first_order_date',
    'Date of the first order.',
    'first_order_date >= -30d',
  ),
  attribute(
    'last_order_date',
    'date',
    'customers',
    'm.last_order_date',
    'Date of the most recent order.',
    'last_order_date < -6m',
  ),
  attribute(
    'days_since_last_order',
    'number',
    'customers',
    'm.days_since_last_order',
    'Days from the last order to the as-of date.',
    'days_since_last_order > 90',
  ),
  attribute(
    'average_order_value',
    'number',
    'customers',
    'm.average_order_value',
    'Amount spent divided by orders.',
    'average_order_value BETWEEN 50 AND 150',
  ),
  attribute(
    'customer_age_days',
    'number',
    'customers',
    'm.customer_age_days',
    'Days since the first order.',
    'customer_age_days < 60',
  ),
  attribute(
    'rfm_group',
    'enum',
    'customers',
    'm.rfm_group',
    'Named RFM group.',
    "rfm_group IN ('At risk', 'Can''t lose them')",
    RFM_GROUPS,
  ),
  attribute(
    'recency_score',
    'number',
    'customers',
    'm.recency_score',
    'Recency score (5 = most recent).',
    'recency_score >= 4',
  ),
  attribute(
    'frequency_score',
    'number',
    'customers',
    'm.frequency_score',
    'Frequency score (5 = most orders).',
    'frequency_score = 5',
  ),
  attribute(
    'monetary_score',
    'number',
    'customers',
    'm.monetary_score',
    'Monetary score (5 = highest spend).',
    'monetary_score >= 4',
  ),
  attribute('spend_tier', 'enum', 'customers', 'm.spend_tier', 'Historic spend tier.', "spend_tier = 'HIGH'", TIERS),
  attribute('first_time', 'boolean', 'customers', 'm.first_time', 'Exactly one order so far.', 'first_time = true'),
  attribute(
    'email_subscription_status',
    'enum',
    'customers',
    "CASE WHEN m.accepts_marketing THEN 'SUBSCRIBED' ELSE 'NOT_SUBSCRIBED' END",
    'Whether the customer accepts marketing e-mail.',
    "email_subscription_status = 'SUBSCRIBED'",
    ['SUBSCRIBED', 'NOT_SUBSCRIBED'],
  ),
  attribute(
    'country',
    'string',
    'customers',
    'm.country',
    'Country of the latest order that has one.',
    "country IN ('NL', 'BE')",
  ),
  attribute('city', 'string', 'customers', 'm.city', 'City of the latest order that has one.', "city = 'Utrecht'"),
  attribute('tags', 'list', 'customers', 'm.tags', 'Order tags the customer ever had.', "tags CONTAINS 'wholesale'"),
  attribute(
    'discount_share',
    'number',
    'customers',
    'm.discount_share',
    'Share of orders with a discount (0–1).',
    'discount_share = 0',
  ),
  attribute(
    'p_alive',
    'number',
    'clv',
    't.p_alive',
    'Probability the customer is still active (BG/NBD).',
    'p_alive < 0.3',
  ),
  attribute(
    'likelihood_to_buy_again',
    'number',
    'clv',
    't.likelihood_to_buy_again',
    'Chance of at least one order in the next 12 months.',
    'likelihood_to_buy_again >= 0.5',
  ),
  attribute(
    'expected_orders_365d',
    'number',
    'clv',
    't.expected_orders_365d',
    'Expected orders in the next 12 months.',
    'expected_orders_365d >= 2',
  ),
  attribute(
    'predicted_clv',
    'number',
    'spend',
    't.predicted_clv',
    'Predicted 12-month customer value (discounted).',
    'predicted_clv >= 200',
  ),
  attribute(
    'predicted_spend_12m',
    'number',
    'spend',
    't.predicted_spend_12m',
    'Predicted spend in the next 12 months.',
    'predicted_spend_12m >= 100',
  ),
  attribute('clv_tier', 'enum', 'spend', 't.clv_tier', 'CLV tier.', "clv_tier = 'High'", THREE_LEVELS),
  attribute(
    'likelihood_tier',
    'enum',
    'clv',
    't.likelihood_tier',
    'Likelihood-to-buy-again tier.',
    "likelihood_tier = 'High'",
    THREE_LEVELS,
  ),
  attribute(
    'predicted_spend_tier',
    'enum',
    'spend',
    't.predicted_spend_tier',
    'Predicted spend tier.',
    "predicted_spend_tier = 'HIGH'",
    TIERS,
  ),
  attribute(
    'favourite_category',
    'string',
    'signals',
    's.favourite_category',
    'Category bought on the most orders.',
    "favourite_category = 'Garden'",
  ),
  attribute(
    'categories_bought',
    'list',
    'signals',
    's.categories_bought',
    'Every category the customer bought.',
    "categories_bought CONTAINS 'Garden'",
  ),
  attribute(
    'one_off_only',
    'boolean',
    'signals',
    's.one_off_only',
    'Bought only one-off items (e.g. furniture).',
    'one_off_only = false',
  ),
  attribute(
    'discount_hunter',
    'boolean',
    'signals',
    's.discount_hunter',
    'Buys mostly with discounts.',
    'discount_hunter = false',
  ),
  attribute(
    'typical_gap_days',
    'number',
    'signals',
    's.typical_gap_days',
    'Typical days between orders.',
    'typical_gap_days <= 14',
  ),
  attribute('days_overdue', 'number', 'signals', 's.days_overdue', 'Days past the typical gap.', 'days_overdue > 30'),
  attribute('overdue', 'boolean', 'signals', 's.overdue', 'Overdue against their own rhythm.', 'overdue = true'),
  attribute(
    'preferred_weekday',
    'number',
    'signals',
    's.preferred_weekday',
    'Most likely weekday to buy (1 = Monday).',
    'preferred_weekday = 6',
  ),
  attribute(
    'preferred_hour',
    'number',
    'signals',
    's.preferred_hour',
    'Most likely hour to buy (0–23).',
    'preferred_hour BETWEEN 18 AND 22',
  ),
  attribute(
    'last_action',
    'string',
    'signals',
    's.last_action',
    'Latest event type (events file).',
    "last_action = 'abandoned_cart'",
  ),
  attribute(
    'last_action_date',
    'date',
    'signals',
    's.last_action_date',
    'Date of the latest event.',
    'last_action_date >= -7d',
  ),
  attribute(
    'abandoned_cart_value',
    'number',
    'signals',
    's.abandoned_cart_value',
    'Value of an open abandoned cart.',
    'abandoned_cart_value > 100',
  ),
];

/**
 * Attributes filled only from the optional events file (signals/lastAction.ts): without one, no customer has a value,
 * and a query on them counts nobody — which the page says rather than leave a bare 0.
 */
export const EVENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'last_action',
  'last_action_date',
  'abandoned_cart_value',
]);

const BY_NAME = new Map(ATTRIBUTES.map((a) => [a.name, a]));

/** Case-insensitive lookup. */
export function findAttribute(name: string): Attribute | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The two function filters: purchases of products, and orders, each with its own conditions. */
export const FUNCTIONS = {
  products_purchased: ['category', 'product', 'date', 'amount', 'quantity', 'count'],
  orders_placed: ['count', 'date', 'amount'],
} as const;
export type FunctionName = keyof typeof FUNCTIONS;
