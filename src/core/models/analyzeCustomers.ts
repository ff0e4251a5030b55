import type { SqlExecutor } from '../sql/executor';
import { defaultAsOf, parseAsOf } from './asOf';
import { buildCustomers } from './customers';
import { fmScoreSql, rfmGroupSql, rfmResult, rfmScoreSql, type RfmOptions, type RfmResult } from './rfm';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierResult, tierSql, type TierOptions, type TierResult } from './spendTiers';

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
 * Builds the customer model over the canonical tables: `customers`, then `customer_model` (customers plus
 * recency/frequency/monetary/FM scores, RFM group and spend tier), which tables, charts and segments read.
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

/**
 * Re-scores without rebuilding `customers` (the cheap path the UI uses when a cut-off changes): one statement
 * computes every score from small value→score maps joined to the customers once.
 */
export async function rescoreCustomers(
  db: SqlExecutor,
  asOf: string,
  options: CustomerModelOptions = {},
): Promise<CustomerModelResult> {
  const levels = options.rfm?.levels ?? 5;
  const [{ customers, first_time }] = await db.all<{ customers: number; first_time: number }>(
    'SELECT count(*) AS customers, count(*) FILTER (WHERE first_time) AS first_time FROM customers',
  );
  const scores = rfmScoreSql('customers', options.rfm ?? {});
  const tier = tierSql('customers', 'amount_spent', customers >= MINIMUM_CUSTOMERS_FOR_TIERS, options.tiers);
  const parts = [scores.recency, scores.frequency, scores.monetary, tier];
  const ctes = parts.flatMap((p) => p.ctes);
  await db.all(
    `CREATE OR REPLACE TABLE customer_model AS
     ${ctes.length ? `WITH ${ctes.join(',\n')}` : ''}
     SELECT *, ${rfmGroupSql(levels, 'recency_score', 'fm_score')} AS rfm_group FROM (
       SELECT c.*, ${scores.recency.expression} AS recency_score, ${scores.frequency.expression} AS frequency_score,
         ${scores.monetary.expression} AS monetary_score,
         ${fmScoreSql(scores.frequency.expression, scores.monetary.expression)} AS fm_score,
         ${tier.expression} AS spend_tier
       FROM customers c ${parts.map((p) => p.join).join(' ')}
     )`,
    // Placeholders in text order: R, F, M, then F and M again inside the FM score, then the tier.
    [
      ...scores.recency.params,
      ...scores.frequency.params,
      ...scores.monetary.params,
      ...scores.frequency.params,
      ...scores.monetary.params,
      ...tier.params,
    ],
  );
  return {
    asOf,
    customers,
    firstTimeCustomers: first_time,
    rfm: await rfmResult(db, 'customer_model', options.rfm ?? {}),
    spendTier: await tierResult(db, 'customer_model', 'spend_tier', 'amount_spent', customers),
  };
}
