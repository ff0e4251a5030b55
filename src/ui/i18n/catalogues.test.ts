import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { nl } from './nl';

/** Plural counts (`{count, plural, one {…} other {…}}`) and simple placeholders: translations must use the same. */
const plural = /\{(\w+), plural, one \{[^{}]*\} other \{[^{}]*\}\}/g;
const placeholders = (text: string) =>
  [
    ...[...text.matchAll(plural)].map((m) => m[1]),
    ...[...text.replace(plural, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
  ].sort();

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

describe('date pattern letters', () => {
  it.each([
    ['en', en],
    ['nl', nl],
    ['fr', fr],
  ])('%s names one letter each for year, day and hour', (_name, catalogue) => {
    expect(catalogue['summary.dateLetters']).toMatch(/^\p{L}{3}$/u);
  });
});

describe('translate helpers', () => {
  it('picks the first preferred language we speak', async () => {
    const { preferredLanguage } = await import('./translate');
    expect(preferredLanguage(['de-DE', 'nl-BE', 'fr'])).toBe('nl');
    expect(preferredLanguage(['de-DE'])).toBe('en');
  });

  it('writes a label inside a sentence in lower case, keeping an acronym that starts it', async () => {
    const { midSentence, translate } = await import('./translate');
    expect(midSentence('First-order month', 'en')).toBe('first-order month');
    expect(midSentence('RFM group', 'en')).toBe('RFM group');
    expect(midSentence('Groupe RFM', 'fr')).toBe('groupe RFM');
    expect(midSentence('Écart habituel', 'fr')).toBe('écart habituel');
    expect(midSentence('RFM-groep', 'nl')).toBe('RFM-groep');
    expect(midSentence('Maand van eerste order', 'nl')).toBe('maand van eerste order');
    expect(
      translate('fr', 'chart.caption', {
        measure: fr['chart.measure.revenue'],
        dimension: midSentence(fr['chart.dimension.rfm_group'], 'fr'),
      }),
    ).toBe('Chiffre d’affaires par groupe RFM');
  });

  it('fills placeholders and leaves unknown ones visible', async () => {
    const { interpolate } = await import('./translate');
    expect(interpolate('{count} rows of {total}', { count: 3 })).toBe('3 rows of {total}');
  });

  it('writes counts in the plural form of the language, in the locale’s digits', async () => {
    const { translate } = await import('./translate');
    expect(translate('en', 'segment.count', { count: 1 })).toBe('1 customer');
    expect(translate('en', 'segment.count', { count: 0 })).toBe('0 customers');
    expect(translate('en', 'segment.count', { count: 1234 }, 'en-US')).toBe('1,234 customers');
    expect(translate('en', 'drawer.every', { days: 1 })).toBe('an order every day');
    expect(translate('en', 'drawer.every', { days: 12 })).toBe('an order every 12 days');
    // French counts 0 and 1 as singular; its thousands separator is a narrow no-break space (U+202F).
    expect(translate('fr', 'segment.count', { count: 0 })).toBe('0 client');
    expect(translate('fr', 'issues.rejected', { count: 1 })).toBe('1 ligne rejetée');
    expect(translate('fr', 'segment.count', { count: 1234 }, 'fr-FR')).toBe('1\u202f234 clients');
    // CLDR gives French millions a "many" form; without one of its own it takes the plural.
    expect(translate('fr', 'segment.count', { count: 1_000_000 }, 'fr-FR')).toBe('1\u202f000\u202f000 clients');
    expect(translate('nl', 'drawer.daysAgo', { days: 1 })).toBe('laatste order 1 dag geleden');
    expect(translate('nl', 'drawer.daysAgo', { days: 0 })).toBe('laatste order 0 dagen geleden');
    expect(
      translate('en', 'events.summary', { name: 'events.csv', events: 1, customers: 1, carts: 2, value: '€5' }),
    ).toBe('events.csv: 1 event for 1 customer; 2 open abandoned carts worth €5.');
  });

  it('agrees the behaviour summaries with their counts', async () => {
    const { translate } = await import('./translate');
    expect(translate('en', 'behaviour.overdueSummary', { overdue: '1', repeat: 1, gap: 1 })).toBe(
      'Overdue: 1 of 1 repeat customer. The shop’s typical gap between orders is 1 day.',
    );
    expect(translate('nl', 'behaviour.overdueSummary', { overdue: '3', repeat: 1200, gap: 30 }, 'nl-NL')).toBe(
      'Te laat: 3 van 1.200 terugkerende klanten. De gebruikelijke tijd tussen orders in deze winkel is 30 dagen.',
    );
    expect(
      translate('fr', 'behaviour.sendTimeSummary', { day: 'lundi', hour: 9, own: 1, shop: 4, min: 3 }, 'fr-FR'),
    ).toBe(
      'Le moment le plus actif est lundi à 9:00. 1 client a son propre rythme\u202f; 4 suivent celui de la boutique (moins de 3 commandes).',
    );
    expect(translate('en', 'behaviour.hunterRule', { orders: 1, share: '80%', all: 2 })).toBe(
      'Rule: at least 1 order, 80% or more of them with a discount — or at least 2 orders, every one with a discount.',
    );
  });

  it('leaves a plural visible when its count comes as text', async () => {
    const { interpolate } = await import('./translate');
    expect(interpolate('{count, plural, one {# row} other {# rows}}', { count: '1' })).toBe(
      '{count, plural, one {# row} other {# rows}}',
    );
  });

  it('every plural in every catalogue fills in for one and for many', async () => {
    const { interpolate } = await import('./translate');
    for (const [language, catalogue] of Object.entries({ en, nl, fr })) {
      for (const [key, text] of Object.entries(catalogue)) {
        if (!text.includes(', plural,')) continue;
        const counts = Object.fromEntries(placeholders(text).map((name) => [name, 1]));
        for (const count of [1, 7]) {
          const params = Object.fromEntries(Object.keys(counts).map((name) => [name, count]));
          expect(interpolate(text, params, language), `${language} ${key}`).not.toMatch(/[{}#]/);
        }
      }
    }
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
      // Shown names: English shows the data's own value (soft hyphens aside), the others their own word.
      const name = `group.${slug}.name` as keyof typeof en;
      expect(en[name].replaceAll('\u00ad', ''), name).toBe(group);
      expect(nl[name], name).toBeTruthy();
      expect(fr[name], name).toBeTruthy();
    }
  });

  it('every tier level has a name in every language', () => {
    for (const level of ['high', 'medium', 'moderate', 'low'] as const) {
      for (const catalogue of [en, nl, fr]) expect(catalogue[`tier.${level}`]).toMatch(/^\p{Lu}\p{Ll}+$/u);
    }
  });

  // Repeat customers called "clients fidèles" read as the group Loyal ("Fidèles"): they are "clients récurrents"
  // ("terugkerende klanten", beside the group "Trouw"), and the group's word appears only where the group is meant.
  it.each([
    ['fr', fr, /(?<!\p{L})fidèles?(?!\p{L})/iu, /clients? récurrents?/],
    ['nl', nl, /(?<!\p{L})trouw(?!\p{L})/iu, /terugkerend/],
  ])('%s keeps the Loyal group’s word for the group, not for repeat customers', (_name, catalogue, word, repeat) => {
    const uses = Object.keys(catalogue).filter((key) => word.test(catalogue[key as keyof typeof en]));
    expect(uses.sort()).toEqual(['group.loyal.name', 'group.potential_loyalists.name', 'template.loyalNoDiscount']);
    for (const key of ['behaviour.overdueSummary', 'behaviour.overdueCaption', 'lesson.again.wrap'] as const) {
      expect(catalogue[key], key).toMatch(repeat);
    }
  });
});

describe('French wording', () => {
  it('names orders placed without an account as guests’ orders', () => {
    expect(fr['summary.guestOrders']).toBe('Commandes d’invités');
    expect(fr['customers.none']).toContain('toutes sont des commandes d’invités');
  });
});
