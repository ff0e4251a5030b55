import { utf16WithoutBom } from './encoding';

/**
 * Recognises a file from its first bytes, whatever its name says (a PNG renamed .csv is still a PNG).
 * Signatures: the files' own specifications (PNG §5.2, JFIF, GIF89a, PDF §7.5.2, ZIP APPNOTE 4.3.7, CFB/OLE2 for
 * legacy .xls, Parquet's "PAR1", RFC 1952 for gzip).
 */
export type MagicKind = 'gzip' | 'parquet' | 'png' | 'jpeg' | 'gif' | 'pdf' | 'zip' | 'ole' | 'binary';

const SIGNATURES: { kind: MagicKind; bytes: number[] }[] = [
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
  { kind: 'parquet', bytes: [0x50, 0x41, 0x52, 0x31] },
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

/** The kind of a file by signature, `binary` for unknown bytes that cannot be text, or null for plausible text. */
export function detectMagic(head: Uint8Array): MagicKind | null {
  for (const { kind, bytes } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return kind;
  }
  return looksBinary(head) ? 'binary' : null;
}

/**
 * Text files (any of our encodings, UTF-16 aside) have no NUL bytes and few control characters. UTF-16 is text too,
 * with its byte-order mark or, without one, told by the NUL bytes of its ASCII characters (encoding.ts).
 */
function looksBinary(head: Uint8Array): boolean {
  const utf16Bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16Bom || utf16WithoutBom(head)) return false;
  const sample = head.subarray(0, 4096);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}
