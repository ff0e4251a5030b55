import type { ExportKind } from '../../core/segments/exports';
import type { SavedSegments } from '../../core/segments/session';
import type { ValueCounts } from '../../core/segments/suggest';
import type { Engine } from '../engineClient';
import { loadValue, saveValue } from '../storage/browserStore';
import { parseSavedSegments, SEGMENT_LIMITS } from './savedSegments';

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

  /** Adds a shared link's segments; one with the same name is replaced by the link's. */
  async merge(segments: SavedSegments): Promise<void> {
    this.saved = parseSavedSegments({ ...this.snapshot(), ...segments });
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
