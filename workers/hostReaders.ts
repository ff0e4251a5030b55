/**
 * Parquet and JSON lines read in the worker itself. DuckDB-WASM reads neither without downloading its parquet and
 * json extensions from extensions.duckdb.org, which the page must never contact (ARCHITECTURE.md, "No network after
 * load"). Parquet goes through parquet-wasm (the Rust `parquet` crate compiled to WebAssembly, served from our own
 * origin), which hands back Arrow with the file's own column types; JSON lines are parsed here, every value kept as
 * text, which is how the importer reads CSV too.
 */
import * as arrow from 'apache-arrow';
import initParquet, { Compression, readParquet, Table, writeParquet, WriterPropertiesBuilder } from 'parquet-wasm/esm';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

let parquetReady: Promise<unknown> | null = null;

/** Loads parquet-wasm's module once, on first use: most sessions never see a Parquet file. */
function loadParquet(): Promise<unknown> {
  parquetReady ??= initParquet({ module_or_path: new URL(parquetWasmUrl, self.location.href) });
  return parquetReady;
}

/** A Parquet file's rows as Arrow IPC stream bytes. */
export async function parquetToArrowIpc(file: Blob): Promise<Uint8Array> {
  await loadParquet();
  // intoIPCStream consumes the wasm-side table (frees it): nothing to release afterwards.
  return readParquet(new Uint8Array(await file.arrayBuffer())).intoIPCStream();
}

/** An Arrow table (a query result) as a zstd-compressed Parquet file. */
export async function arrowToParquet(table: arrow.Table): Promise<Uint8Array> {
  await loadParquet();
  const properties = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  // Re-serialised by Arrow JS: DuckDB-WASM's result stream has no end-of-stream marker, which Rust's Arrow reader
  // requires.
  return writeParquet(Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), properties);
}

/**
 * JSON records as Arrow IPC, shaped as native DuckDB's `read_json` reads them, so that src/core/ingest/nestedJson.ts
 * flattens both alike: one column per key seen in any record, in order of first appearance; scalars as text (numbers
 * and booleans as they were written), objects as structs and arrays as lists of what they hold, merged over all
 * records; a key holding different kinds (text here, an object there) as JSON text, as read_json's JSON type reads as
 * text. The records: one object per line (JSON lines, https://jsonlines.org, read line by line as before), else the
 * objects of a JSON array (`[{…}, {…}]`, each element one record) or the top-level objects of the text, found by a
 * scanner that follows strings and brackets across chunks. A top-level object wrapping the orders (`{"orders": [{…}]}`,
 * GraphQL's `{"data": {"orders": {"edges": [{…}]}}}`) is read element by element: each order becomes a record of its
 * own, wrapped in the same keys (`{"orders": [{…}]}`), so the importer unwraps the records as it unwraps native
 * DuckDB's one, and no string ever holds the whole file (V8 caps a string at 2^29 − 24 characters, about 512 MB).
 * A record that is not a JSON object stops the read with its line or element number.
 */
