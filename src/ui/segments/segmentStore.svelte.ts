import type { ExportKind } from '../../core/segments/exports';
import type { SavedSegments } from '../../core/segments/session';
import type { ValueCounts } from '../../core/segments/suggest';
import type { Engine } from '../engineClient';
import { loadValue, saveValue } from '../storage/browserStore';
import { t } from '../i18n/i18n.svelte';
import { parseSavedSegments, SEGMENT_LIMITS } from './savedSegments';

/**
 * The saved segments (kept in this browser), their current sizes, and the data's values for autocomplete; every
 * question goes to the engine worker, which owns the data.
 */
export class SegmentStore {
  saved = $state<SavedSegments>({});
  sizes = $state<Record<string, number | null>>({});
  values = $state<ValueCounts>({});
  /** The segment deleted last, until it is restored or another is deleted: one click can take a deletion back. */
  lastRemoved = $state<{ name: string; query: string } | null>(null);
  private valuesVersion: unknown = undefined;

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

  /** Puts back a whole set of saved segments (the visitor's own, after a shared link replaced some). */
  async replace(segments: SavedSegments): Promise<void> {
    this.saved = parseSavedSegments(segments);
    this.lastRemoved = null;
    await this.persist();
  }

  /** "Forget all data" deleted the stored copy: the page forgets them too, or the next save would write them back. */
  forget(): void {
    this.saved = {};
    this.sizes = {};
    this.lastRemoved = null;
  }

  async remove(name: string): Promise<void> {
    const { [name]: removed, ...rest } = this.saved;
    if (removed !== undefined) this.lastRemoved = { name, query: removed };
    this.saved = rest;
    await this.persist();
  }

  /** Brings back the segment deleted last. */
  async restore(): Promise<void> {
    const removed = this.lastRemoved;
    if (!removed) return;
    this.lastRemoved = null;
    await this.save(removed.name, removed.query);
  }

  /**
   * Autocomplete values, fetched when an editor first needs them after the data or the models changed (`version`),
   * so nothing runs in the background for people who never open a segment.
   */
  async refreshValues(version: unknown): Promise<void> {
    if (version === this.valuesVersion) return;
    this.valuesVersion = version;
    try {
      this.values = (await this.engine()?.api.segmentValues()) ?? {};
    } catch {
      this.valuesVersion = undefined; // Superseded: the next focus asks again.
    }
  }

  /** Current sizes of the saved segments (the compare cell shows them). */
  async refreshSizes(): Promise<void> {
    try {
      this.sizes = (await this.engine()?.api.segmentSizes(this.snapshot())) ?? {};
    } catch {
      // Superseded by a newer request, which fills them in.
    }
  }

  stats(query: string, channel: string) {
    return this.api().segmentStats(query, this.snapshot(), channel);
  }

  compare(names: string[]) {
    return this.api().compareSegments(
      names.map((n) => (Object.hasOwn(this.saved, n) ? this.saved[n] : '')),
      this.snapshot(),
    );
  }

  export(
    query: string,
    kind: ExportKind,
    options: { segmentName: string; consentOnly: boolean; decimalComma?: boolean },
  ) {
    return this.api().exportSegment(query, this.snapshot(), kind, options);
  }

  exportParquet(query: string, segmentName: string) {
    return this.api().exportSegmentParquet(query, this.snapshot(), segmentName);
  }

  snapshot(): SavedSegments {
    return $state.snapshot(this.saved) as SavedSegments;
  }

  private async persist(): Promise<void> {
    await saveValue('segments', this.snapshot());
    void this.refreshSizes();
  }

  private api() {
    const engine = this.engine();
    if (!engine) throw new Error(t('engine.starting'));
    return engine.api;
  }
}
