import { describe, expect, it } from 'vitest';
import { ATTRIBUTES } from '../../core/segments/attributes';
import { ATTRIBUTE_DESCRIPTIONS, attributeDescription } from './attributeDescriptions';

describe('attribute descriptions', () => {
  it.each(Object.entries(ATTRIBUTE_DESCRIPTIONS))(
    '%s describes every attribute and saved segments, nothing else',
    (_language, descriptions) => {
      expect(Object.keys(descriptions).sort()).toEqual([...ATTRIBUTES.map((a) => a.name), 'segment'].sort());
    },
  );

  it('falls back to the registry’s English', () => {
    expect(attributeDescription('en', 'country', 'Country of the latest order that has one.')).toBe(
      'Country of the latest order that has one.',
    );
    expect(attributeDescription('nl', 'country', 'Country of the latest order that has one.')).toBe(
      'Land van de laatste order die er een heeft.',
    );
    expect(attributeDescription('fr', 'not_an_attribute', 'English')).toBe('English');
  });
});
