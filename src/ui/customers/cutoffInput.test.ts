import { describe, expect, it } from 'vitest';
import { parseCutoffs, parsePercent } from './cutoffInput';

describe('cut-off input', () => {
  it('reads ascending numbers in any order and separator', () => {
    expect(parseCutoffs('365; 30 90,180', 4)).toEqual([30, 90, 180, 365]);
    expect(parseCutoffs('  ', 4)).toBeUndefined();
  });
  it('refuses the wrong count, negative numbers and decimal commas', () => {
    expect(parseCutoffs('30, 90', 4)).toBe('invalid');
    expect(parseCutoffs('-1 2 3 4', 4)).toBe('invalid');
    expect(parseCutoffs('1,5 2 3', 2)).toBe('invalid');
  });
  it('reads whole percents', () => {
    expect(parsePercent('30')).toBe(0.3);
    expect(parsePercent('0')).toBe('invalid');
    expect(parsePercent('70.5')).toBe('invalid');
  });
});
