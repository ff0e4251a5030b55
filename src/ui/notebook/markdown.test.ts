import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown';

describe('note Markdown', () => {
  it('parses headings, paragraphs (joined lines), lists, quotes and code blocks', () => {
    const source = '# Title\n\nFirst line\nsecond line\n\n- one\n- two\n\n1. a\n2. b\n\n> quoted\n\n```\n<b>x</b>\n```';
    expect(parseMarkdown(source)).toEqual([
      { kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Title' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'First line second line' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'a' }], [{ kind: 'text', text: 'b' }]] },
      { kind: 'quote', children: [{ kind: 'text', text: 'quoted' }] },
      { kind: 'code', text: '<b>x</b>' },
    ]);
  });

  it('parses strong, emphasis, code and http(s) links inline', () => {
    expect(parseInline('a **b** *c* `d` [e](https://example.org)')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] },
      { kind: 'text', text: ' ' },
      { kind: 'em', children: [{ kind: 'text', text: 'c' }] },
      { kind: 'text', text: ' ' },
      { kind: 'code', text: 'd' },
      { kind: 'text', text: ' ' },
      { kind: 'link', href: 'https://example.org', children: [{ kind: 'text', text: 'e' }] },
    ]);
  });

  it('keeps HTML and script links as plain text', () => {
    expect(parseInline('<img src=x onerror=alert(1)> [x](javascript:alert(1))')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)> ' },
      { kind: 'text', text: '[x](javascript:alert(1)' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('leaves unmatched markers literal', () => {
    expect(parseInline('2 * 3 and a_b')).toEqual([{ kind: 'text', text: '2 * 3 and a_b' }]);
    expect(parseInline('window.__xss=1 and snake_case_name')).toEqual([
      { kind: 'text', text: 'window.__xss=1 and snake_case_name' },
    ]);
    expect(parseInline('an _emphasis_.')).toEqual([
      { kind: 'text', text: 'an ' },
      { kind: 'em', children: [{ kind: 'text', text: 'emphasis' }] },
      { kind: 'text', text: '.' },
    ]);
  });
});
