import { describe, expect, it } from 'vitest';
import { parseDecimal, percentText } from './numberInput';

describe('parseDecimal', () => {
  it('reads a decimal point or a decimal comma', () => {
    expect(parseDecimal('7.5')).toBe(7.5);
    expect(parseDecimal(' 7,5 ')).toBe(7.5);
    expect(parseDecimal('10')).toBe(10);
    expect(parseDecimal(',5')).toBe(0.5);
    expect(parseDecimal('-2')).toBe(-2);
  });

  it('refuses text, empty input and more than one separator', () => {
    expect(parseDecimal('')).toBeNaN();
    expect(parseDecimal('abc')).toBeNaN();
    expect(parseDecimal('1,500.25')).toBeNaN();
    expect(parseDecimal('1.2.3')).toBeNaN();
    expect(parseDecimal('10%')).toBeNaN();
  });
});

describe('percentText', () => {
  it('writes a share as its percent to one decimal', () => {
    expect(percentText(0.8)).toBe('80');
    expect(percentText(0.075)).toBe('7.5');
    expect(percentText(0.1)).toBe('10');
  });
});
