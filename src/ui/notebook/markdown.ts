/**
 * A small Markdown subset for note cells, parsed into a tree that components render as text nodes — never as HTML,
 * so whatever a note contains (`<script>`, `<img onerror>`) shows as the characters typed. Supported, following
 * CommonMark's shapes (https://spec.commonmark.org): `#`–`###` headings, paragraphs, `-`/`*` and `1.` lists, `>`
 * quotes, fenced code blocks, and inline `**strong**`, `*em*`/`_em_`, `` `code` `` and `[text](https://…)` links.
 * Links keep only http(s) targets: `javascript:` and the like become plain text.
 */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; href: string; children: Inline[] };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'quote'; children: Inline[] }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'code'; text: string };

const BULLET = /^\s*[-*]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
    } else if (line.trimStart().startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith('```')) body.push(lines[i++]);
      i++;
      blocks.push({ kind: 'code', text: body.join('\n') });
    } else if (/^#{1,3}\s/.test(line)) {
      const level = line.indexOf(' ') as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, children: parseInline(line.slice(level + 1).trim()) });
      i++;
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? NUMBERED : BULLET;
      const items: Inline[][] = [];
      while (i < lines.length && pattern.test(lines[i])) items.push(parseInline(pattern.exec(lines[i++])![1]));
      blocks.push({ kind: 'list', ordered, items });
    } else if (line.startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && lines[i].startsWith('>')) body.push(lines[i++].replace(/^>\s?/, ''));
      blocks.push({ kind: 'quote', children: parseInline(body.join(' ')) });
    } else {
      const body: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i])) body.push(lines[i++].trim());
      blocks.push({ kind: 'paragraph', children: parseInline(body.join(' ')) });
    }
  }
  return blocks;
}

function startsBlock(line: string): boolean {
  return (
    /^#{1,3}\s/.test(line) ||
    BULLET.test(line) ||
    NUMBERED.test(line) ||
    line.startsWith('>') ||
    line.trimStart().startsWith('```')
  );
}

/** Inline spans, left to right; an unmatched marker stays literal text. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let match: RegExpExecArray | null;
    if ((match = /^`([^`]+)`/.exec(rest))) {
      flush();
      out.push({ kind: 'code', text: match[1] });
    } else if ((match = /^\*\*(.+?)\*\*/.exec(rest))) {
      flush();
      out.push({ kind: 'strong', children: parseInline(match[1]) });
    } else if ((match = /^\*(?![\s*])(.+?)\*/.exec(rest) ?? underscoreEmphasis(text, i))) {
      flush();
      out.push({ kind: 'em', children: parseInline(match[1]) });
    } else if ((match = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest))) {
      flush();
      if (/^https?:\/\//i.test(match[2])) out.push({ kind: 'link', href: match[2], children: parseInline(match[1]) });
      else out.push({ kind: 'text', text: match[0] });
    } else {
      plain += text[i];
      i++;
      continue;
    }
    i += match[0].length;
  }
  flush();
  return out;
}

/** `_em_` only between word boundaries: snake_case names and `__x` stay literal (CommonMark's intraword rule). */
function underscoreEmphasis(text: string, at: number): RegExpExecArray | null {
  if (at > 0 && /\w/.test(text[at - 1])) return null;
  return /^_(?![\s_])(.+?)_(?!\w)/.exec(text.slice(at));
}
