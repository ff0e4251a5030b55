import { describe, expect, it } from 'vitest';
import { slideMove } from './slideKeys';

describe('slideMove', () => {
  it('steps one slide with the arrows, the page keys and the space bar', () => {
    expect(slideMove('ArrowRight', 7)).toBe(1);
    expect(slideMove('PageDown', 7)).toBe(1);
    expect(slideMove(' ', 7)).toBe(1);
    expect(slideMove('ArrowLeft', 7)).toBe(-1);
    expect(slideMove('PageUp', 7)).toBe(-1);
  });

  it('steps past either end with Home and End, and leaves with Escape', () => {
    expect(slideMove('Home', 7)).toBe(-7);
    expect(slideMove('End', 7)).toBe(7);
    expect(slideMove('Escape', 7)).toBe('leave');
  });

  it('ignores other keys, inherited names included', () => {
    expect(slideMove('ArrowDown', 7)).toBeNull();
    expect(slideMove('Enter', 7)).toBeNull();
    expect(slideMove('toString', 7)).toBeNull();
  });
});
