import type { SqlExecutor } from '../../sql/executor';
import { RFM_GROUPS, type RfmGroup } from '../rfmGroups';
import { cadenceChartPoints, valuableOverdueCustomers, type CadencePoint, type OverdueCustomerRow } from './cadence';
import { RFM_GROUP_TABLE } from './discounts';
import { openCartsOfValuableCustomers, type OpenCartRow } from './lastAction';
import { sendTimeHeatmap, type HeatmapCell } from './sendTime';
import type { KeptSignals } from './keptSignals';
import { computeSignals, type SignalOptions, type SignalsSummary } from './signals';
import type { SignalStep } from './steps';

/** Everything the behaviour view draws (issue 7), in one round trip from the engine. */
export interface BehaviourOverview {
  summary: SignalsSummary;
  /** Typical gap × days since last order, ≤ 5,000 hash-sampled repeat customers. */
  points: CadencePoint[];
  /** The ten overdue customers who have spent the most. */
  overdueCustomers: OverdueCustomerRow[];
  /** Orders per weekday × hour for the whole shop. */
  heatmap: HeatmapCell[];
  /** Open abandoned carts of the top 20 % of customers by spend (needs an events file). */
  carts: OpenCartRow[];
}

/**
 * Runs every signal over the customer model just built (its RFM groups split the discount figures, through the
 * `customer_rfm` view the discount module reads) and gathers the view's data; `kept` as computeSignals takes it.
 */
export async function behaviourOverview(
  db: SqlExecutor,
  options: SignalOptions,
  onStep: (step: SignalStep) => void = () => {},
  kept?: KeptSignals,
): Promise<BehaviourOverview> {
  await db.run(`CREATE OR REPLACE VIEW ${RFM_GROUP_TABLE} AS SELECT customer_id, rfm_group FROM customer_model`);
  const summary = await computeSignals(db, options, onStep, kept);
  onStep('views');
  return {
    summary,
    points: await cadenceChartPoints(db, options.cadence),
    overdueCustomers: await valuableOverdueCustomers(db),
    heatmap: await sendTimeHeatmap(db, summary.details.asOf),
    carts: await openCartsOfValuableCustomers(db, summary.details.asOf, { limit: 50 }),
  };
}

/** The weekday × hour heatmap of one RFM group's orders (or the whole shop without a group). */
export async function groupHeatmap(db: SqlExecutor, asOf: string, group?: RfmGroup): Promise<HeatmapCell[]> {
  if (group === undefined) return sendTimeHeatmap(db, asOf);
  if (!RFM_GROUPS.includes(group)) throw new Error(`unknown RFM group '${group}'`);
  return sendTimeHeatmap(db, asOf, {
    sql: 'SELECT customer_id FROM customer_model WHERE rfm_group = ?',
    params: [group],
  });
}
