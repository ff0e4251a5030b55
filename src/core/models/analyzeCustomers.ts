import type { SqlExecutor } from '../sql/executor';
import { inlineNumbers } from '../sql/quote';
import { defaultAsOf, parseAsOf } from './asOf';
import { buildCustomers } from './customers';
import { fmScoreSql, rfmGroupSql, rfmSpecs, type RfmOptions, type RfmResult } from './rfm';
import { readCustomerMeasures, type CustomerMeasures } from './customerMeasures';
import { groupCounts, scoreBands, scoreCells, spendTierResult, type ScoreCell } from './scoreCells';
import { scoreCase } from './scoring';
import { MINIMUM_CUSTOMERS_FOR_TIERS, tierCaseFromSorted, type TierOptions, type TierResult } from './spendTiers';

export interface CustomerModelOptions {
  asOf?: string;
  rfm?: RfmOptions;
  tiers?: TierOptions;
}

/** What `cli analyze --json` adds (field names are a public contract) and the overview starts from. */
export interface CustomerModelResult {
  asOf: string;
  customers: number;
  /**
   * Only when there are no customers, why: every purchase is a guest's, or every purchase naming a customer comes
   * after the as-of date. The page words its notice from it.
   */
  noCustomers?: 'guestsOnly' | 'beforeAsOf';
  firstTimeCustomers: number;
  rfm: RfmResult;
  spendTier: TierResult;
}

/** The model with the score cells it was summed from (the overview reuses them) and the measures it was cut from. */
export interface ScoredModel {
  model: CustomerModelResult;
  cells: ScoreCell[];
  measures: CustomerMeasures;
}

/**
 * Builds the customer model over the canonical tables: `customers`, then the `customer_model` view (customers plus
 * recency/frequency/monetary/FM scores, RFM group and spend tier), which tables, charts and segments read.
 */
export async function analyzeCustomers(
  db: SqlExecutor,
  options: CustomerModelOptions = {},
): Promise<CustomerModelResult> {
  return (await buildAndScore(db, options)).model;
}

export async function buildAndScore(db: SqlExecutor, options: CustomerModelOptions = {}): Promise<ScoredModel> {
  const asOf = options.asOf ? parseAsOf(options.asOf) : await defaultAsOf(db);
  if (!asOf) throw new Error('There are no orders to analyse.');
  await buildCustomers(db, asOf);
  return scoreCustomers(db, asOf, options, await readCustomerMeasures(db));
}

/**
 * Re-scores without rebuilding `customers` (the cheap path the UI uses when a cut-off changes), from the measures
 * read when `customers` was built (customerMeasures.ts): boundaries by binary search, the cells in one loop, and
 * `customer_model` a view over `customers` whose scores are CASEs over those boundaries. Materialising the scores of
 * a million customers, or reading them back per figure, cost more than the 200 ms a cut-off change may take.
 */
export async function scoreCustomers(
  db: SqlExecutor,
  asOf: string,
  options: CustomerModelOptions,
  measures: CustomerMeasures,
): Promise<ScoredModel> {
  const levels = options.rfm?.levels ?? 5;
  const customers = measures.recency.length;
  const specs = rfmSpecs(options.rfm ?? {});
  const recency = scoreCase(specs.recency, measures.sorted.recency);
  const frequency = scoreCase(specs.frequency, measures.sorted.orders);
  const monetary = scoreCase(specs.monetary, measures.sorted.amount);
  const eligible = customers >= MINIMUM_CUSTOMERS_FOR_TIERS;
  const tier = tierCaseFromSorted(measures.sorted.amount, 'amount_spent', eligible, options.tiers);
  const sql = (score: { expression: string; params: unknown[] }) => inlineNumbers(score.expression, score.params);
  await db.run(`CREATE OR REPLACE VIEW customer_model AS
    SELECT * EXCLUDE (spend_tier), ${rfmGroupSql(levels, 'recency_score', 'fm_score')} AS rfm_group, spend_tier
    FROM (
      SELECT *, ${fmScoreSql('frequency_score', 'monetary_score')} AS fm_score FROM (
        SELECT c.*, c.rowid AS customer_row, ${sql(recency)} AS recency_score, ${sql(frequency)} AS frequency_score,
          ${sql(monetary)} AS monetary_score, ${sql(tier)} AS spend_tier
        FROM customers c
      )
    )`);
  const cells = scoreCells(measures, {
    levels,
    recency: recency.params,
    frequency: frequency.params,
    monetary: monetary.params,
    tier: tier.params,
  });
  return {
    cells,
    measures,
    model: {
      asOf,
      customers,
      ...(customers === 0 && { noCustomers: await whyNoCustomers(db) }),
      firstTimeCustomers: measures.orders.reduce((n, orders) => n + (orders === 1 ? 1 : 0), 0),
      rfm: {
        levels,
        groups: groupCounts(cells),
        cutoffs: {
          recency: scoreBands(cells, 'recency', levels),
          frequency: scoreBands(cells, 'frequency', levels),
          monetary: scoreBands(cells, 'monetary', levels),
        },
      },
      spendTier: spendTierResult(cells, customers),
    },
  };
}

/** Does the file name no customer at all, or only after the as-of date? Asked only when there is no customer. */
async function whyNoCustomers(db: SqlExecutor): Promise<'guestsOnly' | 'beforeAsOf'> {
  const [{ named }] = await db.all<{ named: number }>(
    'SELECT count(*) AS named FROM purchases WHERE customer_id IS NOT NULL',
  );
  return named > 0 ? 'beforeAsOf' : 'guestsOnly';
}
