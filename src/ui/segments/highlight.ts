import { findAttribute, FUNCTIONS } from '../../core/segments/attributes';
import { KEYWORDS } from '../../core/segments/parser';

/** A run of query text and its colour class, for the editor's highlight layer (rendered as text, never HTML). */
export interface Span {
  text: string;
  kind: 'attribute' | 'keyword' | 'operator' | 'string' | 'number' | 'date' | 'error' | 'plain';
}

const WORDS = new Set([...KEYWORDS, 'segment']);

/**
 * Splits a query into coloured spans covering every character (so the layer lines up with the textarea). A lexer of
 * its own rather than the tokenizer: it must colour half-typed text (an open string) without throwing.
 */
export function highlight(query: string): Span[] {
  const spans: Span[] = [];
  const rules: [RegExp, Span['kind'] | ((m: string) => Span['kind'])][] = [
    [/^\s+/, 'plain'],
    [/^'(?:[^'\\]|''|\\.)*'?|^"(?:[^"\\]|""|\\.)*"?/, 'string'],
    [/^\d{4}-\d{2}-\d{2}|^[-+]?\d+[dwmy](?!\w)/i, 'date'],
    [/^-?\d+(?:\.\d+)?/, 'number'],
    [
      /^[A-Za-z_][A-Za-z0-9_]*/,
      (word) =>
        WORDS.has(word.toLowerCase())
          ? 'keyword'
          : findAttribute(word) || word.toLowerCase() in FUNCTIONS
            ? 'attribute'
            : 'error',
    ],
    [/^(?:>=|<=|!=|<>|=|>|<|\(|\)|,)/, 'operator'],
    [/^./, 'error'],
  ];
  let rest = query;
  while (rest.length > 0) {
    for (const [pattern, kind] of rules) {
      const match = pattern.exec(rest);
      if (!match) continue;
      const text = match[0];
      const resolved = typeof kind === 'function' ? kind(text) : kind;
      const last = spans[spans.length - 1];
      if (last && last.kind === resolved) last.text += text;
      else spans.push({ text, kind: resolved });
      rest = rest.slice(text.length);
      break;
    }
  }
  return spans;
}

/** Splits spans at [start, end) and flags the part inside as the error's span (drawn with a wavy underline). */
export function markProblem(spans: Span[], start: number, end: number): (Span & { problem?: boolean })[] {
  const out: (Span & { problem?: boolean })[] = [];
  let offset = 0;
  // An error at the very end (a missing value) gets a visible placeholder to underline.
  const stop = Math.max(end, start + 1);
  for (const span of spans) {
    const from = offset;
    const to = offset + span.text.length;
    offset = to;
    const cuts = [from, Math.min(Math.max(start, from), to), Math.min(Math.max(stop, from), to), to];
    for (let i = 0; i < 3; i++) {
      if (cuts[i + 1] > cuts[i]) {
        const text = span.text.slice(cuts[i] - from, cuts[i + 1] - from);
        out.push(i === 1 ? { ...span, text, problem: true } : { ...span, text });
      }
    }
  }
  if (start >= offset) out.push({ text: ' ', kind: 'plain', problem: true });
  return out;
}
