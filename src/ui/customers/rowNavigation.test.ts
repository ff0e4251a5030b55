import { describe, expect, it } from 'vitest';
import { rowTarget, scrollToShow } from './rowNavigation';

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
