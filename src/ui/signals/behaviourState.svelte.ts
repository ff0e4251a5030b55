import type { RfmGroup } from '../../core/models/rfmGroups';
import type { BehaviourOverview } from '../../core/models/signals/behaviour';
import type { HeatmapCell } from '../../core/models/signals/sendTime';
import * as Comlink from 'comlink';
import type { SignalOptions } from '../../core/models/signals/signals';
import type { SignalStep } from '../../core/models/signals/steps';
import type { SavedSegments } from '../../core/segments/session';
import type { Engine } from '../engineClient';
import { t, failureMessage } from '../i18n/i18n.svelte';
import { segmentProblemMessage } from '../i18n/segmentProblem';

export type BehaviourOptions = Omit<SignalOptions, 'asOf'>;

/** Marks a saved segment's name in the heatmap choice (RFM group names never start with it). */
export const SEGMENT_PREFIX = 'segment:';

/** The behaviour view's data: signals, charts, the optional events file, and the heatmap for a chosen group or segment. */
export class BehaviourState {
  overview = $state<BehaviourOverview | null>(null);
  running = $state(false);
  /** Every signal is being computed again (not just the figures per RFM group): those on screen are about to change. */
  recomputing = $state(false);
  error = $state<string | null>(null);
  /** The step a full run is at (signals.ts SIGNAL_STEPS), for the progress line; null between runs. */
  step = $state<SignalStep | null>(null);
  options = $state<BehaviourOptions>({});
  events = $state<{ name: string; loaded: number; rejected: number } | null>(null);
  /** Why the events file was refused, worded when shown (switching the language rewords it). */
  eventsError = $state<(() => string) | null>(null);
  /** Whose orders the heatmap shows: '' the whole shop, an RFM group, or a saved segment (SEGMENT_PREFIX + name). */
  heatmapFor = $state<string>('');
  groupHeatmap = $state<HeatmapCell[] | null>(null);
  heatmapError = $state<string | null>(null);
  /** The build of the customers (CustomerState.buildVersion) the last full run was asked for. */
  private runFor = -1;
  /** Counts full runs: only the latest one's answer and end are shown (a newer run supersedes an older one). */
  private runs = 0;

  constructor(
    private readonly engine: () => Engine | null,
    private readonly savedSegments: () => SavedSegments,
  ) {}

  /**
   * Brings the signals up to date with the customer model on screen: all of them for a new build of `customers`;
   * after a cut-off change only the discount figures per RFM group (nothing else reads the scores), which at a
   * million customers takes a fraction of a second instead of several.
   */
  async refresh(buildVersion: number): Promise<void> {
    if (buildVersion === this.runFor && (await this.regroup())) return;
    this.runFor = buildVersion;
    await this.run();
  }

  /** True when the per-group discount figures (and a chosen group's heatmap) were brought up to date. */
  private async regroup(): Promise<boolean> {
    const api = this.engine()?.api;
    if (!api) return true;
    this.running = true;
    this.error = null;
    try {
      const rows = await api.behaviourByGroup();
      if (rows === null || this.overview === null) return false;
      const { summary } = this.overview;
      const discounts = { ...summary.details.discounts, revenueByGroup: rows };
      this.overview = { ...this.overview, summary: { ...summary, details: { ...summary.details, discounts } } };
      if (this.heatmapFor) await this.showHeatmap(this.heatmapFor);
      return true;
    } catch (error) {
      this.error = failureMessage(error, 'signals');
      return true;
    } finally {
      this.running = false;
    }
  }

