import type { SqlExecutor, SqlValue } from '../sql/executor';
import { sendTimeHeatmap, type HeatmapCell } from '../models/signals/sendTime';
import { KeptSignals } from '../models/signals/keptSignals';
import { computeSignals, type SignalOptions } from '../models/signals/signals';
import type { Node } from './ast';
import { findAttribute, type AttributeSource } from './attributes';
import { buildAttributeTable } from './attributeView';
import { buildCategorySpend, CATEGORY_SPEND_TABLE, compareSegments, type SegmentComparison } from './compare';
import { ATTRIBUTE_TABLE, compileSegment, type CompiledSegment } from './compile';
import { SegmentError } from './errors';
import { buildExport, customerRowsQuery, exportRows, type ExportFile, type ExportKind } from './exports';
import { parseSegment } from './parser';
import type { SegmentText } from './problemText';
import { segmentStats, type SegmentStats } from './segmentStats';
import { valueCounts, type ValueCounts } from './suggest';

/** A query problem as plain data (it crosses the worker boundary): message and span. */
export interface QueryProblem {
  /** In English; `text`, when there, words it in another language. */
  message: string;
  text?: SegmentText;
  start: number;
  end: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: QueryProblem };

/** Saved segments by name (the UI keeps them; a query may refer to them with `segment = 'name'`). */
export type SavedSegments = Record<string, string>;

/**
 * The segment engine over one loaded file: it keeps `customer_attributes` current (rebuilt after the models
 * change, when a segment is next asked for) and computes the behavioural signals only when a query first needs
 * one of their attributes, since they cost more than every other attribute together.
 */
export class SegmentSession {
  private built = false;
  private signals = false;
  /** CATEGORY_SPEND_TABLE is built for the loaded file (it depends on the orders only, not on the models). */
  private categorySpend = false;

  constructor(
    private readonly db: SqlExecutor,
    /**
     * `spendPredictions`: predicted spend and CLV stand too (default: as `predictions`; fitClv.ts SpendRefusedFit).
     * `signalRules`: the rules the behaviour view computes the signals with, for signals a query needs first.
     */
    private readonly state: () => {
      asOf: string | null;
      predictions: boolean;
      spendPredictions?: boolean;
      signalRules?: Omit<SignalOptions, 'asOf'>;
    },
    /** What the signals' runs keep for each other (the behaviour view's runs share it). */
    private readonly keptSignals: KeptSignals = new KeptSignals(),
  ) {}

  /** The customer model or the predictions changed: rebuild before the next segment request. */
  invalidate(): void {
    this.built = false;
  }

  /**
   * Runs `compute`, which builds the behavioural signals for the current data (the behaviour view does), and lets
   * segments use them from then on without recomputing. Until it succeeds they count as not built: a run that stops
   * half-way (a newer one cancelled it, the engine failed) leaves some signal tables replaced and others gone.
   */
  async computeSignalsWith<T>(compute: () => Promise<T>): Promise<T> {
    await this.releaseTables();
    this.signals = false;
    const result = await compute();
    this.signals = true;
    return result;
  }

  /** `customers` was rebuilt: the category spend is keyed by its rows, so it is rebuilt with the attributes. */
  customersRebuilt(): void {
    this.built = false;
    this.categorySpend = false;
  }

  /** New data: the signals and the category spend must be rebuilt too. */
  reset(): void {
    this.built = false;
    this.signals = false;
    this.categorySpend = false;
  }

  async stats(query: string, saved: SavedSegments): Promise<Outcome<SegmentStats>> {
    return this.withCompiled([query], saved, ([compiled]) => segmentStats(this.db, compiled));
  }

  async compare(queries: string[], saved: SavedSegments): Promise<Outcome<SegmentComparison>> {
    return this.withCompiled(queries, saved, async (compiled) => {
      if (!this.categorySpend) {
        await buildCategorySpend(this.db);
        this.categorySpend = true;
      }
      return compareSegments(this.db, compiled);
    });
  }

  async export(
    query: string,
    saved: SavedSegments,
    kind: ExportKind,
    options: { segmentName: string; consentOnly: boolean; decimalComma?: boolean },
  ): Promise<Outcome<ExportFile>> {
    return this.withCompiled([query], saved, async ([compiled]) =>
      buildExport(kind, await exportRows(this.db, compiled), options),
    );
  }

  /** The typed customer rows of a segment, as a query for the host to run (it writes them as Parquet). */
  async customerRows(query: string, saved: SavedSegments): Promise<Outcome<{ sql: string; params: SqlValue[] }>> {
    return this.withCompiled([query], saved, async ([compiled]) => customerRowsQuery(compiled));
  }

