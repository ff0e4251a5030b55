import type { SqlExecutor } from '../sql/executor';
import { defaultAsOf, parseAsOf } from './asOf';
import { buildCustomers } from './customers';
import { scoreRfm, type RfmOptions, type RfmResult } from './rfm';
import { assignSpendTiers, type TierOptions, type TierResult } from './spendTiers';

export interface CustomerModelOptions {
  asOf?: string;
  rfm?: RfmOptions;
  tiers?: TierOptions;
}

/** What `cli analyze --json` adds (field names are a public contract) and the overview starts from. */
export interface CustomerModelResult {
  asOf: string;
  customers: number;
  firstTimeCustomers: number;
  rfm: RfmResult;
  spendTier: TierResult;
}

/**
 * Builds the customer model over the canonical tables: `customers`, `customer_rfm`, `customer_spend_tier`, and the
 * view `customer_model` joining them (what tables and segments read).
 */
export async function analyzeCustomers(
  db: SqlExecutor,
  options: CustomerModelOptions = {},
): Promise<CustomerModelResult> {
  const asOf = options.asOf ? parseAsOf(options.asOf) : await defaultAsOf(db);
  if (!asOf) throw new Error('There are no orders to analyse.');
  await buildCustomers(db, asOf);
  return rescoreCustomers(db, asOf, options);
}

/** Re-scores after a cut-off change without rebuilding `customers` (the cheap path the UI uses live). */
export async function rescoreCustomers(
  db: SqlExecutor,
  asOf: string,
  options: CustomerModelOptions = {},
): Promise<CustomerModelResult> {
  const rfm = await scoreRfm(db, options.rfm);
  const spendTier = await assignSpendTiers(db, 'customers', 'amount_spent', 'customer_spend_tier', options.tiers);
  await db.run(`CREATE OR REPLACE VIEW customer_model AS
    SELECT c.*, r.recency_score, r.frequency_score, r.monetary_score, r.fm_score, r.rfm_group, t.tier AS spend_tier
    FROM customers c JOIN customer_rfm r USING (customer_id) JOIN customer_spend_tier t USING (customer_id)`);
  const [{ customers, first_time }] = await db.all<{ customers: number; first_time: number }>(
    'SELECT count(*) AS customers, count(*) FILTER (WHERE first_time) AS first_time FROM customers',
  );
  return { asOf, customers, firstTimeCustomers: first_time, rfm, spendTier };
}
