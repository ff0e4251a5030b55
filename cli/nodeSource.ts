import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { TextEncoding } from '../src/core/ingest/sniff/encoding';
import type { ImportSource } from '../src/core/ingest/types';
import { csvHead, workbookToCsv, type SheetRead } from '../src/core/ingest/xlsx';

/** ImportSource over a file on disk, for the CLI and the Node tests. */
export class NodeFileSource implements ImportSource {
  readonly fileName: string;
  readonly path: string;
  readonly size: number;
  /** Where transcoded copies go; created up front so the engine lock-down can allow it before any import. */
  private readonly tempDir: string;

  constructor(filePath: string) {
    this.path = resolve(filePath);
    this.fileName = basename(filePath);
    this.size = statSync(this.path).size;
    this.tempDir = mkdtempSync(join(tmpdir(), 'segmentlab-'));
  }

  /** The directories DuckDB needs to read this file (see src/core/sql/lockdown.ts). */
  get allowedDirectories(): string[] {
    return [dirname(this.path) + '/', this.tempDir + '/'];
  }

  async readRawHead(maxBytes: number): Promise<Uint8Array> {
    const buffer = Buffer.alloc(Math.min(maxBytes, this.size));
    const fd = openSync(this.path, 'r');
    try {
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, read);
    } finally {
      closeSync(fd);
    }
  }

  async readSample(maxBytes: number): Promise<Uint8Array> {
    if (!(await this.isGzip())) return this.readRawHead(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    const stream = createReadStream(this.path).pipe(createGunzip());
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= maxBytes) break;
      }
    } catch (error) {
      // A truncated gzip still gives what was decoded so far: enough to sniff.
      if (total === 0) throw error;
    } finally {
      stream.destroy();
    }
    return new Uint8Array(Buffer.concat(chunks).subarray(0, maxBytes));
  }

  async transcodeToUtf8(encoding: TextEncoding, onProgress?: (bytesRead: number) => void): Promise<string> {
    const target = join(this.tempDir, basename(this.path).replace(/\.gz$/i, '') + '.utf8');
    const decoder = new TextDecoder(encoding);
    let read = 0;
    const decode = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        read += chunk.length;
        onProgress?.(read);
        callback(null, decoder.decode(chunk, { stream: true }));
      },
      flush(callback) {
        callback(null, decoder.decode());
      },
    });
    const input = createReadStream(this.path);
    await ((await this.isGzip())
      ? pipeline(input, createGunzip(), decode, createWriteStream(target))
      : pipeline(input, decode, createWriteStream(target)));
    return target;
  }

  async spreadsheetToCsv(
    sampleBytes: number,
    sheetName?: string,
  ): Promise<{ path: string; head: Uint8Array; sheet: SheetRead }> {
    const { csv, sheet } = workbookToCsv(readFileSync(this.path), { sheet: sheetName });
    const target = join(this.tempDir, basename(this.path) + '.csv');
    writeFileSync(target, csv);
    return { path: target, head: csvHead(csv, sampleBytes), sheet };
  }

  async checkGzipIntact(onProgress?: (bytesRead: number) => void): Promise<void> {
    if (!(await this.isGzip())) return;
    let read = 0;
    const input = createReadStream(this.path).on('data', (chunk: string | Buffer) =>
      onProgress?.((read += chunk.length)),
    );
    const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    // Node's gunzip reads concatenated (multi-member) gzip files whole and fails on a truncated or corrupt one.
    await pipeline(input, createGunzip(), discard);
  }

  async scanContent(visit: (bytes: Uint8Array) => boolean, onProgress?: (bytesRead: number) => void): Promise<void> {
    let read = 0;
    const input = createReadStream(this.path).on('data', (chunk: string | Buffer) =>
      onProgress?.((read += chunk.length)),
    );
    const content = (await this.isGzip()) ? input.pipe(createGunzip()) : input;
    try {
      for await (const chunk of content as AsyncIterable<Buffer>) if (visit(chunk)) return;
    } finally {
      content.destroy();
      input.destroy();
    }
  }

  /** Removes transcoded copies. */
  cleanup(): void {
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private async isGzip(): Promise<boolean> {
    const head = await this.readRawHead(2);
    return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  }
}