  /** Orders per weekday × hour of the segment's customers (issue 7: the send-time heatmap "for any segment"). */
  async heatmap(query: string, saved: SavedSegments): Promise<Outcome<HeatmapCell[]>> {
    return this.withCompiled([query], saved, async ([compiled], asOf) =>
      sendTimeHeatmap(this.db, asOf, {
        sql: `SELECT customer_id FROM ${ATTRIBUTE_TABLE} WHERE ${compiled.where}`,
        params: compiled.params,
      }),
    );
  }

  async values(): Promise<ValueCounts> {
    await this.prepare(new Set());
    return valueCounts(this.db);
  }

  private async withCompiled<T>(
    queries: string[],
    saved: SavedSegments,
    run: (compiled: CompiledSegment[], asOf: string) => Promise<T>,
  ): Promise<Outcome<T>> {
    try {
      const needed = new Set<AttributeSource>();
      for (const query of queries) sourcesNeeded(query, saved, needed);
      const context = await this.prepare(needed);
      const segments = new Map(Object.entries(saved));
      const compiled = queries.map((q) => compileSegment(q, { ...context, segments }));
      return { ok: true, value: await run(compiled, context.asOf) };
    } catch (error) {
      if (error instanceof SegmentError)
        return { ok: false, problem: { message: error.message, text: error.text, start: error.start, end: error.end } };
      throw error;
    }
  }

  /**
   * Drops the segment tables (attributes, category spend) before the signals are computed: they are rebuilt
   * afterwards anyway (the attributes gain the signals), and at a million customers keeping them through the
   * signals' own working tables runs DuckDB-WASM out of its ~3 GB.
   */
  private async releaseTables(): Promise<void> {
    await this.db.run(`DROP TABLE IF EXISTS ${ATTRIBUTE_TABLE}; DROP TABLE IF EXISTS ${CATEGORY_SPEND_TABLE}`);
    this.built = false;
    this.categorySpend = false;
  }

  private async prepare(needed: Set<AttributeSource>) {
    const { asOf, predictions, spendPredictions = predictions, signalRules } = this.state();
    if (!asOf) throw new Error('Analyse the customers first.');
    if (needed.has('signals') && !this.signals) {
      // With the behaviour view's rules: who is `overdue` must not depend on whether a query or the view came first.
      const options = { ...signalRules, asOf };
      await this.computeSignalsWith(() => computeSignals(this.db, options, undefined, this.keptSignals));
    }
    let available = new Set<AttributeSource>([
      'customers',
      ...(predictions ? (['clv'] as const) : []),
      ...(predictions && spendPredictions ? (['spend'] as const) : []),
      ...(this.signals ? (['signals'] as const) : []),
    ]);
    if (!this.built) {
      available = await buildAttributeTable(this.db, {
        clv: predictions,
        spend: spendPredictions,
        signals: this.signals,
      });
      this.built = true;
    }
    return { asOf, available };
  }
}

/**
 * The attribute sources a query uses, through the saved segments it refers to (unknown names and syntax errors
 * are left for the compiler to report in its own words).
 */
export function sourcesNeeded(
  query: string,
  saved: SavedSegments,
  into = new Set<AttributeSource>(),
): Set<AttributeSource> {
  for (const name of attributesUsed(query, saved)) into.add(findAttribute(name)!.source);
  return into;
}

/** Whether a query reads a behavioural signal (directly or through a saved segment): its count follows their rules. */
export function readsSignals(query: string, saved: SavedSegments): boolean {
  return sourcesNeeded(query, saved).has('signals');
}

/**
 * The attributes a query reads (their names as ATTRIBUTES spells them), through the saved segments it refers to;
 * unknown names and syntax errors are left out, for the compiler to report.
 */
export function attributesUsed(
  query: string,
  saved: SavedSegments,
  into = new Set<string>(),
  seen = new Set<string>(),
): Set<string> {
  let root: Node;
  try {
    root = parseSegment(query);
  } catch {
    return into;
  }
  const visit = (node: Node): void => {
    if (node.kind === 'and' || node.kind === 'or') {
      visit(node.left);
      visit(node.right);
    } else if (node.kind === 'not') visit(node.operand);
    else if (node.kind === 'segment') {
      const name = Object.keys(saved).find(
        (k) => node.name.kind === 'string' && k.toLowerCase() === node.name.value.toLowerCase(),
      );
      if (name && !seen.has(name)) {
        seen.add(name);
        attributesUsed(saved[name], saved, into, seen);
      }
    } else if ('attribute' in node) {
      const attribute = findAttribute(node.attribute);
      if (attribute) into.add(attribute.name);
    }
  };
  visit(root);
  return into;
}
