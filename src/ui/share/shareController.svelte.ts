import type { CustomerModelOptions } from '../../core/models/analyzeCustomers';
import { defaultAsOfAfter } from '../../core/models/asOf';
import type { ImportSummary } from '../../core/ingest/types';
import type { AppState } from '../appState.svelte';
import { i18n } from '../i18n/i18n.svelte';
import type { Notebook } from '../notebook/notebook';
import type { NotebookState } from '../notebook/notebookState.svelte';
import type { SavedSegments } from '../../core/segments/session';
import {
  decodeShareState,
  encodeShareState,
  LIMITS,
  LONG_LINK,
  SHARE_VERSION,
  validate,
  type Decoded,
  type ShareProblem,
  type ShareSetting,
  type ShareState,
} from './shareLink';

/**
 * Opens a shared link (applies its settings, segments and notebook; the data stays the visitor's own) and makes one
 * from the current state. The link's model settings apply to every file loaded afterwards, until the user changes
 * them; its as-of date only where it falls inside the loaded data.
 */
export class ShareController {
  /** What to tell the user, worded at display time so it follows the language (a link may switch it). */
  notice = $state<
    | { kind: 'info'; opened: 'link' | 'file'; name?: string; ignored: ShareSetting[] }
    | { kind: 'error'; reason: ShareProblem }
    | null
  >(null);
  /** The link just made, or why none could be: a notebook too big for one travels as a file instead. */
  link = $state<{ url: string; copied: boolean; long: boolean } | { tooBig: true } | null>(null);
  /** The link's as-of date when the loaded orders do not reach it (so the default date is used instead). */
  asOfOutside = $state<{ asOf: string; firstOrder: string; lastOrder: string } | null>(null);
  private shared: ShareState | null = null;
  /**
   * The visitor's own notebook and segments as they were before a link or a notebook file replaced them (both are
   * kept on the device and would otherwise be overwritten for good): "Back to my notebook" puts them back.
   */
  private previous = $state<{ notebook: Notebook; segments: SavedSegments } | null>(null);

  get canRestore(): boolean {
    return this.previous !== null;
  }

  constructor(
    private readonly app: AppState,
    private readonly notebook: NotebookState,
  ) {
    app.optionsFor = (summary) => this.optionsFor(summary);
  }

  async open(hash: string): Promise<void> {
    const decoded = await decodeShareState(hash);
    if (decoded) await this.apply(decoded, { opened: 'link' });
  }

  /** A notebook file exported earlier (the same state as a link, as readable JSON). */
  async importFile(file: File): Promise<void> {
    if (file.size > LIMITS.json) return this.apply({ ok: false, reason: 'tooBig' }, { opened: 'file' });
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch {
      return this.apply({ ok: false, reason: 'damaged' }, { opened: 'file' });
    }
    await this.apply(validate(value), { opened: 'file', name: file.name });
  }

  exportFile(): void {
    const text = JSON.stringify(this.current(), null, 2);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    Object.assign(document.createElement('a'), { href: url, download: 'segmentlab-notebook.json' }).click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async apply(decoded: Decoded, source: { opened: 'link' | 'file'; name?: string }): Promise<void> {
    if (!decoded.ok) {
      this.notice = { kind: 'error', reason: decoded.reason };
      return;
    }
    const state = decoded.state;
    this.shared = state;
    if (state.notebook || state.segments) {
      this.previous = {
        notebook: $state.snapshot(this.notebook.notebook) as Notebook,
        segments: this.app.segments.snapshot(),
      };
    }
    if (state.language) i18n.language = state.language;
    if (state.notebook) this.notebook.open(state.notebook);
    if (state.segments) await this.app.segments.merge(state.segments);
    if (state.discountRate !== undefined) this.app.predictions.yearlyDiscountRate = state.discountRate;
    this.notice = { kind: 'info', ...source, ignored: decoded.ignored };
    // Opened over data already on screen (a link pasted into an open tab, a notebook file): its model settings apply
    // to that data now, not only to the next file; settings the link does not carry stay as the user had them.
    const summary = this.app.summary;
    if (summary && (state.asOf || state.rfm || state.tiers)) {
      const current = $state.snapshot(this.app.customers.options) as CustomerModelOptions;
      this.app.customers.options = { ...current, ...this.optionsFor(summary) };
      void this.app.customers.analyse(true);
    }
    // Left in the address bar, the link would be opened again at every reload, over the edits made since.
    if (source.opened === 'link' && location.hash) {
      history.replaceState(history.state, '', location.pathname + location.search);
    }
  }

  /** "Back to my notebook": the notebook and segments the link or file replaced. */
  async restore(): Promise<void> {
    const previous = this.previous;
    if (!previous) return;
    this.previous = null;
    this.notice = null;
    this.notebook.open(previous.notebook);
    await this.app.segments.replace(previous.segments);
  }

  /** After "Forget all data": nothing of what was deleted may come back through "Back to my notebook". */
  forget(): void {
    this.previous = null;
    this.asOfOutside = null;
    if (this.notice?.kind === 'info') this.notice = null;
  }

  async copy(): Promise<void> {
    const hash = await encodeShareState(this.current());
    // A link the receiver's page would refuse (decodeShareState) is not made at all.
    if (hash.length - 's='.length > LIMITS.hash) {
      this.link = { tooBig: true };
      return;
    }
    // Not written into the address bar: left there, it would be opened again at the next reload, over every edit
    // made after copying.
    const url = `${location.href.replace(/#.*$/, '')}#${hash}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission (or no secure context): the link is shown to copy by hand.
    }
    this.link = { url, copied, long: url.length > LONG_LINK };
  }

  /** What a link or a notebook file carries: settings, segments and cells — never data. */
  private current(): ShareState {
    const options = $state.snapshot(this.app.customers.options) as CustomerModelOptions;
    // The default as-of date, the day after the file's last order, is a fact about the sender's data, not a setting:
    // only a date the user chose travels.
    const lastOrder = this.app.summary?.lastOrder;
    const chosenAsOf =
      options.asOf && !(lastOrder && options.asOf === defaultAsOfAfter(lastOrder)) ? options.asOf : undefined;
    return {
      v: SHARE_VERSION,
      language: i18n.language,
      ...(chosenAsOf ? { asOf: chosenAsOf } : {}),
      ...(options.rfm ? { rfm: options.rfm } : {}),
      ...(options.tiers ? { tiers: options.tiers } : {}),
      discountRate: this.app.predictions.yearlyDiscountRate,
      segments: this.app.segments.snapshot(),
      notebook: $state.snapshot(this.notebook.notebook),
    };
  }

  private optionsFor(summary: ImportSummary): CustomerModelOptions {
    const state = this.shared;
    if (!state) return {};
    const inRange =
      state.asOf &&
      summary.firstOrder &&
      summary.lastOrder &&
      state.asOf > summary.firstOrder &&
      state.asOf <= defaultAsOfAfter(summary.lastOrder);
    this.asOfOutside =
      state.asOf && !inRange && summary.firstOrder && summary.lastOrder
        ? { asOf: state.asOf, firstOrder: summary.firstOrder, lastOrder: summary.lastOrder }
        : null;
    return {
      ...(inRange ? { asOf: state.asOf } : {}),
      ...(state.rfm ? { rfm: state.rfm } : {}),
      ...(state.tiers ? { tiers: state.tiers } : {}),
    };
  }
}

/**
 * A file name inside a sentence, between Unicode's isolate marks (FSI … PDI): a right-to-left override in the name
 * (U+202E, which makes "gnp.exe" read "exe.png") then ends where the name does instead of turning the rest round.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
