import { describe, expect, it } from 'vitest';
import { describeImportProblem } from './importProblem';

describe('import problems', () => {
  it('are worded in English for the CLI, naming the problem and what to do', () => {
    expect(describeImportProblem({ id: 'notTabular', kind: 'png' })).toBe(
      'This file is a PNG image, not an order export. Export your orders as CSV (or Parquet) and load that file.',
    );
    expect(describeImportProblem({ id: 'notTabular', kind: 'ole' })).toBe(
      'This file is an old-style Excel workbook (.xls). Open it in your spreadsheet program, save it as CSV, and load the CSV.',
    );
    expect(
      describeImportProblem({ id: 'unreadable', container: 'csv', delimiter: '\t', detail: 'Could not sniff' }),
    ).toBe('The file could not be read as CSV with delimiter tab: Could not sniff');
    expect(
      describeImportProblem({
        id: 'noValidRows',
        rejected: [
          { reason: 'unparseable_date', count: 1200 },
          { reason: 'missing_amount', count: 3 },
        ],
      }),
    ).toBe(
      'No usable orders were found: every row was rejected (1200 × Unparseable date, 3 × Missing or unreadable amount). ' +
        'Check that the date and amount columns hold dates and amounts.',
    );
  });
});
