import { englishText, type LocalText } from '../localText';

/**
 * Why a model withholds its figures rather than showing numbers that would mislead: spend tiers on too few
 * customers, CLV predictions on too little history or a fit that did not settle (fitClv.ts). English here; the app
 * words the same text in the user's language from catalogue entries with these keys.
 */
export const REFUSAL_TEXT = {
  'refusal.tooFewCustomersForTiers':
    'Only {customers, plural, one {# customer} other {# customers}}: spend tiers need at least {needed} for percentiles to mean something.',
  'refusal.tooFewCustomers':
    'Only {customers, plural, one {# customer} other {# customers}} up to {date}: the prediction needs at least {needed}.',
  'refusal.tooFewRepeatCustomers':
    'Only {repeatCustomers, plural, one {# customer} other {# customers}} bought more than once: the prediction needs at least {needed} to learn how often people come back.',
  'refusal.historyTooShort':
    'The history up to {date} is only {days, plural, one {# day} other {# days}} long: the prediction needs at least {needed} days.',
  'refusal.historyTooLong':
    'The history up to {date} spans {days, plural, one {# day} other {# days}}: the prediction supports at most {limit} (about 54 years). Check the as-of date.',
  'refusal.didNotSettle':
    'The purchase model did not settle on this data, so its predictions would be guesses. Try a longer history.',
  'refusal.noChurnSignal':
    'Your customers show no sign of churning yet, so the chance that a customer is still active is not informative.',
  'refusal.cutoffNotBeforeLastOrder': 'Pick a cut-off before the last order, so there is something to compare with.',
  'refusal.parametersAtBound':
    'The purchase model could not pin down {parameters} on this data; its predictions are withheld.',
  'refusal.tooFewPayingRepeatCustomers':
    'Only {customers, plural, one {# customer} other {# customers}} spent anything on their repeat purchases: predicted spend needs at least {needed}.',
  'refusal.spendDidNotSettle':
    'The spend model did not settle on this data, so predicted spend and value would be guesses. Try a longer history.',
  'refusal.spendTooUneven':
    'A few repeat orders are so much larger than the rest that an average order value cannot be predicted; predicted spend and value are withheld.',
} as const;

export type RefusalText = LocalText<keyof typeof REFUSAL_TEXT>;

export function englishRefusal(text: RefusalText): string {
  return englishText(text, REFUSAL_TEXT);
}
