import type { SqlExecutor } from '../sql/executor';
import { inlineNumbers } from '../sql/quote';
import { defaultAsOf, parseAsOf } from './asOf';
import { buildCustomers } from './customers';
import { fmScoreSql, rfmGroupSql, rfmSpecs, type RfmOptions, type RfmResult } from './rfm';
import { groupCounts, readScoreCells, scoreBands, spendTierResult, type ScoreCell } from './scoreCells';
import { rankBoundaries, scoreCase, scoreCaseFromBounds, scoreRanks, type ScoreCase } from './scoring';
import {
  MINIMUM_CUSTOMERS_FOR_TIERS,
  tierCase,
  tierCaseFromBounds,
  tierRanks,
  type TierOptions,
  type TierResult,
} from './spendTiers';

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

/** The model with the score cells it was summed from, which the overview reuses (scoreCells.ts). */
export interface ScoredModel {
  model: CustomerModelResult;
  cells: ScoreCell[];
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
  return scoreCustomers(db, asOf, options);
}

/**
 * Re-scores without rebuilding `customers` (the cheap path the UI uses when a cut-off changes). Each score is
 * resolved to its boundaries first (scoring.ts, scoreCase), so `customer_model` is a view over `customers` whose
 * scores are CASEs over those numbers: a cut-off change rewrites the view and reads one pass of score cells, where
 * materialising the scores of a million customers cost more than the 200 ms a cut-off change may take.
 */
export async function scoreCustomers(
  db: SqlExecutor,
  asOf: string,
  options: CustomerModelOptions = {},
): Promise<ScoredModel> {
  const levels = options.rfm?.levels ?? 5;
  const [{ customers, first_time }] = await db.all<{ customers: number; first_time: number }>(
    'SELECT count(*) AS customers, count(*) FILTER (WHERE first_time) AS first_time FROM customers',
  );
  const specs = rfmSpecs(options.rfm ?? {});
  const score = async (spec: (typeof specs)['recency']) => {
    const resolved = await scoreCase(db, spec, 'customers');
    return inlineNumbers(resolved.expression, resolved.params);
  };
  const recency = await score(specs.recency);
  const frequency = await score(specs.frequency);
  const eligible = customers >= MINIMUM_CUSTOMERS_FOR_TIERS;
  let monetary: string;
  let tier: string;
  if (eligible && !specs.monetary.thresholds) {
    // Monetary scores and spend tiers cut the same measure: one quantile pass over amount spent for both.
    const levels = specs.monetary.levels - 1;
    const bounds = await rankBoundaries(db, 'customers', 'amount_spent', true, (n) => [
      ...scoreRanks(specs.monetary, n),
      ...tierRanks(options.tiers ?? {}, n),
    ]);
    const inline = ({ expression, params }: ScoreCase) => inlineNumbers(expression, params);
    monetary = inline(scoreCaseFromBounds(specs.monetary, bounds && bounds.slice(0, levels)));
    tier = inline(tierCaseFromBounds('amount_spent', bounds && bounds.slice(levels)));
  } else {
    monetary = await score(specs.monetary);
    const resolved = await tierCase(db, 'customers', 'amount_spent', eligible, options.tiers);
    tier = inlineNumbers(resolved.expression, resolved.params);
  }
  await db.run(`CREATE OR REPLACE VIEW customer_model AS
    SELECT * EXCLUDE (spend_tier), ${rfmGroupSql(levels, 'recency_score', 'fm_score')} AS rfm_group, spend_tier
    FROM (
      SELECT *, ${fmScoreSql('frequency_score', 'monetary_score')} AS fm_score FROM (
        SELECT c.*, c.rowid AS customer_row, ${recency} AS recency_score, ${frequency} AS frequency_score, ${monetary} AS monetary_score,
          ${tier} AS spend_tier
        FROM customers c
      )
    )`);
  const cells = await readScoreCells(db, { levels, recency, frequency, monetary, tier });
  return {
    cells,
    model: {
      asOf,
      customers,
      firstTimeCustomers: first_time,
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
