import { describe, expect, it } from 'vitest';
import { importProblemText, type ImportProblem } from '../../core/ingest/importProblem';
import { wordText } from '../../core/localText';
import { translate, type Language } from './translate';

/** The problem worded as the app words it, in `language` with `locale`'s digits. */
const worded = (problem: ImportProblem, language: Language, locale: string) =>
  wordText(importProblemText(problem), {
    language,
    template: (key) => translate(language, key),
    number: (value) => new Intl.NumberFormat(locale).format(value),
    date: String,
  });

describe('import problems in the UI languages', () => {
  it('take the words, issue labels and numbers of another language', () => {
    const problem: ImportProblem = {
      id: 'noValidRows',
      rejected: [
        { reason: 'unparseable_date', count: 1200 },
        { reason: 'missing_amount', count: 3 },
      ],
    };
    expect(worded(problem, 'fr', 'fr-FR')).toBe(
      'Aucune commande utilisable\u00a0: toutes les lignes ont été rejetées (1\u202f200 × Date illisible, ' +
        '3 × Montant manquant ou illisible). ' +
        'Vérifiez que les colonnes de date et de montant contiennent des dates et des montants.',
    );
    expect(worded({ id: 'unreadable', container: 'csv', delimiter: ';', detail: 'x' }, 'nl', 'nl-NL')).toBe(
      'Het bestand kon niet worden gelezen als CSV met scheidingsteken “;”: x',
    );
  });
});
