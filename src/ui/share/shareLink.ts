import type { CustomerModelOptions } from '../../core/models/analyzeCustomers';
import type { SavedSegments } from '../../core/segments/session';
import { LANGUAGES, type Language } from '../i18n/translate';
import { parseNotebook, type Notebook } from '../notebook/notebook';
import { parseSavedSegments } from '../segments/savedSegments';

/**
 * Share links (ARCHITECTURE.md): the URL hash holds a versioned, validated, compressed JSON state — settings,
 * segment definitions and the notebook's cells. Never data, never SQL, never a file name: segment queries travel as
 * the segment language's text and are only ever parsed by it. `#s=` + base64url(deflate-raw(JSON)).
 */
export const SHARE_VERSION = 1;
/** Past this the app warns: some chat tools and browsers cut long links. */
export const LONG_LINK = 8 * 1024;
/** Refused before decoding: far more than any real notebook, small enough that a hostile link cannot hurt. */
export const LIMITS = { hash: 32 * 1024, json: 64 * 1024 };

export interface ShareState {
  v: typeof SHARE_VERSION;
  language?: Language;
  asOf?: string;
  rfm?: CustomerModelOptions['rfm'];
  tiers?: CustomerModelOptions['tiers'];
  discountRate?: number;
  segments?: SavedSegments;
  notebook?: Notebook;
}

/** Why a link could not be opened; the UI words each reason in the chosen language (share.reason.* messages). */
export type ShareProblem = 'tooLong' | 'tooBig' | 'damaged' | 'noNotebook' | 'newer' | 'unknownVersion';

export type Decoded = { ok: true; state: ShareState } | { ok: false; reason: ShareProblem };

export async function encodeShareState(state: ShareState): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const compressed = await new Response(
    new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw')),
  ).arrayBuffer();
  return `s=${toBase64Url(new Uint8Array(compressed))}`;
}

/** Reads `#s=…` (with or without the '#'); null when the hash carries no shared state at all. */
export async function decodeShareState(hash: string): Promise<Decoded | null> {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith('s=')) return null;
  const payload = text.slice(2);
  if (payload.length > LIMITS.hash) return { ok: false, reason: 'tooLong' };
  let json: string;
  try {
    json = await inflate(fromBase64Url(payload));
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof RangeError ? 'tooBig' : 'damaged',
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  return validate(value);
}

/** Keeps only known fields of the right type and shape; anything else in the link is ignored. */
export function validate(value: unknown): Decoded {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'noNotebook' };
  const raw = value as Record<string, unknown>;
  if (typeof raw.v !== 'number') return { ok: false, reason: 'noNotebook' };
  if (raw.v > SHARE_VERSION) return { ok: false, reason: 'newer' };
  if (raw.v !== SHARE_VERSION) return { ok: false, reason: 'unknownVersion' };
  const state: ShareState = { v: SHARE_VERSION };
  if (typeof raw.language === 'string' && Object.hasOwn(LANGUAGES, raw.language))
    state.language = raw.language as Language;
  if (typeof raw.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.asOf)) state.asOf = raw.asOf;
  const rfm = raw.rfm as Record<string, unknown> | undefined;
  if (rfm && typeof rfm === 'object') {
    state.rfm = {};
    if (rfm.levels === 3 || rfm.levels === 5) state.rfm.levels = rfm.levels;
    const cutoffs = rfm.cutoffs as Record<string, unknown> | undefined;
    if (cutoffs && typeof cutoffs === 'object') {
      const levels = state.rfm.levels ?? 5;
      const list = (v: unknown) =>
        Array.isArray(v) && v.length === levels - 1 && v.every((n) => typeof n === 'number' && Number.isFinite(n))
          ? (v as number[])
          : undefined;
      const picked = {
        recency: list(cutoffs.recency),
        frequency: list(cutoffs.frequency),
        monetary: list(cutoffs.monetary),
      };
      const present = Object.fromEntries(Object.entries(picked).filter(([, v]) => v));
      if (Object.keys(present).length) state.rfm.cutoffs = present;
    }
  }
  const tiers = raw.tiers as Record<string, unknown> | undefined;
  if (tiers && typeof tiers === 'object') {
    const { lowBelow, highFrom } = tiers;
    if (
      typeof lowBelow === 'number' &&
      typeof highFrom === 'number' &&
      lowBelow > 0 &&
      lowBelow < highFrom &&
      highFrom < 1
    ) {
      state.tiers = { lowBelow, highFrom };
    }
  }
  if (typeof raw.discountRate === 'number' && raw.discountRate >= 0 && raw.discountRate < 1)
    state.discountRate = raw.discountRate;
  if (raw.segments !== undefined) state.segments = parseSavedSegments(raw.segments);
  if (raw.notebook !== undefined) {
    const notebook = parseNotebook(raw.notebook);
    if (notebook) state.notebook = notebook;
  }
  return { ok: true, state };
}

/** deflate-raw → text, refusing to inflate past the JSON limit (a small link must not unpack into gigabytes). */
async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > LIMITS.json) {
      await reader.cancel();
      throw new RangeError('tooBig');
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
