import { englishText, type LocalText } from '../localText';

/**
 * What is wrong with a segment query, as data (localText.ts): the CLI and `SegmentError.message` word it in English;
 * the app words the same data in the user's language, from catalogue entries with these keys.
 */
export type SegmentText = LocalText<SegmentTextKey>;

/** English wording; the UI's English catalogue takes these entries as they are. */
export const SEGMENT_PROBLEM_TEXT = {
  'segmentError.habit': 'write {instead} instead of {written}',
  'segmentError.unexpectedCharacter': "unexpected character '{character}'",
  'segmentError.unterminatedString': 'unterminated string: add the closing quote',
  'segmentError.emptyQuery': 'the query is empty: start with an attribute, e.g. amount_spent > 100',
  'segmentError.unmatchedClose': "')' without a matching '('",
  'segmentError.missingClose': "missing ')'",
  'segmentError.expectedAndOr': 'expected AND, OR or the end of the query, found {found}',
  'segmentError.expectedAttribute': 'expected an attribute, found {found}',
  'segmentError.endOfQuery': 'the end of the query',
  'segmentError.quoted': "'{text}'",
  'segmentError.unknownAttribute': "unknown attribute '{name}'{suggestion}",
  'segmentError.didYouMean': " — did you mean '{name}'?",
  'segmentError.didYouMeanValue': ' — did you mean {attribute} = {value}?',
  'segmentError.operatorNotAllowed': "'{operator}' does not apply to {attribute} ({type}): use {operators}",
  'segmentError.expectedOperator': 'expected an operator after {attribute}: {operators}',
  'segmentError.betweenNeedsAnd': "BETWEEN needs 'AND' and an upper bound",
  'segmentError.inNeedsList': "IN needs a list in parentheses: IN ('a', 'b')",
  'segmentError.notNeedsInOrContains': 'NOT here must be followed by IN or CONTAINS',
  'segmentError.startsNeedsWith': "STARTS needs 'WITH'",
  'segmentError.isNeedsNull': 'IS needs NULL or NOT NULL',
  'segmentError.segmentNeedsEquals': "segment needs = or != and a saved segment's name",
  'segmentError.segmentNameInQuotes': "a segment's name goes in quotes: segment = 'VIP'",
  'segmentError.needsMatches': '{name} needs MATCHES ( … ), e.g. {name} MATCHES (date >= -90d)',
  'segmentError.matchesNeedsParentheses': 'MATCHES needs conditions in parentheses',
  'segmentError.functionConditions': '{name} conditions are {keys}{suggestion}',
  'segmentError.expectedComparison': 'expected a comparison after {key}',
  'segmentError.textComparison': "'{operator}' does not apply to {key}: use = or !=",
  'segmentError.valueNeeds': "'{operator}' needs {kind}{quoted}",
  'segmentError.aNumber': 'a number',
  'segmentError.aDate': 'a date (2024-03-01, -30d or today)',
  'segmentError.textInQuotes': 'text in quotes',
  'segmentError.oneOfItsValues': 'one of its values in quotes',
  'segmentError.trueOrFalse': 'true or false',
  'segmentError.quotedValue': ': {text}',
  'segmentError.notADate': "'{value}' is not a date",
  'segmentError.unknownValue': "unknown value '{value}' for {attribute} — expected {values} or {last}",
  'segmentError.decimalsWithDot': 'write decimals with a dot: {fixed}',
  'segmentError.plainDigits': 'write the number in plain digits: {fixed}',
  'segmentError.needsSource': '{attribute} needs {source}',
  'segmentError.sourceCustomers': 'the customer model',
  'segmentError.sourceClv': 'the CLV predictions, which are not available for this data',
  'segmentError.sourceSpend':
    'the spend predictions (predicted spend, CLV and their tiers), which the spend model withholds for this data',
  'segmentError.sourceSignals': 'the behavioural signals, which have not been computed for this data',
  'segmentError.noSavedSegment': "no saved segment named '{name}'{hint}",
  'segmentError.refersToItself': "segment '{name}' refers to itself ({chain})",
  'segmentError.savedHasError': "saved segment '{name}' has an error: {error}",
} as const;

export type SegmentTextKey = keyof typeof SEGMENT_PROBLEM_TEXT;

export function englishSegmentText(text: SegmentText): string {
  return englishText(text, SEGMENT_PROBLEM_TEXT);
}

/** " — did you mean 'x'?" when there is a suggestion, else nothing. */
export function didYouMean(suggestion: string | undefined): string | SegmentText {
  return suggestion ? { id: 'segmentError.didYouMean', params: { name: suggestion } } : '';
}
