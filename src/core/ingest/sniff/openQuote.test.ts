import { describe, expect, it } from 'vitest';
import { findSwallowedLines, SwallowedLinesScanner } from './openQuote';

describe('a stray quote that swallows the lines after it', () => {
  it('never closed: the lines after it up to the end of the file', () => {
    // Line 3 opens a quote; lines 4 and 5 follow it into the value.
    const text = 'a,b,c\n1,x,y\n2,"z,w\n3,u,v\n4,p,q\n';
    expect(findSwallowedLines(text, ',', 3, true)).toEqual({ line: 3, lines: 2 });
    // Without a final line break, the same.
    expect(findSwallowedLines(text.trimEnd(), ',', 3, true)).toEqual({ line: 3, lines: 2 });
  });

  it('never closed on the file’s last line: the rest of that row (no line after it)', () => {
    expect(findSwallowedLines('a,b,c\n1,x,y\n2,"z,w\n', ',', 3, true)).toEqual({ line: 3, lines: 0 });
  });

  it('closed lines further on, in the same column: the lines in between, shaped as rows', () => {
    // Line 3's quote closes at line 6's `"p"`: lines 4 and 5 inside it hold a row's 2 delimiters each.
    const text = 'a,b,c\n1,x,y\n2,"z,w\n3,u,v\n4,t,t\n5,"p",q\n6,r,s\n';
    expect(findSwallowedLines(text, ',', 3, false)).toEqual({ line: 3, lines: 3 });
  });

  it('counts the file’s lines from the line the sample starts on (after `sep=;` or title lines)', () => {
    expect(findSwallowedLines('a;b\n1;"x\n2;y\n', ';', 2, true, 3)).toEqual({ line: 4, lines: 1 });
  });

  it.each([
    ['an address over two lines', 'id,address,total\n1,"Main St 1\nFlat 2",10\n2,"Elm St, 3",5\n', true],
    ['a note whose lines hold commas', 'id,note,total\n1,"Called, no answer\nLeft it, at door\nPaid, ok",10\n', true],
    ['a doubled quote inside a quoted value', 'id,name\n1,"The ""Best"" board"\n2,x\n', true],
    ['a quote inside an unquoted value', 'id,size\n1,12" board\n2,x\n', true],
    ['an unquoted value ending in a quote', 'id,size\n1,5"\n2,x\n', true],
    ['a quoted note cut by the end of a sample', 'id,note,total\n1,"first line\nsecond', false],
  ])('lets %s be', (_, text, wholeFile) => {
    expect(findSwallowedLines(text, ',', 3, wholeFile)).toBe(null);
  });

  describe('fed in pieces, as a whole file streams in', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    // Each text with the answer hand-read above; every cut point, including between a quote and the character after it.
    const cases: [string, number, boolean, { line: number; lines: number } | null][] = [
      ['a,b,c\n1,x,y\n2,"z,w\n3,u,v\n4,p,q\n', 3, true, { line: 3, lines: 2 }],
      ['a,b,c\n1,x,y\n2,"z,w\n', 3, true, { line: 3, lines: 0 }],
      ['a,b,c\n1,x,y\n2,"z,w\n3,u,v\n4,t,t\n5,"p",q\n6,r,s\n', 3, false, { line: 3, lines: 3 }],
      ['id,name\n1,"The ""Best"" board"\n2,x\n', 2, true, null],
      ['id,note,total\n1,"a ""b""\n1,2,3\n4,5,6\n', 3, true, { line: 2, lines: 2 }],
      ['id,size\n1,5"\n2,x\n', 2, true, null],
      // Multi-byte characters: their bytes are never a quote, a comma or a line end.
      ['a,b,c\n1,é,ü\n2,"ø,w\n3,u,v\n4,p,q\n', 3, true, { line: 3, lines: 2 }],
    ];
    it.each(cases)('%j', (text, columns, wholeFile, expected) => {
      for (let cut = 0; cut <= text.length; cut++) {
        const scanner = new SwallowedLinesScanner(',', columns);
        expect(
          scanner.feed(bytes(text.slice(0, cut))) ?? scanner.feed(bytes(text.slice(cut))) ?? scanner.end(wholeFile),
        ).toEqual(expected);
      }
      const byCharacter = new SwallowedLinesScanner(',', columns);
      let found = null;
      for (const ch of text) found ??= byCharacter.feed(bytes(ch));
      expect(found ?? byCharacter.end(wholeFile)).toEqual(expected);
    });
  });

  it('reads lines ended by a carriage return alone when told so', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const scanner = new SwallowedLinesScanner(',', 3, 1, '\r');
    expect(scanner.feed(bytes('a,b,c\r1,x,y\r2,"z,w\r3,u,v\r4,p,q\r')) ?? scanner.end(true)).toEqual({
      line: 3,
      lines: 2,
    });
  });
});
