import { describe, expect, it } from 'vitest';
import { importProblemText, type ImportProblem } from '../../core/ingest/importProblem';
import { translate } from './translate';

describe('import problems in the UI languages', () => {
  it('take the words, issue labels and numbers of another language', () => {
    const problem: ImportProblem = { id: 'noValidRows', rejected: [{ reason: 'unparseable_date', count: 1200 }] };
    const french = importProblemText(problem, {
      text: (key, params) => translate('fr', key, params),
      issue: (reason) => translate('fr', `issue.${reason}` as 'issue.unparseable_date'),
      number: (value) => new Intl.NumberFormat('fr-FR').format(value),
    });
    expect(french).toBe(
      'Aucune commande utilisable\u00a0: toutes les lignes ont été rejetées (1\u202f200 × Date illisible). ' +
        'Vérifiez que les colonnes de date et de montant contiennent des dates et des montants.',
    );
    expect(
      importProblemText(
        { id: 'unreadable', container: 'csv', delimiter: ';', detail: 'x' },
        { text: (key, params) => translate('nl', key, params), issue: String, number: String },
      ),
    ).toBe('Het bestand kon niet worden gelezen als CSV met scheidingsteken “;”: x');
  });
});
