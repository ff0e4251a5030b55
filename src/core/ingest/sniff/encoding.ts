/**
 * Decides how the sample's bytes are text. DuckDB reads UTF-8 (BOM or not) and UTF-16 itself; Windows-1252 must be
 * transcoded by the host first (ARCHITECTURE.md, "Engine facts"). Latin-1 text is read as Windows-1252, its superset
 * for printable characters (WHATWG Encoding §4.2 maps the label latin1 to windows-1252 for the same reason).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface EncodingGuess {
  encoding: TextEncoding;
  bom: boolean;
}

export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  return { encoding: isValidUtf8(sample) ? 'utf-8' : 'windows-1252', bom: false };
}

/** Strict UTF-8 validation; a multi-byte sequence cut off at the end of the sample is not held against it. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte <= 0xdf
          ? 2
          : byte >= 0xe0 && byte <= 0xef
            ? 3
            : byte >= 0xf0 && byte <= 0xf4
              ? 4
              : 0;
    if (length === 0) return false;
    const available = Math.min(length, bytes.length - i);
    for (let k = 1; k < available; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += length;
  }
  return true;
}

export function decodeSample(sample: Uint8Array, guess: EncodingGuess): string {
  const text = new TextDecoder(guess.encoding).decode(sample);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
