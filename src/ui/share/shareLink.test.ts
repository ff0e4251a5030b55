import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState, LIMITS, validate, type ShareState } from './shareLink';

const full: ShareState = {
  v: 1,
  language: 'nl',
  asOf: '2026-10-01',
  rfm: { levels: 3, cutoffs: { recency: [30, 90] } },
  tiers: { lowBelow: 0.25, highFrom: 0.8 },
  discountRate: 0.08,
  segments: { VIP: "spend_tier = 'HIGH'" },
  notebook: {
    cells: [
      { id: 'a', type: 'note', params: { text: '# Hi' } },
      { id: 'b', type: 'rfm', collapsed: true },
    ],
  },
};

/** Deflate-raw bytes of arbitrary text, as a hostile link would carry them. */
async function pack(text: string): Promise<string> {
  const bytes = await new Response(
    new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw')),
  ).arrayBuffer();
  return 's=' + Buffer.from(bytes).toString('base64url');
}

describe('share links', () => {
  it('round-trips the whole state through #s=', async () => {
    const hash = await encodeShareState(full);
    expect(hash).toMatch(/^s=[A-Za-z0-9_-]+$/);
    expect(await decodeShareState(`#${hash}`)).toEqual({ ok: true, state: full, ignored: [] });
  });

  it('is not there when the hash has no state', async () => {
    expect(await decodeShareState('')).toBeNull();
    expect(await decodeShareState('#section-2')).toBeNull();
  });

  it('refuses tampered, truncated and garbage links with a reason', async () => {
    const hash = await encodeShareState(full);
    const flipped = hash.slice(0, 10) + (hash[10] === 'A' ? 'B' : 'A') + hash.slice(11);
    for (const bad of [flipped, hash.slice(0, hash.length - 6), 's=%%%', 's=aGVsbG8']) {
      const decoded = await decodeShareState(bad);
      expect(decoded?.ok, bad).toBe(false);
      expect(['damaged', 'noNotebook']).toContain((decoded as { reason: string }).reason);
    }
  });

  it('refuses links from a newer version and unknown versions', async () => {
    expect(await decodeShareState(await pack('{"v":2}'))).toEqual({
      ok: false,
      reason: 'newer',
    });
    expect(validate({ v: 0 })).toEqual({ ok: false, reason: 'unknownVersion' });
  });

  it('refuses oversized links and zip bombs before they cost anything', async () => {
    expect(await decodeShareState('s=' + 'A'.repeat(LIMITS.hash + 1))).toEqual({
      ok: false,
      reason: 'tooLong',
    });
    const bomb = await pack(JSON.stringify({ v: 1, notebook: { cells: [] }, pad: ' '.repeat(LIMITS.json * 2) }));
    expect(bomb.length).toBeLessThan(LIMITS.hash);
    expect(await decodeShareState(bomb)).toEqual({
      ok: false,
      reason: 'tooBig',
    });
  });

  it('keeps hostile text as plain strings and drops what it does not know', () => {
    const decoded = validate({
      v: 1,
      language: 'xx',
      asOf: "2026-01-01'; DROP TABLE orders",
      rfm: { levels: 4, cutoffs: { recency: ['1; DROP'] } },
      tiers: { lowBelow: 0.9, highFrom: 0.1 },
      discountRate: 5,
      sql: 'SELECT 1',
      segments: { '<script>alert(1)</script>': "country = 'NL'); DROP TABLE orders; --" },
      notebook: { cells: [{ id: 'x', type: 'sql', params: { text: 'SELECT 1' } }] },
      __proto__: { polluted: true },
    });
    expect(decoded).toEqual({
      ok: true,
      state: {
        v: 1,
        rfm: {},
        segments: { '<script>alert(1)</script>': "country = 'NL'); DROP TABLE orders; --" },
        notebook: { cells: [] },
      },
      ignored: ['language', 'asOf', 'rfm', 'tiers', 'discountRate', 'cells'],
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('carries a segment cell whose query is longer than 200 characters whole, and a compare cell of long names', () => {
    // 30 clauses of "number_of_orders >= 1" joined by " AND ": 30 × 21 + 29 × 5 = 775 characters, a valid query.
    const query = Array.from({ length: 30 }, () => 'number_of_orders >= 1').join(' AND ');
    expect(query.length).toBe(775);
    // Five saved-segment names of the longest allowed length (60), one a line: 5 × 60 + 4 = 304 characters.
    const names = ['a', 'b', 'c', 'd', 'e'].map((letter) => letter.repeat(60)).join('\n');
    expect(names.length).toBe(304);
    const notebook = {
      cells: [
        { id: 's', type: 'segment' as const, params: { query, name: 'Long' } },
        { id: 'c', type: 'compare' as const, params: { segments: names } },
      ],
    };
    expect(validate({ v: 1, notebook })).toEqual({ ok: true, state: { v: 1, notebook }, ignored: [] });
  });

  it('keeps an as-of date only when it is a day of the calendar', () => {
    // 2024 is a leap year, 2025 is not; month 13 and day 45 exist in no year.
    expect(validate({ v: 1, asOf: '2024-02-29' })).toEqual({
      ok: true,
      state: { v: 1, asOf: '2024-02-29' },
      ignored: [],
    });
    for (const asOf of ['2025-02-29', '2025-13-45', '2025-04-31', '2025-00-10']) {
      expect(validate({ v: 1, asOf }), asOf).toEqual({ ok: true, state: { v: 1 }, ignored: ['asOf'] });
    }
  });

  it('names each setting it had to leave out, and only those', () => {
    expect(
      validate({
        v: 1,
        language: 'de',
        rfm: { levels: 3, cutoffs: { recency: [30, 90], monetary: [-5, 10] } },
        tiers: { lowBelow: 0.3, highFrom: 0.7 },
        discountRate: 0.1,
        segments: { Fine: "rfm_group = 'Champions'", ['x'.repeat(61)]: 'number_of_orders >= 2', Empty: 3 },
        notebook: {
          cells: [
            { id: 'a', type: 'rfm' },
            { id: 'b', type: 'pivot' },
          ],
        },
      }),
    ).toEqual({
      ok: true,
      state: {
        v: 1,
        rfm: { levels: 3, cutoffs: { recency: [30, 90] } },
        tiers: { lowBelow: 0.3, highFrom: 0.7 },
        discountRate: 0.1,
        segments: { Fine: "rfm_group = 'Champions'" },
        notebook: { cells: [{ id: 'a', type: 'rfm' }] },
      },
      ignored: ['language', 'rfm', 'segments', 'cells'],
    });
  });
});
