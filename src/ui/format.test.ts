import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCompact,
  formatDate,
  formatInteger,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatWeekday,
  localDatePattern,
  usesDecimalComma,
} from './format';

describe('locale formatting', () => {
  it('formats money the way each locale writes it', () => {
    expect(formatMoney('en-US', 14089.04, 'EUR')).toBe('€14,089.04');
    // Dutch and French put the amount in their own digit grouping; the spaces are narrow/no-break spaces.
    expect(formatMoney('nl-NL', 14089.04, 'EUR')).toBe('€\u00a014.089,04');
    expect(formatMoney('fr-FR', 14089.04, 'EUR')).toBe('14\u202f089,04\u00a0€');
    expect(formatMoney('en-US', 12.5, null)).toBe('12.50');
  });

  it('formats a calendar date without shifting it across a time zone', () => {
    expect(formatDate('en-US', '2025-05-11')).toBe('May 11, 2025');
    expect(formatDate('en-US', null)).toBe('—');
  });

  it('formats counts and sizes', () => {
    expect(formatInteger('en-US', 69659)).toBe('69,659');
    expect(formatBytes('en-US', 195_553_429)).toBe('195.6 MB');
    expect(formatCompact('en-US', 1_234_567)).toBe('1.2M');
    expect(formatCompact('nl-NL', 12_500)).toBe('12,5K');
  });

  it('never writes a share that is not zero as 0 %', () => {
    expect(formatPercent('en-US', 1 / 4990)).toBe('< 0.1%');
    expect(formatPercent('fr-FR', 1 / 4990)).toBe('< 0,1\u00a0%');
    expect(formatPercent('en-US', 0)).toBe('0%');
    expect(formatPercent('en-US', 0.0005)).toBe('0.1%');
    expect(formatPercent('en-US', 0.4253)).toBe('42.5%');
  });
});

describe('formatMoneyCompact', () => {
  it('abbreviates money for chart axes with the currency, without a trailing zero', () => {
    expect(formatMoneyCompact('en-US', 300_000, 'EUR')).toBe('€300K');
    expect(formatMoneyCompact('en-US', 12_500, 'USD')).toBe('$12.5K');
    expect(formatMoneyCompact('en-US', 300_000, null)).toBe('300K');
  });
});

describe('formatWeekday', () => {
  it('names ISO weekdays, Monday = 1, in the locale', () => {
    expect(formatWeekday('fr-FR', 2, 'long')).toBe('mardi');
    expect(formatWeekday('en-US', 7, 'short')).toBe('Sun');
    expect(formatWeekday('nl-NL', 1, 'long')).toBe('maandag');
  });
});

describe('localDatePattern', () => {
  it('writes a detected date format with the letters of the language', () => {
    expect(localDatePattern('yyyy-mm-dd hh:mm:ss ±hhmm', 'ydh')).toBe('yyyy-mm-dd hh:mm:ss ±hhmm');
    expect(localDatePattern('dd/mm/yyyy', 'ajh')).toBe('jj/mm/aaaa');
    expect(localDatePattern('yyyy-mm-dd hh:mm:ss ±hhmm', 'jdu')).toBe('jjjj-mm-dd uu:mm:ss ±uumm');
  });
});

describe('usesDecimalComma', () => {
  it('tells the locales whose spreadsheets want ";" and decimal commas', () => {
    expect(usesDecimalComma('fr-FR')).toBe(true);
    expect(usesDecimalComma('nl-NL')).toBe(true);
    expect(usesDecimalComma('en-GB')).toBe(false);
    expect(usesDecimalComma('en-US')).toBe(false);
  });
});
