import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../cli/nodeExecutor';
import { importFile } from '../src/core/ingest/importFile';
import type { ImportOutcome } from '../src/core/ingest/types';
import type { SqlExecutor } from '../src/core/sql/executor';
import type { WasmExecutor } from '../workers/wasmExecutor';
import { scratchDirectory, writeScratch } from './fixtures/files';
import { blobSourceInNode } from './blobSourceInNode';
import { importOnNative } from './nodeImport';
import { openWasmInNode } from './wasmInNode';

/**
 * Text encodings read alike by the CLI (native DuckDB, NodeFileSource) and the browser (DuckDB-WASM, the worker's
 * BlobSource). Figures counted by hand from the file below.
 */
const NOW = new Date('2026-12-01T00:00:00Z');

// Tab-separated, as a "Unicode Text" save writes it, with CR LF line ends and accented names.
const TEXT =
  'order_id\tcustomer\tdate\tamount\r\n' +
  '1\tAnaïs\t2024-03-01\t10.50\r\n' +
  '2\tBjörn\t2024-03-02\t20\r\n' +
  '3\tAnaïs\t2024-03-05\t4.25\r\n';
const littleEndian = () => new Uint8Array(Buffer.from(TEXT, 'utf16le'));
const bigEndian = () => new Uint8Array(Buffer.from(TEXT, 'utf16le').swap16());

let wasm: WasmExecutor;
let native: NodeExecutor;
const directory = scratchDirectory();

beforeAll(async () => {
  wasm = await openWasmInNode();
  native = await NodeExecutor.open();
});
afterAll(() => native.close());

async function importBoth(name: string, bytes: Uint8Array, gzip = false) {
  const path = writeScratch(directory, name, bytes, gzip);
  const node = await importOnNative(native, path, { now: NOW });
  const browser = await importFile(wasm, blobSourceInNode(path, wasm), { now: NOW });
  return { node, browser };
}

describe('UTF-16 without a byte-order mark', () => {
  it.each([
    ['little-endian', 'utf16le.txt', littleEndian, false, 'UTF-16LE'],
    ['big-endian', 'utf16be.txt', bigEndian, false, 'UTF-16BE'],
    ['little-endian, gzipped', 'utf16le.txt.gz', littleEndian, true, 'UTF-16LE'],
  ] as const)('reads %s text on both engines', async (_, name, bytes, gzip, encoding) => {
    // Before: refused as "not text" (its NUL bytes looked binary).
    const { node, browser } = await importBoth(name, bytes(), gzip);
    for (const [outcome, db] of [
      [node, native],
      [browser, wasm],
    ] as [ImportOutcome, SqlExecutor][]) {
      if (!outcome.ok) throw new Error(outcome.message);
      // Orders 1–3; Anaïs (1, 3) and Björn (2); 10.50 + 20 + 4.25.
      expect(outcome.summary).toMatchObject({
        orders: 3,
        customers: 2,
        revenue: 34.75,
        rejectedRows: 0,
        detected: { encoding, delimiter: '\t' },
      });
      expect(await db.all(`SELECT customer_id, sum(amount) AS spend FROM orders GROUP BY 1 ORDER BY 1`)).toEqual([
        { customer_id: 'Anaïs', spend: 14.75 },
        { customer_id: 'Björn', spend: 20 },
      ]);
    }
  });

  it('still refuses binary data whose every other byte is NUL', async () => {
    // Small 16-bit numbers (a sensor log, an image's raw samples): NUL every other byte, but control codes, not text.
    const samples = Uint8Array.from({ length: 2048 }, (_, i) => (i % 2 === 0 ? (i / 2) % 7 : 0));
    const { node, browser } = await importBoth('samples.csv', samples);
    for (const outcome of [node, browser]) {
      expect(outcome).toMatchObject({ ok: false, code: 'not_tabular', problem: { id: 'notTabular', kind: 'binary' } });
    }
  });
});
