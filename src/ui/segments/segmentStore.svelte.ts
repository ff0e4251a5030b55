import type { ExportKind } from '../../core/segments/exports';
import type { SavedSegments } from '../../core/segments/session';
import type { ValueCounts } from '../../core/segments/suggest';
import type { Engine } from '../engineClient';
import { loadValue, saveValue } from '../storage/browserStore';

/** Limits for saved segments read back from storage (or, later, a link): plenty for use, small enough to be safe. */
export const SEGMENT_LIMITS = { count: 100, name: 60, query: 2000 };

/** Saved segments from untrusted JSON: string names and queries within the limits, the rest dropped. */
export function parseSavedSegments(value: unknown): SavedSegments {
  const out: SavedSegments = {};
  if (!value || typeof value !== 'object') return out;
  for (const [name, query] of Object.entries(value as Record<string, unknown>).slice(0, SEGMENT_LIMITS.count)) {
    if (
      typeof query !== 'string' ||
      !name.trim() ||
      name.length > SEGMENT_LIMITS.name ||
      query.length > SEGMENT_LIMITS.query
    )
      continue;
    out[name] = query;
  }
  return out;
}

/**
 * The saved segments (kept in this browser), their current sizes, and the data's values for autocomplete; every
 * question goes to the engine worker, which owns the data.
 */
export class SegmentStore {
  saved = $state<SavedSegments>({});
  sizes = $state<Record<string, number | null>>({});
  values = $state<ValueCounts>({});

  constructor(private readonly engine: () => Engine | null) {}

  async load(): Promise<void> {
    this.saved = parseSavedSegments(await loadValue('segments'));
  }

  async save(name: string, query: string): Promise<void> {
    this.saved = { ...this.saved, [name.trim().slice(0, SEGMENT_LIMITS.name)]: query };
    await this.persist();
  }

  async remove(name: string): Promise<void> {
    const { [name]: _removed, ...rest } = this.saved;
    void _removed;
    this.saved = rest;
    await this.persist();
  }

  /** After the data or the models changed: fresh sizes and autocomplete values. */
  async refresh(): Promise<void> {
    const api = this.engine()?.api;
    if (!api) return;
    try {
      this.values = await api.segmentValues();
      this.sizes = await api.segmentSizes(this.snapshot());
    } catch {
      // Superseded or cancelled by newer data: the next refresh fills them in.
    }
  }

  stats(query: string, channel: string) {
    return this.api().segmentStats(query, this.snapshot(), channel);
  }

  compare(names: string[]) {
    return this.api().compareSegments(
      names.map((n) => this.saved[n] ?? ''),
      this.snapshot(),
    );
  }

  export(query: string, kind: ExportKind, options: { segmentName: string; consentOnly: boolean }) {
    return this.api().exportSegment(query, this.snapshot(), kind, options);
  }

  snapshot(): SavedSegments {
    return $state.snapshot(this.saved) as SavedSegments;
  }

  private async persist(): Promise<void> {
    await saveValue('segments', this.snapshot());
    void this.refresh();
  }

  private api() {
    const engine = this.engine();
    if (!engine) throw new Error('The analysis engine has not started yet.');
    return engine.api;
  }
}
