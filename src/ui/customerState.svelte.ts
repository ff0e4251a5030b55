import { tableFromIPC, Vector } from 'apache-arrow';
import * as Comlink from 'comlink';
import { tick } from 'svelte';
import type { CustomerModelOptions, CustomerModelResult } from '../core/models/analyzeCustomers';
import type { CustomerFilter, TableSort } from '../core/models/customerTable';
import type { RfmGroup } from '../core/models/rfmGroups';
import type { CustomerBaseOverview, CustomerOverview } from '../core/models/overview';
import type { Engine } from './engineClient';
import { failureMessage } from './i18n/i18n.svelte';
import type { CustomerAnalysis, CustomerDetail } from '../../workers/protocol';

export const PAGE_SIZE = 100;
export type CustomerRow = Record<string, unknown>;

/** The customer model on screen: options, overview, the filtered table and the open customer. */
export class CustomerState {
  model = $state<CustomerModelResult | null>(null);
  overview = $state<CustomerOverview | null>(null);
  /**
   * The overview's score-free part, replaced only when the worker recomputed it: a cut-off change then leaves the
   * Pareto curve and the histograms as they are instead of redrawing them.
   */
  base = $state.raw<CustomerBaseOverview | null>(null);
  /** Which build of `customers` is on screen: it changes on a rebuild (new data, as-of date), not on a cut-off change. */
  buildVersion = $state(-1);
  analysing = $state(false);
  /** `customers` is being rebuilt (new data, as-of date): what is on screen describes the previous build. */
  rebuilding = $state(false);
  /**
   * The overview of a rebuild is on screen, but the table (and the drawer) still show the previous build: the rest of
   * each customer's row is being gathered.
   */
  listing = $state(false);
  error = $state<string | null>(null);
  options = $state<CustomerModelOptions>({});
  filter = $state<CustomerFilter>({});
  sort = $state<TableSort>({ column: 'amount_spent', descending: true });
  total = $state(0);
  /** Loaded table pages by page number; the table asks for the ones it shows. */
  pages = $state<Record<number, CustomerRow[]>>({});
  detail = $state<CustomerDetail | null>(null);
  /** A group pointed at in the group list (hover or focus): the grid lights up its cells, for teaching. */
  highlight = $state<RfmGroup | null>(null);
  private pending = new Set<number>();
  /** The last analysis that completed: what the engine's customer tables hold. */
  private lastComplete: CustomerAnalysis | null = null;
  /** The request that failed, to try again as it was asked (the options may since have gone back). */
  private failed = $state.raw<{ options: CustomerModelOptions; rebuild: boolean } | null>(null);
  private generation = 0;

  constructor(
    private readonly engine: () => Engine | null,
    /** Called after the customers were rebuilt (new data or as-of date): the predictions depend on them. */
    private readonly onRebuilt: () => void = () => undefined,
  ) {}

  /** Rebuilds after an import or an as-of change; re-scores only when cut-offs change. */
  async analyse(rebuild: boolean): Promise<void> {
    const engine = this.engine();
    if (!engine) return;
    this.analysing = true;
    this.rebuilding = rebuild;
    this.error = null;
    this.failed = null;
    const asked = $state.snapshot(this.options);
    /** A rebuild's overview, shown before the answer, and the request for the table's first page made then. */
    const early: { shown?: CustomerAnalysis; table?: Promise<void> } = {};
    try {
      performance.mark('analysis-start');
      // A rebuild's overview arrives before its table can be read: drawn at once, the table marked as coming.
      const onOverview = async (analysis: CustomerAnalysis) => {
        early.shown = analysis;
        this.show(analysis);
        this.rebuilding = false;
        this.listing = true;
        // Asked for now, the page waits in the engine's queue right behind the build, ahead of the background work
        // that the new overview sets off (the signals): asked for after the answer, it waited for all of it.
        early.table = this.reloadTable();
        await tick();
        // Read by `npm run bench`: analysis request → overview and grid on screen.
        performance.measure('analysis-to-overview', {
          start: 'analysis-start',
          detail: { workerMs: analysis.workerMs },
        });
      };
      const result = await engine.api.analyzeCustomers(
        asked,
        rebuild,
        Comlink.proxy((analysis: CustomerAnalysis) => void onOverview(analysis)),
      );
      // The early overview is this one already: drawing it again would redraw every chart for nothing.
      if (!early.shown) this.show(result);
      this.lastComplete = result;
      await (early.table ?? this.reloadTable());
      this.listing = false;
      await tick();
      // Read by `npm run bench`: analysis request → first table page on screen (after a cut-off change: everything).
      performance.measure(rebuild ? 'analysis-to-table' : 'rescore-to-overview', {
        start: 'analysis-start',
        detail: { workerMs: result.workerMs },
      });
      // An open drawer follows the new scores and groups (and closes when an earlier as-of date leaves the customer out).
      if (this.detail) await this.openCustomer(String(this.detail.customer.customer_id));
      // After the first table page: the engine runs one request at a time, and the table should not wait for it.
      if (rebuild) this.onRebuilt();
    } catch (error) {
      const message = failureMessage(error, 'customers');
      if (message !== null) {
        this.error = message;
        this.failed = { options: asked, rebuild };
        // The build failed after its overview was drawn: the customer table, the drawer and the segments still read
        // the last complete build, so the overview and the as-of date go back to that one too. After new data there
        // is none: the previous file's overview, drawn or still on screen, would describe other orders.
        if (early.shown || this.lastComplete === null) this.showLastComplete();
      }
    } finally {
      this.analysing = false;
      this.rebuilding = false;
      this.listing = false;
    }
  }

