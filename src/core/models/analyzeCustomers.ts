import type { SqlExecutor } from '../sql/executor';
import { inlineNumbers } from '../sql/quote';
import { defaultAsOf, parseAsOf } from './asOf';
import { BY_HASH, BY_ID, buildCustomerFigures, completeCustomers } from './customers';
import { fmScoreSql, rfmGroupSql, rfmSpecs, type RfmOptions, type RfmResult } from './rfm';
import { completeMeasures, readFigureMeasures, type CustomerMeasures, type FigureMeasures } from './customerMeasures';
import { groupCounts, scoreBands, scoreCells, spendTierResult, type ScoreCell } from './scoreCells';
import { scoreCase, type ScoreCase } from './scoring';
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
export interface ScoredModel<Measures = CustomerMeasures> {
  model: CustomerModelResult;
  cells: ScoreCell[];
  measures: Measures;
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

/**
 * Builds `customers` and scores it. The model and its cells need only each customer's recency, orders and amount,
 * which the first step of the build gives (customers.ts): `onScored` hears them then, so that the overview can be
 * drawn while the rest of `customers` is built (at a million customers, after 1.4–1.7 s of the 6–7 s in Chromium).
 * Customers are grouped by `key` (customers.ts); when two ids turn out to share it, the whole build is done again by
 * the id itself and `onScored` hears the corrected figures.
 */
export async function buildAndScore(
  db: SqlExecutor,
  options: CustomerModelOptions = {},
  onScored: (scored: ScoredModel<FigureMeasures>) => void | Promise<void> = () => {},
  key = BY_HASH,
): Promise<ScoredModel> {
  const asOf = options.asOf ? parseAsOf(options.asOf) : await defaultAsOf(db);
  if (!asOf) throw new Error('There are no orders to analyse.');
  await buildCustomerFigures(db, asOf, key);
  const figures = await readFigureMeasures(db, asOf);
  const scoring = scoreMeasures(asOf, options, figures);
  const model = await withReasonForNoCustomers(db, scoring.model);
  await onScored({ model, cells: scoring.cells, measures: figures });
  if (!(await completeCustomers(db, asOf, key))) return buildAndScore(db, { ...options, asOf }, onScored, BY_ID);
  const measures = await completeMeasures(db, figures);
  await createCustomerModelView(db, scoring);
  return { model, cells: scoring.cells, measures };
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
  const scoring = scoreMeasures(asOf, options, measures);
  await createCustomerModelView(db, scoring);
  return { model: await withReasonForNoCustomers(db, scoring.model), cells: scoring.cells, measures };
}

/** The scores as CASEs over the measures' boundaries, the cells they give and the model summed from those. */
interface Scoring {
  levels: 3 | 5;
  cases: { recency: ScoreCase; frequency: ScoreCase; monetary: ScoreCase; tier: ScoreCase };
  cells: ScoreCell[];
  model: CustomerModelResult;
}

function scoreMeasures(asOf: string, options: CustomerModelOptions, measures: FigureMeasures): Scoring {
  const levels = options.rfm?.levels ?? 5;
  const customers = measures.recency.length;
  const specs = rfmSpecs(options.rfm ?? {});
  const recency = scoreCase(specs.recency, measures.sorted.recency);
  const frequency = scoreCase(specs.frequency, measures.sorted.orders);
  const monetary = scoreCase(specs.monetary, measures.sorted.amount);
  const eligible = customers >= MINIMUM_CUSTOMERS_FOR_TIERS;
  const tier = tierCaseFromSorted(measures.sorted.amount, 'amount_spent', eligible, options.tiers);
  const cells = scoreCells(measures, {
    levels,
    recency: recency.params,
    frequency: frequency.params,
    monetary: monetary.params,
    tier: tier.params,
  });
  return {
    levels,
    cases: { recency, frequency, monetary, tier },
    cells,
    model: {
      asOf,
      customers,
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

async function createCustomerModelView(db: SqlExecutor, { levels, cases }: Scoring): Promise<void> {
  const sql = (score: ScoreCase) => inlineNumbers(score.expression, score.params);
  await db.run(`CREATE OR REPLACE VIEW customer_model AS
    SELECT * EXCLUDE (spend_tier), ${rfmGroupSql(levels, 'recency_score', 'fm_score')} AS rfm_group, spend_tier
    FROM (
      SELECT *, ${fmScoreSql('frequency_score', 'monetary_score')} AS fm_score FROM (
        SELECT c.*, c.rowid AS customer_row, ${sql(cases.recency)} AS recency_score,
          ${sql(cases.frequency)} AS frequency_score, ${sql(cases.monetary)} AS monetary_score,
          ${sql(cases.tier)} AS spend_tier
        FROM customers c
      )
    )`);
}

async function withReasonForNoCustomers(db: SqlExecutor, model: CustomerModelResult): Promise<CustomerModelResult> {
  if (model.customers > 0) return model;
  // Written where it always stood, after the count, in `cli analyze --json`'s output.
  const { asOf, customers, ...rest } = model;
  return { asOf, customers, noCustomers: await whyNoCustomers(db), ...rest };
}

/** Does the file name no customer at all, or only after the as-of date? Asked only when there is no customer. */
async function whyNoCustomers(db: SqlExecutor): Promise<'guestsOnly' | 'beforeAsOf'> {
  const [{ named }] = await db.all<{ named: number }>(
    'SELECT count(*) AS named FROM purchases WHERE customer_id IS NOT NULL',
  );
  return named > 0 ? 'beforeAsOf' : 'guestsOnly';
}
