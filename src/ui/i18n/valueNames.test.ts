import { describe, expect, it } from 'vitest';
import { eventTypeKey, predictionTierLevel, queryValueFor, valueNameKey } from './valueNames';

describe('names of values on screen', () => {
  it('finds the catalogue key of a group or a tier level, and none for other values', () => {
    expect(valueNameKey("Can't lose them")).toBe('group.can_t_lose_them.name');
    expect(valueNameKey('HIGH')).toBe('tier.high');
    expect(valueNameKey('Moderate')).toBe('tier.moderate');
    expect(valueNameKey('NL')).toBeNull();
  });

  it('names the predicted spend tier’s levels as the other prediction tiers name theirs', () => {
    expect(predictionTierLevel('HIGH')).toBe('High');
    expect(predictionTierLevel('MEDIUM')).toBe('Moderate');
    expect(predictionTierLevel('LOW')).toBe('Low');
    expect(predictionTierLevel('Moderate')).toBe('Moderate');
    expect(predictionTierLevel('toString')).toBe('toString');
  });

  it('finds the catalogue key of a known event type, and none for a type of the shop’s own', () => {
    expect(eventTypeKey('abandoned_cart')).toBe('events.type.abandoned_cart');
    expect(eventTypeKey('complaint')).toBe('events.type.complaint');
    expect(eventTypeKey('return')).toBe('events.type.return');
    expect(eventTypeKey('review')).toBe('events.type.review');
    expect(eventTypeKey('newsletter_open')).toBeNull();
    expect(eventTypeKey('<b>x</b>')).toBeNull();
  });

  it('tells which value a query takes for a name shown in any of the languages', () => {
    expect(queryValueFor('rfm_group', 'À risque')).toBe('At risk');
    expect(queryValueFor('rfm_group', 'a risque')).toBe('At risk'); // accents, case and spacing aside
    expect(queryValueFor('rfm_group', 'In gevaar')).toBe('At risk');
    expect(queryValueFor('rfm_group', 'Bientôt endormis')).toBe('About to sleep');
    expect(queryValueFor('rfm_group', 'Winterslaap')).toBe('Hibernating');
    // A tier's name leads to the attribute's own spelling of the level.
    expect(queryValueFor('spend_tier', 'élevé')).toBe('HIGH');
    expect(queryValueFor('clv_tier', 'Élevé')).toBe('High');
    expect(queryValueFor('likelihood_tier', 'Laag')).toBe('Low');
    expect(queryValueFor('rfm_group', 'Élevé')).toBeNull();
    expect(queryValueFor('country', 'À risque')).toBeNull();
    expect(queryValueFor('rfm_group', 'Sleepers')).toBeNull();
  });
});