  async run(): Promise<void> {
    const api = this.engine()?.api;
    if (!api) return;
    const run = ++this.runs;
    const current = () => run === this.runs;
    this.running = true;
    this.recomputing = true;
    this.error = null;
    try {
      const started = performance.now();
      const overview = await api.behaviour(
        $state.snapshot(this.options) as BehaviourOptions,
        Comlink.proxy((step: SignalStep) => {
          if (current()) this.step = step;
        }),
      );
      if (!current()) return;
      this.overview = overview;
      // Read by `npm run bench`: every behavioural signal computed, in the worker.
      performance.measure('behaviour', { start: started });
      if (this.heatmapFor) await this.showHeatmap(this.heatmapFor);
    } catch (error) {
      // A run superseded by a newer one (a rule changed again) ends cancelled, while the newer one still runs: its
      // progress and dimmed figures stay.
      if (current()) this.error = failureMessage(error, 'signals');
    } finally {
      if (current()) {
        this.running = false;
        this.recomputing = false;
        this.step = null;
      }
    }
  }

  /** Changes some thresholds of one signal (the others keep theirs) and computes the signals again. */
  applyRule<K extends keyof BehaviourOptions>(signal: K, thresholds: NonNullable<BehaviourOptions[K]>): Promise<void> {
    this.options = { ...this.options, [signal]: { ...this.options[signal], ...thresholds } };
    return this.run();
  }

  async showHeatmap(selection: string): Promise<void> {
    this.heatmapFor = selection;
    this.heatmapError = null;
    const api = this.engine()?.api;
    if (!selection || !api) {
      this.groupHeatmap = null;
      return;
    }
    try {
      if (!selection.startsWith(SEGMENT_PREFIX)) {
        this.groupHeatmap = await api.groupHeatmap(selection as RfmGroup);
        return;
      }
      const saved = this.savedSegments();
      const query = saved[selection.slice(SEGMENT_PREFIX.length)];
      const outcome = query === undefined ? null : await api.segmentHeatmap(query, saved);
      this.groupHeatmap = outcome?.ok ? outcome.value : null;
      if (outcome && !outcome.ok) this.heatmapError = segmentProblemMessage(outcome.problem);
    } catch (error) {
      // Cancelled by a newer choice, or by a new file (whose signals bring their own): nothing to report.
      this.heatmapError = failureMessage(error, 'signals') ?? this.heatmapError;
    }
  }

  /**
   * A new orders file: the signals on screen describe the previous one's customers, so they go (the new ones follow
   * the new customer model), and so do its events; the new file's (if any) come separately.
   */
  dataReplaced(): void {
    [this.overview, this.error, this.groupHeatmap, this.heatmapError] = [null, null, null, null];
    // A run still on its way describes the previous file: its answer is not shown, nor its progress.
    this.runs++;
    [this.running, this.recomputing, this.step] = [false, false, null];
    this.runFor = -1;
    this.events = null;
    this.eventsError = null;
  }

  async loadEvents(request: { file?: File; demoUrl?: string }, name: string): Promise<void> {
    const api = this.engine()?.api;
    if (!api) return;
    this.eventsError = null;
    let result: Awaited<ReturnType<typeof api.loadEvents>>;
    try {
      result = await api.loadEvents(request);
    } catch (error) {
      // Cancelled when a new orders file came in first: events belong to the file they came with, so none is kept.
      if (failureMessage(error, 'signals') !== null) this.eventsError = () => failureMessage(error, 'signals') ?? '';
      return;
    }
    if (!result.ok) {
      const { missing, columns, problem, rows } = result;
      const reason = () =>
        missing && columns
          ? t('events.needsColumns', {
              missing: missing.map((names) => names.join(` ${t('events.or')} `)).join(', '),
              columns: columns.join(', '),
            })
          : problem === 'empty'
            ? t('events.fileEmpty')
            : problem === 'no_rows'
              ? t('events.noRows')
              : problem === 'no_usable_rows'
                ? t('events.noUsableRows', { rows: rows ?? 0 })
                : problem === 'unreadable'
                  ? t('events.notText')
                  : result.message.replace(/\.$/, '');
      this.eventsError = () => t('events.failed', { name, message: reason() });
      return;
    }
    this.events = { name, loaded: result.loaded, rejected: result.rejected };
    if (this.overview) await this.run();
  }
}
