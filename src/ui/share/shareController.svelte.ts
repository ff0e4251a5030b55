import type { CustomerModelOptions } from '../../core/models/analyzeCustomers';
import type { ImportSummary } from '../../core/ingest/types';
import type { AppState } from '../appState.svelte';
import { i18n } from '../i18n/i18n.svelte';
import type { NotebookState } from '../notebook/notebookState.svelte';
import {
  decodeShareState,
  encodeShareState,
  LIMITS,
  LONG_LINK,
  SHARE_VERSION,
  validate,
  type Decoded,
  type ShareProblem,
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
    { kind: 'info'; opened: 'link' | 'file'; name?: string } | { kind: 'error'; reason: ShareProblem } | null
  >(null);
  link = $state<{ url: string; copied: boolean; long: boolean } | null>(null);
  private shared: ShareState | null = null;

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
    if (state.language) i18n.language = state.language;
    if (state.notebook) this.notebook.open(state.notebook);
    if (state.segments) await this.app.segments.merge(state.segments);
    if (state.discountRate !== undefined) this.app.predictions.yearlyDiscountRate = state.discountRate;
    this.notice = { kind: 'info', ...source };
  }

  async copy(): Promise<void> {
    const hash = await encodeShareState(this.current());
    history.replaceState(null, '', `#${hash}`);
    const url = location.href;
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
    return {
      v: SHARE_VERSION,
      language: i18n.language,
      ...(options.asOf ? { asOf: options.asOf } : {}),
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
      state.asOf <= nextDay(summary.lastOrder);
    return {
      ...(inRange ? { asOf: state.asOf } : {}),
      ...(state.rfm ? { rfm: state.rfm } : {}),
      ...(state.tiers ? { tiers: state.tiers } : {}),
    };
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
