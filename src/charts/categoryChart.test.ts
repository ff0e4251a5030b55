import { describe, expect, it } from 'vitest';
import { categoryTicks, valueDomain } from './categoryChart';

describe('categoryTicks', () => {
  it('keeps a few short labels level with the usual margins', () => {
    const ticks = categoryTicks(['Coffee', 'Tea', 'Garden'], 600);
    expect(ticks).toMatchObject({ crowded: false, marginBottom: 36, marginLeft: 64 });
    expect(ticks.label('Coffee')).toBe('Coffee');
  });

  it('gives turned labels the room their longest one needs', () => {
    // 21 characters × 7 px = 147 px turned 35°: 147 × sin 35° = 84.3 → 85 px down, plus 20 for the tick and padding.
    const domain = [
      'Coffee',
      'Kitchen',
      'Accessories',
      'Tea',
      'Garden',
      'Gift cards',
      'Furniture',
      'Christmas decorations',
    ];
    const ticks = categoryTicks(domain, 400);
    expect(ticks.crowded).toBe(true);
    expect(ticks.marginBottom).toBe(105);
    // 'Coffee': 42 px × cos 35° = 34.4 px left of its tick, half a band (25 px) of it past the axis: the default holds.
    expect(ticks.marginLeft).toBe(64);
  });

  it('cuts very long labels and widens the left margin for a long first one', () => {
    const long = 'Home & Garden > Outdoor furniture';
    const ticks = categoryTicks([long, ...'abcdefgh'], 900);
    expect(ticks.label(long)).toBe('Home & Garden > Outdoor…');
    expect(ticks.label('a')).toBe('a');
    // 24 characters × 7 px = 168 px: 137.6 px left of the tick minus half of a 100 px band = 87.6 → 88 + 8.
    expect(ticks.marginLeft).toBe(96);
    // 168 × sin 35° = 96.4 → 97 + 20.
    expect(ticks.marginBottom).toBe(117);
  });
});

describe('categoryTicks on many bars', () => {
  it('labels every third of 36 months on a phone, and each of the eight groups on a desktop', () => {
    const months = Array.from(
      { length: 36 },
      (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    // 7 px characters: 'yyyy-mm' is 49 px, 40 px × cos 35° left of its tick … margin 64; (340 − 64) / 36 = 7.67 px a
    // band, 7.67 × sin 35° = 4.40 px apart; a 12.6 px line needs ⌈12.6 / 4.40⌉ = 3 bands.
    const phone = categoryTicks(months, 340);
    expect(phone.shown).toEqual(months.filter((_, i) => i % 3 === 0));
    const groups = [
      'Champions',
      'Loyal',
      'Potential loyalists',
      'New customers',
      'Promising',
      'At risk',
      'Lost',
      'Hibernating',
    ];
    // 77 characters × 7 px = 539 px, under 80 % of 1,200: level labels, every one shown.
    expect(categoryTicks(groups, 1200).shown).toEqual(groups);
  });
});

describe('valueDomain', () => {
  it('gives all-zero values a unit domain and leaves any other to Plot', () => {
    expect(valueDomain([0, 0, 0])).toEqual([0, 1]);
    expect(valueDomain([0, 0.2])).toBeUndefined();
    expect(valueDomain([-1, 0])).toBeUndefined();
  });
});
