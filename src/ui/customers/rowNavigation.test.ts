import { describe, expect, it } from 'vitest';
import { listScroll, renderedRows, rowTarget, scrollToShow } from './rowNavigation';

describe('rowTarget', () => {
  it('moves one row with the arrows, one view less a row with Page Up/Down, to the ends with Home/End', () => {
    expect(rowTarget('ArrowDown', 5, 100, 13)).toBe(6);
    expect(rowTarget('ArrowUp', 5, 100, 13)).toBe(4);
    expect(rowTarget('PageDown', 5, 100, 13)).toBe(17);
    expect(rowTarget('PageUp', 20, 100, 13)).toBe(8);
    expect(rowTarget('Home', 50, 100, 13)).toBe(0);
    expect(rowTarget('End', 50, 100, 13)).toBe(99);
  });

  it('stops at the first and last rows', () => {
    expect(rowTarget('ArrowUp', 0, 100, 13)).toBe(0);
    expect(rowTarget('ArrowDown', 99, 100, 13)).toBe(99);
    expect(rowTarget('PageDown', 95, 100, 13)).toBe(99);
    expect(rowTarget('PageUp', 3, 100, 13)).toBe(0);
  });

  it('ignores other keys, inherited names included', () => {
    expect(rowTarget('Enter', 5, 100, 13)).toBeNull();
    expect(rowTarget('toString', 5, 100, 13)).toBeNull();
  });
});

describe('scrollToShow', () => {
  it('scrolls only as far as needed to show the whole row', () => {
    // Rows of 36 px in a 480 px view scrolled to 360: rows 10 to 23 (the last partly) are in view.
    expect(scrollToShow(12, 36, 360, 480)).toBe(360);
    expect(scrollToShow(9, 36, 360, 480)).toBe(324);
    expect(scrollToShow(23, 36, 360, 480)).toBe(23 * 36 + 36 - 480);
  });
});

describe('renderedRows', () => {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it('renders twelve rows past the view: four of them above it, when there are rows above', () => {
    // 37 px rows in a 480 px view: 13 rows cover it (12 would leave 36 px bare), 25 rendered in all.
    expect(renderedRows(1_000, 37, 0, 480)).toEqual(range(0, 24));
    // Scrolled to row 10 (370 px), rows 6 to 30; halfway into row 10 (389 px), the same.
    expect(renderedRows(1_000, 37, 370, 480)).toEqual(range(6, 30));
    expect(renderedRows(1_000, 37, 389, 480)).toEqual(range(6, 30));
  });

  it('stops at the last row, and renders none of no rows', () => {
    expect(renderedRows(100, 37, 99 * 37, 480)).toEqual(range(95, 99));
    expect(renderedRows(3, 37, 0, 480)).toEqual([0, 1, 2]);
    expect(renderedRows(0, 37, 0, 480)).toEqual([]);
  });
});

describe('listScroll', () => {
  it('leaves offsets alone while the rows fit the tallest box', () => {
    const scroll = listScroll(1_000, 37, 480);
    expect(scroll.height).toBe(37_000);
    expect(scroll.toRows(1_234)).toBe(1_234);
    expect(scroll.toScroll(1_234)).toBe(1_234);
  });

  it('scales a million rows onto the tallest box, its bottom on the last row', () => {
    // 1,015,293 customers (the benchmark's 5M-row file) at 37 px: 37,565,841 px of rows, 37,565,361 to scroll in a
    // 480 px view; the box is 15,000,000 px tall, 14,999,520 to scroll.
    const scroll = listScroll(1_015_293, 37, 480);
    expect(scroll.height).toBe(15_000_000);
    expect(scroll.toRows(0)).toBe(0);
    expect(scroll.toRows(14_999_520)).toBeCloseTo(37_565_361, 6);
    // Halfway down the box is halfway down the rows.
    expect(scroll.toRows(7_499_760)).toBeCloseTo(37_565_361 / 2, 6);
    expect(scroll.toScroll(37_565_361)).toBeCloseTo(14_999_520, 6);
    // Never past the last row, whatever offset a browser reports.
    expect(scroll.toRows(15_000_000)).toBe(37_565_361);
  });
});
