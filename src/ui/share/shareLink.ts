import type { CustomerModelOptions } from '../../core/models/analyzeCustomers';
import { isCalendarDate } from '../../core/models/asOf';
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
/**
 * Refused before decoding: a link longer than `hash` characters, or unpacking (a link) or reading (a notebook file)
 * to more than `json` bytes. The JSON limit holds the largest notebook the app keeps (NOTEBOOK_LIMITS: 60 notes of
 * 20,000 characters, up to 3 bytes each in UTF-8, and 100 saved segments), so every exported notebook opens again;
 * a few megabytes is still nothing a hostile link could hurt with.
 */
export const LIMITS = { hash: 32 * 1024, json: 5 * 1024 * 1024 };

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

/**
 * A part of an opened link that could not be used (an unsupported language, a day that is not in the calendar,
 * cut-offs that do not fit the scores, a cell type this version lacks…): left out, and named to the user in the
 * chosen language (share.setting.* messages) rather than dropped in silence.
 */
const SHARE_SETTINGS = ['language', 'asOf', 'rfm', 'tiers', 'discountRate', 'segments', 'cells'] as const;
export type ShareSetting = (typeof SHARE_SETTINGS)[number];

export type Decoded = { ok: true; state: ShareState; ignored: ShareSetting[] } | { ok: false; reason: ShareProblem };

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

/**
 * Keeps only known fields of the right type and shape; a known field that is unusable is left out and listed in
 * `ignored`, a field this version does not know is ignored.
 */
export function validate(value: unknown): Decoded {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'noNotebook' };
  const raw = value as Record<string, unknown>;
  if (typeof raw.v !== 'number') return { ok: false, reason: 'noNotebook' };
  if (raw.v > SHARE_VERSION) return { ok: false, reason: 'newer' };
  if (raw.v !== SHARE_VERSION) return { ok: false, reason: 'unknownVersion' };
  const state: ShareState = { v: SHARE_VERSION };
  const ignored = new Set<ShareSetting>();
  if (raw.language !== undefined) {
    if (typeof raw.language === 'string' && Object.hasOwn(LANGUAGES, raw.language))
      state.language = raw.language as Language;
    else ignored.add('language');
  }
  if (raw.asOf !== undefined) {
    if (typeof raw.asOf === 'string' && isCalendarDate(raw.asOf)) state.asOf = raw.asOf;
    else ignored.add('asOf');
  }
  if (raw.rfm !== undefined) {
    const rfm = raw.rfm as Record<string, unknown> | null;
    if (!rfm || typeof rfm !== 'object') ignored.add('rfm');
    else {
      state.rfm = {};
      if (rfm.levels === 3 || rfm.levels === 5) state.rfm.levels = rfm.levels;
      else if (rfm.levels !== undefined) ignored.add('rfm');
      const cutoffs = rfm.cutoffs as Record<string, unknown> | null | undefined;
      if (cutoffs && typeof cutoffs === 'object') {
        const levels = state.rfm.levels ?? 5;
        // As the settings form reads them (cutoffInput.ts): levels − 1 numbers, none below zero.
        const list = (v: unknown) =>
          Array.isArray(v) &&
          v.length === levels - 1 &&
          v.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
            ? (v as number[])
            : undefined;
        const present: NonNullable<NonNullable<ShareState['rfm']>['cutoffs']> = {};
        for (const measure of ['recency', 'frequency', 'monetary'] as const) {
          if (cutoffs[measure] === undefined) continue;
          const picked = list(cutoffs[measure]);
          if (picked) present[measure] = picked;
          else ignored.add('rfm');
        }
        if (Object.keys(present).length) state.rfm.cutoffs = present;
      } else if (rfm.cutoffs !== undefined) ignored.add('rfm');
    }
  }
  if (raw.tiers !== undefined) {
    const tiers = raw.tiers as Record<string, unknown> | null;
    const { lowBelow, highFrom } = tiers && typeof tiers === 'object' ? tiers : {};
    if (
      typeof lowBelow === 'number' &&
      typeof highFrom === 'number' &&
      lowBelow > 0 &&
      lowBelow < highFrom &&
      highFrom < 1
    ) {
      state.tiers = { lowBelow, highFrom };
    } else ignored.add('tiers');
  }
  if (raw.discountRate !== undefined) {
    if (typeof raw.discountRate === 'number' && raw.discountRate >= 0 && raw.discountRate < 1)
      state.discountRate = raw.discountRate;
    else ignored.add('discountRate');
  }
  if (raw.segments !== undefined) {
    state.segments = parseSavedSegments(raw.segments);
    const given = raw.segments && typeof raw.segments === 'object' ? Object.keys(raw.segments).length : -1;
    if (given !== Object.keys(state.segments).length) ignored.add('segments');
  }
  if (raw.notebook !== undefined) {
    const notebook = parseNotebook(raw.notebook);
    if (notebook) state.notebook = notebook;
    const cells = (raw.notebook as { cells?: unknown } | null)?.cells;
    if (!notebook || !Array.isArray(cells) || cells.length !== notebook.cells.length) ignored.add('cells');
  }
  return { ok: true, state, ignored: SHARE_SETTINGS.filter((setting) => ignored.has(setting)) };
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
