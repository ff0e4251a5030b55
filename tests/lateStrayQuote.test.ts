import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/core/ingest/importFile';
import type { WasmExecutor } from '../workers/wasmExecutor';
import { scratchDirectory, writeScratch } from './fixtures/files';
import { LATE_ROWS, notesFile } from './fixtures/lateStrayQuote';
import { blobSourceInNode } from './blobSourceInNode';
import { openWasmInNode } from './wasmInNode';

/**
 * The browser's path for a stray quote past the sample (src/core/ingest/importFile.test.ts has the CLI's): the
 * worker's BlobSource streams the whole file through the web streams the page uses, gunzip included, into DuckDB-WASM.
 */
let wasm: WasmExecutor;
const directory = scratchDirectory();

beforeAll(async () => {
  wasm = await openWasmInNode();
});

describe('a stray quote past the sample, in the browser', () => {
  it.each([
    ['plain', 'late-quote.csv', false],
    ['gzipped', 'late-quote.csv.gz', true],
  ] as const)('that never closes (%s): refused with its line', async (_, name, gzip) => {
    // Before: 8,000 orders and no issue; rows 8001–8005 gone uncounted.
    const text = notesFile(['8001,c1,2024-02-01,20.00,"broken note', ...LATE_ROWS]);
    const outcome = await importFile(wasm, blobSourceInNode(writeScratch(directory, name, text, gzip), wasm), {});
    // Data row 8001 is the file's line 8005 (tests/fixtures/lateStrayQuote.ts); rows 8002–8005 follow it.
    expect(outcome).toMatchObject({ ok: false, problem: { id: 'openQuote', line: 8005, lines: 4 } });
  });

  it('without one: every order is read', async () => {
    const path = writeScratch(directory, 'notes.csv', notesFile(['8001,c1,2024-02-01,20.00,"a note"', ...LATE_ROWS]));
    const outcome = await importFile(wasm, blobSourceInNode(path, wasm), {});
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.summary).toMatchObject({ orders: 8005, revenue: 80_000 + 20 + 4 * 30, rejectedRows: 0 });
  });
});
