import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it.each([
    ['nl', nl],
    ['fr', fr],
  ])('%s has exactly the English keys, each with the same placeholders', (_name, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(catalogue[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });
});

describe('translate helpers', () => {
  it('picks the first preferred language we speak', async () => {
    const { preferredLanguage } = await import('./translate');
    expect(preferredLanguage(['de-DE', 'nl-BE', 'fr'])).toBe('nl');
    expect(preferredLanguage(['de-DE'])).toBe('en');
  });

  it('fills placeholders and leaves unknown ones visible', async () => {
    const { interpolate } = await import('./translate');
    expect(interpolate('{count} rows of {total}', { count: 3 })).toBe('3 rows of {total}');
  });
});

describe('RFM group texts', () => {
  it('every named group has a meaning and an action in every language', async () => {
    const { RFM_GROUPS } = await import('../../core/models/rfmGroups');
    for (const group of RFM_GROUPS) {
      const slug = group
        .toLowerCase()
        .replace(/[^a-z]+/g, '_')
        .replace(/^_|_$/g, '');
      for (const part of ['meaning', 'action']) {
        const key = `group.${slug}.${part}` as keyof typeof en;
        expect(en[key], key).toBeTruthy();
        expect(nl[key], key).not.toBe(en[key]);
        expect(fr[key], key).not.toBe(en[key]);
      }
    }
  });
});
