import type { TextEncoding } from '../src/core/ingest/sniff/encoding';
import type { ImportSource } from '../src/core/ingest/types';
import { csvHead, workbookToCsv, type SheetRead } from '../src/core/ingest/xlsx';
import { jsonLinesToArrowIpc, parquetToArrowIpc } from './hostReaders';

/** Registers blobs with DuckDB under a name; the engine worker supplies it. */
export type RegisterBlob = (name: string, blob: Blob) => Promise<void>;
/** Creates a DuckDB table from Arrow IPC stream bytes; the engine worker supplies it. */
export type InsertArrow = (table: string, ipc: Uint8Array) => Promise<void>;

const GZIP_MAGIC = [0x1f, 0x8b];

async function readPrefix(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const out = new Uint8Array(maxBytes);
  let filled = 0;
  try {
    while (filled < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.length, maxBytes - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } catch (error) {
    // A truncated or corrupt gzip still yields the bytes decoded so far: enough to sniff.
    if (filled === 0) throw error;
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}

/**
 * The stream unchanged, reporting the bytes passed through so far (a progress measure) at most every 100 ms: a stream's
 * chunks come every few kB, the page needs a few updates a second.
 */
function countBytes<Chunk extends Uint8Array>(
  stream: ReadableStream<Chunk>,
  onProgress?: (bytesRead: number) => void,
): ReadableStream<Chunk> {
  let read = 0;
  let reported = -Infinity;
  return stream.pipeThrough(
    new TransformStream<Chunk, Chunk>({
      transform(chunk, controller) {
        read += chunk.length;
        const now = performance.now();
        if (onProgress && now - reported >= 100) {
          reported = now;
          onProgress(read);
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * ImportSource over a browser Blob/File, inside the worker. Counts the bytes DuckDB has read through it (DuckDB-WASM
 * reads a registered File with `slice()` + FileReaderSync), which is the import's progress measure.
 */
export class BlobSource implements ImportSource {
  readonly size: number;
  /** Highest byte offset DuckDB has asked for so far. */
  bytesRead = 0;
  private gzip: boolean | null = null;

  constructor(
    readonly fileName: string,
    readonly path: string,
    private readonly blob: Blob,
    private readonly register: RegisterBlob,
    private readonly insertArrow: InsertArrow,
  ) {
    this.size = blob.size;
  }

  /** The object handed to registerFileHandle: a Blob look-alike whose reads are counted. */
  get countingHandle(): Pick<Blob, 'size' | 'slice'> {
    const blob = this.blob;
    return {
      size: blob.size,
      slice: (start?: number, end?: number, type?: string) => {
        if (end !== undefined && end > this.bytesRead) this.bytesRead = Math.min(end, blob.size);
        return blob.slice(start, end, type);
      },
    };
  }

  async readRawHead(maxBytes: number): Promise<Uint8Array> {
    return new Uint8Array(await this.blob.slice(0, maxBytes).arrayBuffer());
  }

  async readSample(maxBytes: number): Promise<Uint8Array> {
    if (!(await this.isGzip())) return this.readRawHead(maxBytes);
    return readPrefix(this.decompressed(), maxBytes);
  }

  async transcodeToUtf8(encoding: TextEncoding, onProgress?: (bytesRead: number) => void): Promise<string> {
    const counted = countBytes((await this.isGzip()) ? this.decompressed() : this.blob.stream(), onProgress);
    const text = counted
      .pipeThrough(new TextDecoderStream(encoding) as unknown as ReadableWritablePair<string, Uint8Array>)
      .pipeThrough(new TextEncoderStream());
    const utf8 = await new Response(text).blob();
    const path = this.path.replace(/\.gz$/i, '') + '.utf8';
    await this.register(path, utf8);
    return path;
  }

  async spreadsheetToCsv(
    sampleBytes: number,
    sheetName?: string,
  ): Promise<{ path: string; head: Uint8Array; sheet: SheetRead }> {
    const { csv, sheet } = workbookToCsv(new Uint8Array(await this.blob.arrayBuffer()), { sheet: sheetName });
    const path = this.path + '.csv';
    await this.register(path, new Blob([csv], { type: 'text/csv' }));
    return { path, head: csvHead(csv, sampleBytes), sheet };
  }

  async checkGzipIntact(onProgress?: (bytesRead: number) => void): Promise<void> {
    if (!(await this.isGzip())) return;
    const counted = countBytes(this.blob.stream(), onProgress);
    try {
      await counted.pipeThrough(new DecompressionStream('gzip')).pipeTo(new WritableStream());
    } catch (error) {
      // DecompressionStream stops after the first member of a concatenated gzip ("Junk found after end of compressed
      // data" in Chromium): that member ended cleanly, and DuckDB reads the rest, so only a cut or a corrupt stream
      // counts as damage here.
      if (!/junk|trailing/i.test(String(error))) throw error;
    }
  }

  async scanContent(visit: (bytes: Uint8Array) => boolean, onProgress?: (bytesRead: number) => void): Promise<void> {
    const file = countBytes(this.blob.stream(), onProgress);
    const reader = ((await this.isGzip()) ? file.pipeThrough(new DecompressionStream('gzip')) : file).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || visit(value)) return;
      }
    } catch (error) {
      // The first member of a concatenated gzip has ended (checkGzipIntact): what follows is not read here.
      if (!/junk|trailing/i.test(String(error))) throw error;
    } finally {
      void reader.cancel().catch(() => undefined);
    }
  }

  async loadIntoTable(
    container: 'parquet' | 'jsonl',
    table: string,
    onProgress?: (bytesRead: number) => void,
    encoding: TextEncoding = 'utf-8',
  ): Promise<void> {
    let ipc: Uint8Array;
    if (container === 'parquet') {
      ipc = await parquetToArrowIpc(this.blob);
    } else {
      // The file's own bytes are counted (before any gunzip), so that the share read is of the size the page shows.
      const file = countBytes(this.blob.stream(), onProgress);
      const bytes = (await this.isGzip()) ? file.pipeThrough(new DecompressionStream('gzip')) : file;
      ipc = await jsonLinesToArrowIpc(
        bytes.pipeThrough(new TextDecoderStream(encoding) as unknown as ReadableWritablePair<string, Uint8Array>),
      );
    }
    this.bytesRead = this.size;
    await this.insertArrow(table, ipc);
  }

  private decompressed(): ReadableStream<Uint8Array> {
    return this.blob.stream().pipeThrough(new DecompressionStream('gzip')) as ReadableStream<Uint8Array>;
  }

  private async isGzip(): Promise<boolean> {
    if (this.gzip === null) {
      const head = await this.readRawHead(2);
      this.gzip = head.length === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
    }
    return this.gzip;
  }
}
