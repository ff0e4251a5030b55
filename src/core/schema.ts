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
  utc_offset_minutes INTEGER,     -- offset printed in the export, when there was one
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
  source_row BIGINT               -- 1-based data row in the file (header excluded) where the order starts
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
`;
}

export const CANONICAL_TABLES = ['orders', 'order_lines', 'import_issues'] as const;
export const CANONICAL_SCHEMA_SQL = canonicalSchemaSql();

/** Why a row was rejected (excluded from orders) or flagged (kept, but suspicious). */
export const ISSUE_REASONS = {
  unparseable_date: { rejected: true, label: 'Unparseable date' },
  missing_date: { rejected: true, label: 'Missing date' },
  missing_amount: { rejected: true, label: 'Missing or unreadable amount' },
  missing_order_id: { rejected: true, label: 'Missing order id' },
  repeated_header: { rejected: true, label: 'Header repeated mid-file' },
  date_in_future: { rejected: true, label: 'Date in the far future' },
  date_before_1990: { rejected: true, label: 'Date before 1990' },
  ambiguous_date_format: { rejected: false, label: 'Day/month order could not be decided' },
  cancelled_order: { rejected: false, label: 'Cancelled or refunded order (netted)' },
  malformed_row: { rejected: true, label: 'Row the CSV reader could not split into columns' },
  refund_exceeds_total: { rejected: false, label: 'Refund larger than the order total (capped at the total)' },
  unmatched_cancellation: { rejected: true, label: 'Cancellation with no earlier order of that customer' },
} as const;
export type IssueReason = keyof typeof ISSUE_REASONS;
