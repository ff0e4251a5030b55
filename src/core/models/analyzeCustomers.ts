import type { SqlExecutor } from '../sql/executor';
import { defaultAsOf, parseAsOf } from './asOf';
import { buildCustomers } from './customers';
import { fmScoreSql, rfmGroupSql, rfmResult, rfmSpecs, type RfmOptions, type RfmResult } from './rfm';
import { scoreCase } from './scoring';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierCase, tierResult, type TierOptions, type TierResult } from './spendTiers';

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
 * Re-scores without rebuilding `customers` (the cheap path the UI uses when a cut-off changes). The scores go into
 * a narrow `customer_scores` table built by a plain projection of `customers` — each score a CASE over bound
 * boundaries (scoring.ts, scoreCase), no join — so its rows stay in the order of `customers`, and `customer_model`
 * is the view that sets the two side by side (POSITIONAL JOIN, DuckDB's join by row position). Copying every
 * customer column into a new table on each cut-off change cost four times as much.
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
  const specs = rfmSpecs(options.rfm ?? {});
  const recency = await scoreCase(db, specs.recency, 'customers', 'rfm_recency');
  const frequency = await scoreCase(db, specs.frequency, 'customers', 'rfm_frequency');
  const monetary = await scoreCase(db, specs.monetary, 'customers', 'rfm_monetary');
  const tier = await tierCase(db, 'customers', 'amount_spent', customers >= MINIMUM_CUSTOMERS_FOR_TIERS, options.tiers);
  await db.all(
    `CREATE OR REPLACE TABLE customer_scores AS
     SELECT recency_score, frequency_score, monetary_score, fm_score,
       ${rfmGroupSql(levels, 'recency_score', 'fm_score')} AS rfm_group, spend_tier
     FROM (
       SELECT *, ${fmScoreSql('frequency_score', 'monetary_score')} AS fm_score FROM (
         SELECT ${recency.expression} AS recency_score, ${frequency.expression} AS frequency_score,
           ${monetary.expression} AS monetary_score, ${tier.expression} AS spend_tier
         FROM customers c
       )
     )`,
    [...recency.params, ...frequency.params, ...monetary.params, ...tier.params],
  );
  await db.run('CREATE OR REPLACE VIEW customer_model AS SELECT * FROM customers POSITIONAL JOIN customer_scores');
  return {
    asOf,
    customers,
    firstTimeCustomers: first_time,
    rfm: await rfmResult(db, 'customer_model', options.rfm ?? {}),
    spendTier: await tierResult(db, 'customer_model', 'spend_tier', 'amount_spent', customers),
  };
}
