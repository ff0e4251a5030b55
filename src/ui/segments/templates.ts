/** Ready-made queries for the use cases merchants ask for first (issue 6); names come from the catalogues. */
export const SEGMENT_TEMPLATES = [
  { key: 'highSpendersSubscribed', query: "spend_tier = 'HIGH' AND email_subscription_status = 'SUBSCRIBED'" },
  { key: 'atRiskValuable', query: "rfm_group IN ('At risk', 'Can''t lose them') AND monetary_score >= 4" },
  { key: 'newLast30Days', query: 'first_time = true AND first_order_date >= -30d' },
  { key: 'loyalNoDiscount', query: "rfm_group IN ('Champions', 'Loyal') AND discount_share = 0" },
] as const;
