import type { SavedSegments } from '../../core/segments/session';

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
