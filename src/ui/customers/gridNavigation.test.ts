import { describe, expect, it } from 'vitest';
import { gridTabStop, gridTarget } from './gridNavigation';

describe('gridTarget', () => {
  it('moves one cell with the arrows, up to the higher recency score', () => {
    expect(gridTarget('ArrowUp', 3, 2, 5)).toEqual({ r: 4, fm: 2 });
    expect(gridTarget('ArrowDown', 3, 2, 5)).toEqual({ r: 2, fm: 2 });
    expect(gridTarget('ArrowLeft', 3, 2, 5)).toEqual({ r: 3, fm: 1 });
    expect(gridTarget('ArrowRight', 3, 2, 5)).toEqual({ r: 3, fm: 3 });
  });

  it('goes to the ends of the row with Home and End, and stops at the edges', () => {
    expect(gridTarget('Home', 4, 3, 5)).toEqual({ r: 4, fm: 1 });
    expect(gridTarget('End', 4, 3, 3)).toEqual({ r: 4, fm: 3 });
    expect(gridTarget('ArrowUp', 5, 1, 5)).toEqual({ r: 5, fm: 1 });
    expect(gridTarget('ArrowLeft', 1, 1, 3)).toEqual({ r: 1, fm: 1 });
    expect(gridTarget('ArrowRight', 2, 3, 3)).toEqual({ r: 2, fm: 3 });
  });

  it('ignores other keys', () => {
    expect(gridTarget('Enter', 3, 3, 5)).toBeNull();
  });
});

describe('gridTabStop', () => {
  it('is the cell focused last, else the selected cell, else the top-left cell', () => {
    expect(gridTabStop({ r: 2, fm: 4 }, { r: 5, fm: 5 }, 5)).toEqual({ r: 2, fm: 4 });
    expect(gridTabStop(null, { r: 5, fm: 5 }, 5)).toEqual({ r: 5, fm: 5 });
    expect(gridTabStop(null, null, 5)).toEqual({ r: 5, fm: 1 });
  });

  it('passes over a cell the grid no longer has after going from five scores to three', () => {
    expect(gridTabStop({ r: 4, fm: 2 }, { r: 2, fm: 3 }, 3)).toEqual({ r: 2, fm: 3 });
    expect(gridTabStop({ r: 1, fm: 5 }, null, 3)).toEqual({ r: 3, fm: 1 });
  });
});
