/**
 * Decides how the sample's bytes are text. DuckDB reads UTF-8 (BOM or not) and little-endian UTF-16 (BOM or not)
 * itself; Windows-1252 and big-endian UTF-16 must be transcoded by the host first (ARCHITECTURE.md, "Engine facts").
 * Latin-1 text is read as Windows-1252, its superset for printable characters (WHATWG Encoding §4.2 maps the label
 * latin1 to windows-1252 for the same reason).
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
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bom: false };
  return { encoding: isValidUtf8(sample) ? 'utf-8' : 'windows-1252', bom: false };
}

/** The bytes of UTF-16 text looked at to tell it without a byte-order mark. */
const UTF16_LOOK = 1024;

/**
 * UTF-16 written without a byte-order mark (Excel's "Unicode Text" writes one; some database tools and scripts do
 * not), told from its first kB. An order export is mostly ASCII whatever its language (digits, delimiters, dates,
 * amounts, most of the header), and an ASCII character in UTF-16 is a NUL byte beside its code: every odd byte NUL in
 * little-endian order, every even one in big-endian. UTF-8 and the 8-bit encodings have no NUL byte at all. So: at
 * least half of the sample's code units with a NUL high byte, hardly any (a twentieth) with a NUL low byte — a
 * character U+xx00, rare in text — and the units read as text, not control codes (binary data, an array of small
 * 16-bit numbers, would be NUL every other byte too).
 */
export function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const units = Math.floor(Math.min(sample.length, UTF16_LOOK) / 2);
  if (units < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  let controlLe = 0;
  let controlBe = 0;
  const control = (unit: number) => unit < 0x09 || (unit > 0x0d && unit < 0x20);
  for (let i = 0; i < units * 2; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
    if (control(sample[i] | (sample[i + 1] << 8))) controlLe++;
    if (control((sample[i] << 8) | sample[i + 1])) controlBe++;
  }
  const few = units / 20;
  if (oddNul >= units / 2 && evenNul <= few && controlLe <= few) return 'utf-16le';
  if (evenNul >= units / 2 && oddNul <= few && controlBe <= few) return 'utf-16be';
  return null;
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