export async function jsonLinesToArrowIpc(text: ReadableStream<string>): Promise<Uint8Array> {
  const records = new RecordColumns();
  const reader = text.getReader();
  const chunks: string[] = [];
  let ended = false;
  // Enough text to see the first character and, for an object, whether its first line is a whole object. Only the
  // newest chunk is searched, and the chunks are joined once at the end: searching the growing text on every chunk
  // would take time growing with the square of the file's size. A first line longer than HEAD_LIMIT (a compact API
  // response on one line) goes to the scanner, which reads it element by element.
  let opening: string | undefined;
  let headLength = 0;
  for (;;) {
    const chunk = chunks.at(-1) ?? '';
    let from = 0;
    if (opening === undefined) {
      from = chunk.search(/\S/);
      if (from >= 0) opening = chunk[from];
    }
    if (opening !== undefined && (opening !== '{' || chunk.indexOf('\n', from) >= 0)) break;
    if (ended || headLength > HEAD_LIMIT) break;
    const { done, value } = await reader.read();
    if (done) ended = true;
    else {
      chunks.push(value);
      headLength += value.length;
    }
  }
  let head = chunks.join('');
  head = head.replace(/^\uFEFF/, '');
  const firstLine = head.trimStart().split('\n', 1)[0];
  const wholeFirstLine = ended || head.indexOf('\n') >= 0;
  if (head.trimStart().startsWith('[') || !wholeFirstLine || !wholeJson(ended ? head : firstLine)) {
    const scanner = new RecordScanner((record, n) => records.add(record, `element ${n}`));
    scanner.push(head);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      scanner.push(value);
    }
    scanner.end();
    return records.toIpc();
  }
  const addLine = (line: string, lineNumber: number) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${lineNumber} is not valid JSON`);
    }
    records.add(value, `line ${lineNumber}`);
  };
  let pending = head;
  let lineNumber = 0;
  for (;;) {
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) addLine(line, ++lineNumber);
    if (ended) break;
    const { done, value } = await reader.read();
    if (done) ended = true;
    else pending += value;
  }
  addLine(pending, ++lineNumber);
  return records.toIpc();
}

/** Characters read to find the first line's end before the text goes to the scanner instead. */
const HEAD_LIMIT = 1 << 20;

function wholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Splits JSON text into records: the top-level objects, or the elements of a top-level array. Tracks strings (and
 * their escapes), bracket depth, and the keys of the objects at the top few levels; each record's text is then parsed
 * by JSON.parse. Inside a top-level object, an array of objects under a key path ending in `orders`, or in
 * `orders.edges` or `orders.nodes` (a GraphQL connection), is read element by element: each element is a record of
 * its own, wrapped in the keys that lead to it (`{"orders": [element]}`). The rest of that object (its text without
 * the orders: a GraphQL response's `pageInfo` and `extensions`) is read too, and of it only `errors` is kept, as a
 * record of its own (`{"errors": […]}`): a response that reports errors beside its orders may lack some, and the
 * importer says so (src/core/ingest/nestedJson.ts), as it does for the one record native DuckDB reads.
 */
class RecordScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which records start: 0 for objects at the top, 1 for the elements of a top-level array. */
  private recordDepth = -1;
  private parts: string[] = [];
  private recording = false;
  private count = 0;
  /** The open objects and arrays, outermost first, each with the key being read in it (objects at the top levels). */
  private open: { object: boolean; key: string | null }[] = [];
  /** The text of the string being read, while it may be a key (a short string in an object at the top levels). */
  private keyText: string[] | null = null;
  private lastString: string | null = null;
  /** An array that may hold the orders has just opened at this depth: its first element decides. */
  private candidate: number | null = null;
  /** The depth of the orders array being read element by element, and the keys that lead to it. */
  private streamDepth: number | null = null;
  private streamPath: string[] = [];
  /** The text of the top-level object read so far, set aside while its orders are read one by one. */
  private outer: string[] | null = null;
  /** The record being read is what remains of a top-level object whose orders were read one by one. */
  private remainder = false;

  constructor(private readonly onRecord: (record: unknown, n: number) => void) {}

  push(chunk: string): void {
    let start = 0;
    let keyStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.keyText) {
            this.keyText.push(chunk.slice(keyStart, i));
            this.lastString = this.keyText.join('');
            this.keyText = null;
          }
        }
        continue;
      }
      const blank = c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
      if (this.candidate !== null && !blank) {
        // The array's first element: objects are read one by one; anything else leaves the array to the object.
        if (c === 0x7b && this.depth === this.candidate) this.startStream(chunk.slice(start, i));
        this.candidate = null;
      }
      if (c === 0x7b || c === 0x5b) {
        if (this.recordDepth < 0) this.recordDepth = c === 0x5b ? 1 : 0;
        const recordStart = this.streamDepth ?? this.recordDepth;
        if (this.depth === recordStart) {
          if (c === 0x5b) throw new Error(`element ${this.count + 1} is not a JSON object`);
          this.recording = true;
          start = i;
        }
        this.depth++;
        this.open.push({ object: c === 0x7b, key: null });
        if (c === 0x5b && this.streamDepth === null && this.recordDepth === 0 && this.holdsOrders())
          this.candidate = this.depth;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        this.open.pop();
        if (this.depth < 0) throw new Error('the JSON text has more closing brackets than opening ones');
        if (this.streamDepth !== null && this.depth === this.streamDepth - 1) {
          // The orders array has ended: its object's text goes on from its closing bracket (an empty array now).
          this.streamDepth = null;
          this.parts = this.outer ?? [];
          this.outer = null;
          this.recording = true;
          start = i;
        } else if (this.recording && this.depth === (this.streamDepth ?? this.recordDepth)) {
          this.parts.push(chunk.slice(start, i + 1));
          this.emit();
        }
      } else if (c === 0x22) {
        if (this.depth <= this.recordDepth) throw new Error(`element ${this.count + 1} is not a JSON object`);
        if (this.streamDepth !== null && this.depth === this.streamDepth)
          throw new Error(`element ${this.count + 1} is not a JSON object`);
        this.inString = true;
        if (this.recordDepth === 0 && this.depth <= KEY_DEPTH && this.open.at(-1)?.object) {
          this.keyText = [];
          keyStart = i + 1;
        }
      } else if (c === 0x3a) {
        const inner = this.open.at(-1);
        if (inner?.object && this.depth <= KEY_DEPTH) inner.key = this.lastString;
      } else if (this.depth <= this.recordDepth && c !== 0x2c && !blank) {
        if (this.recordDepth < 0 && c === 0xfeff) continue;
        throw new Error(`element ${this.count + 1} is not a JSON object`);
      } else if (this.streamDepth !== null && this.depth === this.streamDepth && c !== 0x2c && !blank) {
        throw new Error(`element ${this.count + 1} is not a JSON object`);
      }
    }
    if (this.recording) this.parts.push(chunk.slice(start));
    if (this.keyText) this.keyText.push(chunk.slice(keyStart));
  }

  end(): void {
    if (this.depth !== 0 || this.inString) throw new Error('the JSON text ends before its last record does');
  }

  /** Is the array opening here the orders: under a key path of objects ending in `orders` or `orders.edges|nodes`? */
  private holdsOrders(): boolean {
    const path = this.open.slice(0, -1);
    if (!path.every((level) => level.object)) return false;
    const keys = path.map((level) => level.key?.toLowerCase());
    const last = keys.at(-1);
    return last === 'orders' || (keys.at(-2) === 'orders' && (last === 'edges' || last === 'nodes'));
  }

  /** `before`: the text of the top-level object read so far in this chunk, up to the first order. */
  private startStream(before: string): void {
    // The top-level object read so far is set aside: its orders come one by one, then the rest of it.
    this.streamDepth = this.depth;
    this.streamPath = this.open.slice(0, -1).map((level) => level.key ?? '');
    this.outer = [...this.parts, before];
    this.remainder = true;
    this.recording = false;
    this.parts = [];
  }

  private emit(): void {
    const text = this.parts.join('');
    this.parts = [];
    this.recording = false;
    if (this.remainder && this.streamDepth === null) {
      this.remainder = false;
      this.emitErrors(text);
      return;
    }
    this.count++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`element ${this.count} is not valid JSON`);
    }
    if (this.streamDepth !== null) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error(`element ${this.count} is not a JSON object`);
      value = this.streamPath.reduceRight<unknown>((inner, key) => ({ [key]: inner }), [value]);
    }
    this.onRecord(value, this.count);
  }

  /** What remains of a top-level object whose orders were records of their own: its `errors`, if it reports any. */
  private emitErrors(text: string): void {
    let errors: unknown;
    try {
      ({ errors } = JSON.parse(text) as Record<string, unknown>);
    } catch {
      throw new Error('the JSON text around the orders is not valid JSON');
    }
    if (errors !== undefined && errors !== null) this.onRecord({ errors }, this.count);
  }
}

/** The depth down to which the scanner follows keys: `{"data": {"orders": {"edges": [` is four. */
const KEY_DEPTH = 6;

/** What a column (or a nested field) holds over all records; null when only nulls were seen. */
type Shape =
  | { kind: 'text' }
  | { kind: 'json' }
  | { kind: 'struct'; fields: Map<string, Shape | null> }
  | { kind: 'list'; element: Shape | null };

const TEXT: Shape = { kind: 'text' };
const JSON_TEXT: Shape = { kind: 'json' };

function shapeOf(value: unknown): Shape | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    let element: Shape | null = null;
    for (const item of value) element = mergeShapes(element, shapeOf(item));
    return { kind: 'list', element };
  }
  if (typeof value === 'object') {
    const fields = new Map<string, Shape | null>();
    for (const [key, field] of Object.entries(value)) fields.set(key, shapeOf(field));
    return { kind: 'struct', fields };
  }
  return TEXT;
}

function mergeShapes(a: Shape | null, b: Shape | null): Shape | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fields = new Map(a.fields);
    for (const [key, shape] of b.fields) fields.set(key, mergeShapes(fields.get(key) ?? null, shape));
    return { kind: 'struct', fields };
  }
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', element: mergeShapes(a.element, b.element) };
  if (a.kind === b.kind && (a.kind === 'text' || a.kind === 'json')) return a;
  return JSON_TEXT;
}

/** An object with no key anywhere has no struct type in Arrow (nor in DuckDB): it stays JSON text. */
function finalShape(shape: Shape | null): Shape {
  if (shape === null) return TEXT;
  if (shape.kind === 'struct' && shape.fields.size === 0) return JSON_TEXT;
  return shape;
}

function arrowType(shape: Shape | null): arrow.DataType {
  const final = finalShape(shape);
  if (final.kind === 'struct') {
    return new arrow.Struct([...final.fields].map(([key, field]) => new arrow.Field(key, arrowType(field), true)));
  }
  if (final.kind === 'list') return new arrow.List(new arrow.Field('element', arrowType(final.element), true));
  return new arrow.Utf8();
}

/** A JSON value in the form Arrow's builders take for `shape`: text as strings, structs as arrays of their fields. */
function toArrowValue(value: unknown, shape: Shape | null): unknown {
  if (value === null || value === undefined) return null;
  const final = finalShape(shape);
  switch (final.kind) {
    case 'text':
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return null;
      const record = value as Record<string, unknown>;
      return [...final.fields].map(([key, field]) => toArrowValue(record[key], field));
    }
    case 'list':
      return Array.isArray(value) ? value.map((item) => toArrowValue(item, final.element)) : null;
  }
}

/** Records gathered column by column: flat values as text at once, nested ones kept until their shape is known. */
class RecordColumns {
  private columns = new Map<string, { values: unknown[]; shape: Shape | null; nested: boolean }>();
  private rows = 0;

  add(value: unknown, where: string): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${where} is not a JSON object`);
    }
    for (const [key, field] of Object.entries(value)) {
      let column = this.columns.get(key);
      if (!column) {
        column = { values: new Array<unknown>(this.rows).fill(null), shape: null, nested: false };
        this.columns.set(key, column);
      }
      if (field !== null && typeof field === 'object') {
        column.nested = true;
        column.shape = mergeShapes(column.shape, shapeOf(field));
        column.values[this.rows] = field;
      } else {
        column.shape = mergeShapes(column.shape, field === null ? null : TEXT);
        column.values[this.rows] = field === null ? null : String(field);
      }
    }
    this.rows++;
    for (const column of this.columns.values()) if (column.values.length < this.rows) column.values.push(null);
  }

  toIpc(): Uint8Array {
    const vectors: Record<string, arrow.Vector> = {};
    for (const [key, { values, shape, nested }] of this.columns) {
      vectors[key] = nested
        ? arrow.vectorFromArray(
            values.map((v) => toArrowValue(v, shape)),
            arrowType(shape),
          )
        : arrow.vectorFromArray(values as (string | null)[], new arrow.Utf8());
    }
    return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
  }
}
