import { describe, expect, it } from 'vitest';
import { guessFromValues } from './valueGuess';

describe('column guesses from sample values', () => {
  it('presets the date, the amount and an e-mail that also names the customer', () => {
    const samples = {
      a: ['x1', 'x2'],
      b: ['03/04/2024', '15/06/2024'],
      c: ['9,99', '1,01'],
      d: ['Lyon', 'Paris'],
      e: ['ann@example.com', 'bob@example.org'],
      f: ['1001', '1002'],
    };
    expect(guessFromValues(Object.keys(samples), samples, {})).toEqual({
      order_date: 'b',
      amount: 'c',
      email: 'e',
      customer_id: 'e',
    });
  });

  it('keeps what the headers named and offers nothing where two columns fit or none does', () => {
    const samples = {
      when: ['2024-01-02', '2024-01-03'],
      price: ['€ 12.50', '€ 3.00'],
      total: ['15.00', '7.25'],
      qty: ['1', '2'],
      note: ['first', '2024-13-45'],
    };
    expect(guessFromValues(Object.keys(samples), samples, { customer_id: 'qty' })).toEqual({
      customer_id: 'qty',
      order_date: 'when',
    });
  });
});
