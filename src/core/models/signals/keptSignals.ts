import type { SqlExecutor } from '../../sql/executor';
import { readOrderHistory, type OrderHistory } from './orderHistory';

/** What a run of the signals can keep for the next: one entry per signal, and the categories' tally of the lines. */
export type KeptPart = 'cadence' | 'categoryTally' | 'categories' | 'discounts' | 'sendTime' | 'lastAction';

/** Parts computed from another part's tables: computing that part again voids them. */
const BUILT_ON: Partial<Record<KeptPart, KeptPart[]>> = { categoryTally: ['categories'] };

/**
 * What one run of the signals leaves for the next over the same data and as-of date: the order history read into
 * memory, and per signal the rule it was computed with and its summary (its tables stay in the engine). When a rule
 * changes, the next run computes only the signal whose rule changed: at a million customers reading the history takes
 * 3.4–4.0 s and the categories' lines 3.3–3.7 s of a 13 s run (DuckDB-WASM inside Node, the benchmark's 5M-line file,
 * 2026-12-06), and a trainer changing the overdue multiple in front of a room should not wait for either. The price is
 * memory: ~120 MB of the worker's at that size (the history's typed arrays and the categories' tally, measured in Node).
 *
 * The holder says what voids what: new data or a rebuilt `customers` voids everything (`clear`), new RFM scores the
 * discounts (their revenue per RFM group), a new events file the last action. A part is forgotten before it is
 * computed again and kept only once that succeeds, so a run cancelled half-way never leaves a part counted as built
 * whose tables it had started to replace.
 */
export class KeptSignals {
  private history: OrderHistory | null = null;
  private readonly parts = new Map<KeptPart, { rule: string; value: unknown }>();

  /** New data, or `customers` rebuilt (another as-of date): nothing kept holds. */
  clear(): void {
    this.history = null;
    this.parts.clear();
  }

  /** The RFM scores changed (a cut-off change): the discounts' revenue per RFM group is out of date. */
  scoresChanged(): void {
    this.parts.delete('discounts');
  }

  /** An events file was loaded: the last action must be computed again. */
  eventsChanged(): void {
    this.parts.delete('lastAction');
  }

  /**
   * The order history before `asOf`, read once. Reading it replaces `signal_customers` and drops every view lined up
   * with it (orderHistory.ts), so every part kept goes with the old history.
   */
  async historyFor(db: SqlExecutor, asOf: string): Promise<OrderHistory> {
    if (this.history?.asOf === asOf) return this.history;
    this.clear();
    const history = await readOrderHistory(db, asOf);
    this.history = history;
    return history;
  }

  /** The part computed with `rule` (any JSON-able value) if it is kept, else `compute()`'s result, then kept. */
  async reuse<T>(part: KeptPart, rule: unknown, compute: () => Promise<T>): Promise<T> {
    const key = stableJson(rule);
    const kept = this.parts.get(part);
    if (kept && kept.rule === key) return kept.value as T;
    this.parts.delete(part);
    for (const dependent of BUILT_ON[part] ?? []) this.parts.delete(dependent);
    const value = await compute();
    this.parts.set(part, { rule: key, value });
    return value;
  }
}

/** JSON with object keys sorted, so that the same rule given with its fields in another order is the same rule. */
export function stableJson(value: unknown): string {
  return (
    JSON.stringify(value, (_, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? 'undefined'
  );
}
