import { literalList } from './sql/quote';

/**
 * The canonical tables every import adapter fills (see ../shared/design/ARCHITECTURE.md). Models and segments read
 * only these, never a source file, so every format behaves the same downstream.
 */
export function canonicalSchemaSql(prefix = ''): string {
  return `
CREATE OR REPLACE TABLE ${prefix}orders (
  order_id VARCHAR NOT NULL,
  customer_id VARCHAR,            -- NULL for a guest order; never forms a customer
  email VARCHAR,                  -- lower-cased
  order_ts TIMESTAMP NOT NULL,    -- local wall-clock time as exported (send-time analysis needs the customer's hour)
  utc_offset_minutes INTEGER,     -- offset printed in the export or named by its time-zone column, when there was one
  amount DOUBLE NOT NULL,         -- net: gross minus refunds, in store currency
  gross_amount DOUBLE NOT NULL,
  refunded_amount DOUBLE NOT NULL,
  discount_amount DOUBLE NOT NULL,
  discount_code VARCHAR,
  currency VARCHAR,
  accepts_marketing BOOLEAN,
  country VARCHAR,
  city VARCHAR,
  tags VARCHAR,                   -- comma-separated, as Shopify exports them
  source_row BIGINT,              -- 1-based data row in the file (header excluded) where the order starts
  cancelled BOOLEAN NOT NULL DEFAULT false -- the shop cancelled it: kept (amount 0) for the summary, not a purchase
);
CREATE OR REPLACE TABLE ${prefix}order_lines (
  order_id VARCHAR NOT NULL,
  product VARCHAR,
  sku VARCHAR,
  category VARCHAR,
  quantity DOUBLE,
  line_amount DOUBLE
);
CREATE OR REPLACE TABLE ${prefix}import_issues (
  source_row BIGINT,
  reason VARCHAR NOT NULL,        -- one of ISSUE_REASONS
  raw VARCHAR                     -- the offending value or row, shortened for display
);
${prefix === '' ? PURCHASES_VIEW_SQL : ''}`;
}

/**
 * The orders that are purchases: every model (customers, RFM, CLV, signals, segments) reads these. A cancelled order
 * stays in `orders`, counted and flagged in the import summary, but a customer with one order and one cancelled
 * order has bought once: counting the cancellation would make a repeat buyer of them and move their last purchase.
 * A fully refunded order still counts: the customer did buy, and its net amount is 0.
 */
export const PURCHASES_VIEW_SQL = 'CREATE OR REPLACE VIEW purchases AS SELECT * FROM orders WHERE NOT cancelled;';

export const CANONICAL_TABLES = ['orders', 'order_lines', 'import_issues'] as const;
export const CANONICAL_SCHEMA_SQL = canonicalSchemaSql();

/** Why a row was rejected (excluded from orders) or flagged (kept, but suspicious). */
export const ISSUE_REASONS = {
  unparseable_date: { rejected: true },
  missing_date: { rejected: true },
  missing_amount: { rejected: true },
  missing_order_id: { rejected: true },
  repeated_header: { rejected: true },
  date_in_future: { rejected: true },
  date_before_1990: { rejected: true },
  ambiguous_date_format: { rejected: false },
  cancelled_order: { rejected: false },
  malformed_row: { rejected: true },
  refund_exceeds_total: { rejected: false },
  unmatched_cancellation: { rejected: true },
  shared_order_id: { rejected: false },
  duplicate_order: { rejected: true },
  other_currency: { rejected: false },
  // A processor's row that sold nothing (a currency conversion, withdrawal, fee): left out, so counted as rejected.
  not_a_sale: { rejected: true },
  // A processor's payment attempt that took no money (Stripe's Failed, Blocked, Incomplete): left out, as rejected.
  failed_payment: { rejected: true },
  // A line of a Shopify bulk operation that is no line item of an order in the file (ingest/nestedJson.ts): left out.
  unmatched_line_item: { rejected: true },
  // A copy of an order that differs from the one kept, saved before the shop updated it (ingest/nestedJson.ts).
  updated_order: { rejected: true },
  // An error an API response reported beside its orders (ingest/nestedJson.ts): the orders are kept, but may be
  // incomplete. One per error, its message as the raw text.
  api_error: { rejected: false },
} as const;
export type IssueReason = keyof typeof ISSUE_REASONS;

/** The reasons that reject a row, as a SQL list of literals for `reason IN (…)`. */
export const REJECTED_REASONS_SQL = literalList(
  Object.entries(ISSUE_REASONS)
    .filter(([, info]) => info.rejected)
    .map(([reason]) => reason),
);

/** Each reason in English, under the key the app's catalogues word it with in other languages. */
export const ISSUE_TEXT = {
  'issue.unparseable_date': 'Unparseable date',
  'issue.missing_date': 'Missing date',
  'issue.missing_amount': 'Missing or unreadable amount',
  'issue.missing_order_id': 'Missing order id',
  'issue.repeated_header': 'Header repeated mid-file',
  'issue.date_in_future': 'Date in the far future',
  'issue.date_before_1990': 'Date before 1990',
  'issue.ambiguous_date_format': 'Day/month order could not be decided',
  'issue.cancelled_order': 'Cancelled or refunded order (netted; a cancelled one is not a purchase)',
  'issue.malformed_row': 'Row the CSV reader could not split into columns',
  'issue.refund_exceeds_total': 'Refund larger than the order total (capped at the total)',
  'issue.unmatched_cancellation': 'Cancellation with no earlier order of that customer',
  'issue.shared_order_id': 'Order id on rows of different customers (read as one order of the first)',
  'issue.duplicate_order': 'Order exported twice (the later copy is left out)',
  'issue.other_currency': 'Order in another currency than most (added to revenue as if in the same one)',
  'issue.not_a_sale': 'Not a sale: a currency conversion, transfer, withdrawal, fee or hold (left out)',
  'issue.failed_payment': 'Failed payment attempt: declined, blocked or never completed, no money taken (left out)',
  'issue.unmatched_line_item': 'Line of a bulk export that is no line item of an order in the file (left out)',
  'issue.updated_order': 'Order saved twice with different contents (the copy updated last, else saved last, is kept)',
  'issue.api_error': 'Error the API reported beside the orders (the response may lack orders or fields)',
} as const;
