import { describe, expect, it } from 'vitest';
import { compileSegment, type CompileContext } from '../../core/segments/compile';
import { SegmentError } from '../../core/segments/errors';
import { parseSegment } from '../../core/segments/parser';
import { wordText } from '../../core/localText';
import { translate, type Language } from './translate';

function problemIn(language: Language, run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SegmentError)
      return wordText(error.text, {
        language,
        template: (key) => translate(language, key),
        number: String,
        date: String,
      });
    throw error;
  }
  throw new Error('no problem');
}

describe('segment query problems in the UI languages', () => {
  it('word nested parts (what was found, the suggestion) in the same language', () => {
    expect(problemIn('fr', () => parseSegment('amout_spent > 5'))).toBe(
      'attribut inconnu «\u00a0amout_spent\u00a0» — vouliez-vous dire «\u00a0amount_spent\u00a0»\u202f?',
    );
    expect(problemIn('nl', () => parseSegment('number_of_orders >'))).toBe('“>” vraagt een getal');
    expect(problemIn('fr', () => parseSegment('country = NL'))).toBe(
      "«\u00a0=\u00a0» demande du texte entre guillemets\u00a0: 'NL'",
    );
    expect(problemIn('nl', () => parseSegment('(number_of_orders > 1'))).toBe('“)” ontbreekt');
    expect(problemIn('fr', () => parseSegment('number_of_orders > 1 orders'))).toBe(
      'AND, OR ou la fin de la requête attendus, trouvé «\u00a0orders\u00a0»',
    );
  });

  it('word a saved segment’s own problem inside the one about the query that uses it', () => {
    const context: CompileContext = {
      asOf: '2024-06-01',
      available: new Set(['customers']),
      segments: new Map([['VIP', 'amount_spent >']]),
    };
    expect(problemIn('nl', () => compileSegment("segment = 'VIP'", context))).toBe(
      'opgeslagen segment “VIP” bevat een fout: “>” vraagt een getal',
    );
  });
});
