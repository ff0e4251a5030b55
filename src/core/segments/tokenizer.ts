import { SegmentError } from './errors';

/**
 * Tokens of the segment language, each with its span. Numbers have one syntax whatever the UI language (a dot for
 * decimals), so a query means the same on every machine; the parser refuses `1234,56` with that explanation.
 */
export type Token =
  | { kind: 'word'; text: string; start: number; end: number }
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'date'; value: string; start: number; end: number }
  | { kind: 'relative'; amount: number; unit: 'd' | 'w' | 'm' | 'y'; start: number; end: number }
  | { kind: 'op'; text: '=' | '!=' | '>' | '>=' | '<' | '<=' | '(' | ')' | ','; start: number; end: number }
  | { kind: 'end'; start: number; end: number };

const PATTERNS: [RegExp, (m: RegExpExecArray, start: number) => Token][] = [
  [/^\d{4}-\d{2}-\d{2}(?![\w-])/, (m, start) => ({ kind: 'date', value: m[0], start, end: start + m[0].length })],
  [
    /^([-+]?\d+)([dwmy])(?!\w)/i,
    (m, start) => ({
      kind: 'relative',
      amount: Number(m[1]),
      unit: m[2].toLowerCase() as 'd' | 'w' | 'm' | 'y',
      start,
      end: start + m[0].length,
    }),
  ],
  [
    /^-?(\d+(\.\d+)?|\.\d+)(?![\w.])/,
    (m, start) => ({ kind: 'number', value: Number(m[0]), start, end: start + m[0].length }),
  ],
  [/^[A-Za-z_][A-Za-z0-9_]*/, (m, start) => ({ kind: 'word', text: m[0], start, end: start + m[0].length })],
  [
    /^(>=|<=|!=|<>|=|>|<|\(|\)|,)/,
    (m, start) => ({ kind: 'op', text: m[0] === '<>' ? '!=' : (m[0] as '='), start, end: start + m[0].length }),
  ],
];

/** Operators from programming languages and spreadsheets, refused with the word this language uses instead. */
const PROGRAMMERS_OPERATORS: [string, string][] = [
  ['==', '='],
  ['&&', 'AND'],
  ['||', 'OR'],
  ['&', 'AND'],
  ['|', 'OR'],
];

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    if (/\s/.test(query[i])) {
      i++;
      continue;
    }
    if (query[i] === "'" || query[i] === '"') {
      const token = readString(query, i);
      tokens.push(token);
      i = token.end;
      continue;
    }
    const rest = query.slice(i);
    const habit = PROGRAMMERS_OPERATORS.find(([written]) => rest.startsWith(written));
    if (habit)
      throw new SegmentError(
        { id: 'segmentError.habit', params: { instead: habit[1], written: habit[0] } },
        i,
        i + habit[0].length,
      );
    const exponent = /^-?\d+(\.\d+)?[eE][-+]?\d+(?![\w.])/.exec(rest);
    if (exponent) {
      // Spreadsheet notation (1e3): the language has plain digits only, so say how to write it.
      const fixed = String(Number(exponent[0]));
      throw new SegmentError({ id: 'segmentError.plainDigits', params: { fixed } }, i, i + exponent[0].length);
    }
    const pattern = PATTERNS.find(([regex]) => regex.test(rest));
    if (!pattern)
      throw new SegmentError({ id: 'segmentError.unexpectedCharacter', params: { character: query[i] } }, i, i + 1);
    const match = pattern[0].exec(rest)!;
    tokens.push(pattern[1](match, i));
    i += match[0].length;
  }
  tokens.push({ kind: 'end', start: query.length, end: query.length });
  return tokens;
}

/** `value` as a quoted string of the query language, the form readString reads back: 'Can''t lose them'. */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted string: the quote doubled ('it''s') or backslash-escaped ('it\'s') stands for itself. */
function readString(query: string, start: number): Token {
  const quote = query[start];
  let value = '';
  let i = start + 1;
  while (i < query.length) {
    const c = query[i];
    if (c === '\\' && i + 1 < query.length) {
      value += query[i + 1];
      i += 2;
    } else if (c === quote && query[i + 1] === quote) {
      value += quote;
      i += 2;
    } else if (c === quote) {
      return { kind: 'string', value, start, end: i + 1 };
    } else {
      value += c;
      i++;
    }
  }
  throw new SegmentError({ id: 'segmentError.unterminatedString' }, start, query.length);
}
