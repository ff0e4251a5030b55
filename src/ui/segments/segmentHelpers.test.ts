import { describe, expect, it } from 'vitest';
import { fromQuery, toQuery } from './clauses';
import { highlight } from './highlight';

describe('editor highlighting', () => {
  it('colours every character, open strings and unknown words included', () => {
    const query = "Amount_spent >= 10.5 AND country IN ('NL', 'B";
    const spans = highlight(query);
    expect(spans.map((s) => s.text).join('')).toBe(query);
    expect(spans.filter((s) => s.kind !== 'plain').map((s) => [s.kind, s.text])).toEqual([
      ['attribute', 'Amount_spent'],
      ['operator', '>='],
      ['number', '10.5'],
      ['keyword', 'AND'],
      ['attribute', 'country'],
      ['keyword', 'IN'],
      ['operator', '('],
      ['string', "'NL'"],
      ['operator', ','],
      ['string', "'B"],
    ]);
    expect(highlight('amout_spent > -30d').map((s) => s.kind)).toEqual(['error', 'plain', 'operator', 'plain', 'date']);
  });
});

describe('visual clause builder', () => {
  it('turns rows into a query, quoting text and leaving numbers, dates and booleans bare', () => {
    expect(
      toQuery([
        { attribute: 'amount_spent', operator: '>=', value: '500' },
        { attribute: 'country', operator: '=', value: "Côte d'Ivoire" },
        { attribute: 'last_order_date', operator: '<', value: '-6m' },
        { attribute: 'first_time', operator: '=', value: 'TRUE' },
        { attribute: 'tags', operator: 'CONTAINS', value: 'vip' },
        { attribute: 'city', operator: '=', value: '  ' },
      ]),
    ).toBe(
      "amount_spent >= 500 AND country = 'Côte d''Ivoire' AND last_order_date < -6m AND first_time = true AND tags CONTAINS 'vip'",
    );
  });

  it('reads a decimal comma typed into a number field as the language’s dot', () => {
    expect(toQuery([{ attribute: 'amount_spent', operator: '>', value: '99,95' }])).toBe('amount_spent > 99.95');
  });

  it('reads a query back into rows when it is a plain AND of clauses, and refuses otherwise', () => {
    expect(fromQuery("amount_spent >= 500 AND tags CONTAINS 'vip' AND last_order_date < -6m")).toEqual([
      { attribute: 'amount_spent', operator: '>=', value: '500' },
      { attribute: 'tags', operator: 'CONTAINS', value: 'vip' },
      { attribute: 'last_order_date', operator: '<', value: '-6m' },
    ]);
    expect(fromQuery('')).toEqual([]);
    expect(fromQuery('amount_spent > 5 OR first_time = true')).toBeNull();
    expect(fromQuery('amount_spent >')).toBeNull();
  });

  it('round-trips text → rows → text', () => {
    const query = "spend_tier = 'HIGH' AND email_subscription_status = 'SUBSCRIBED'";
    expect(toQuery(fromQuery(query)!)).toBe(query);
  });
});

describe('problem marking', () => {
  it('flags exactly the characters of the error span, and a placeholder at the end', async () => {
    const { markProblem } = await import('./highlight');
    const marked = markProblem(highlight('amout_spent > 5'), 0, 11);
    expect(marked.filter((s) => s.problem).map((s) => s.text)).toEqual(['amout_spent']);
    const atEnd = markProblem(highlight('amount_spent >'), 14, 14);
    expect(atEnd[atEnd.length - 1]).toEqual({ text: ' ', kind: 'plain', problem: true });
    expect(
      markProblem(highlight("country = 'NL' AND x"), 3, 9)
        .filter((s) => s.problem)
        .map((s) => s.text)
        .join(''),
    ).toBe('ntry =');
  });
});

describe('saved segments from storage and the templates', () => {
  it('keeps string queries under the limits and drops the rest', async () => {
    const { parseSavedSegments } = await import('./savedSegments');
    expect(
      parseSavedSegments({
        VIP: "spend_tier = 'HIGH'",
        bad: 3,
        '': 'x',
        ['n'.repeat(61)]: 'x',
        long: 'q'.repeat(2001),
      }),
    ).toEqual({
      VIP: "spend_tier = 'HIGH'",
    });
    expect(parseSavedSegments('nope')).toEqual({});
  });

  it('every template is a valid query', async () => {
    const { SEGMENT_TEMPLATES } = await import('./templates');
    const { parseSegment } = await import('../../core/segments/parser');
    for (const template of SEGMENT_TEMPLATES) expect(() => parseSegment(template.query)).not.toThrow();
  });
});