  /** An analysis failed and can be asked for again. */
  get canRetry(): boolean {
    return this.failed !== null;
  }

  /** Asks again for the analysis that failed. */
  async retry(): Promise<void> {
    if (!this.failed) return;
    this.options = this.failed.options;
    await this.analyse(this.failed.rebuild);
  }

  private showLastComplete(): void {
    if (this.lastComplete) {
      this.show(this.lastComplete);
      void this.reloadTable();
      return;
    }
    this.showNothing();
  }

  /**
   * New data replaced the orders: the last complete analysis describes another file and can no longer be put back,
   * nor stay on screen (dimmed, it still read as the new file's figures) while the new file's is built.
   */
  dataReplaced(): void {
    this.lastComplete = null;
    this.showNothing();
  }

  private showNothing(): void {
    [this.model, this.overview, this.base, this.buildVersion] = [null, null, null, -1];
    [this.total, this.detail] = [0, null];
    this.clearTable();
  }

  private show(analysis: CustomerAnalysis): void {
    this.model = analysis.model;
    this.overview = analysis.overview;
    if (analysis.baseVersion !== this.buildVersion) {
      this.base = analysis.overview;
      this.buildVersion = analysis.baseVersion;
    }
    this.options.asOf = analysis.model.asOf;
  }

  setFilter(filter: CustomerFilter): void {
    this.filter = { ...filter, search: this.filter.search };
    void this.reloadTable();
  }

  setSearch(search: string): void {
    this.filter = { ...this.filter, search };
    void this.reloadTable();
  }

  setSort(column: TableSort['column']): void {
    this.sort = { column, descending: this.sort.column === column ? !this.sort.descending : true };
    void this.reloadTable();
  }

  async reloadTable(): Promise<void> {
    this.clearTable();
    await this.loadPage(0);
  }

  /** Forgets the loaded pages; a page still on its way is dropped when it arrives. */
  private clearTable(): void {
    this.generation++;
    this.pages = {};
    this.pending.clear();
  }

  async loadPage(page: number): Promise<void> {
    const engine = this.engine();
    if (!engine || this.pages[page] || this.pending.has(page)) return;
    const generation = this.generation;
    this.pending.add(page);
    try {
      const result = await engine.api.customerPage(
        $state.snapshot(this.filter),
        $state.snapshot(this.sort),
        page * PAGE_SIZE,
        PAGE_SIZE,
      );
      if (generation !== this.generation) return;
      this.total = result.total;
      this.pages[page] = tableFromIPC(result.ipc)
        .toArray()
        .map((row) => normalise(row.toJSON()));
    } catch (error) {
      this.error = failureMessage(error, 'table') ?? this.error;
    } finally {
      this.pending.delete(page);
    }
  }

  async openCustomer(customerId: string): Promise<void> {
    try {
      this.detail = (await this.engine()?.api.customerDetail(customerId)) ?? null;
    } catch (error) {
      // Cancelled (a new file came in first, so the customer is gone with the old data): nothing to report.
      this.error = failureMessage(error, 'table') ?? this.error;
    }
  }

  closeCustomer(): void {
    this.detail = null;
  }
}

/** Arrow list values become arrays; everything else is already plain. */
function normalise(row: Record<string, unknown>): CustomerRow {
  const out: CustomerRow = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = value instanceof Vector ? Array.from(value) : value;
  }
  return out;
}
