/**
 * The steps of computing the signals (signals.ts, behaviour.ts), in order, for a progress line: at a million customers
 * they take seconds, and a spinner alone does not say whether anything moves. `views` is the behaviour view's own data.
 * A module of its own, so the page can name the steps without loading the signals' code.
 */
export const SIGNAL_STEPS = [
  'history',
  'cadence',
  'categories',
  'discounts',
  'sendTime',
  'lastAction',
  'views',
] as const;
export type SignalStep = (typeof SIGNAL_STEPS)[number];
