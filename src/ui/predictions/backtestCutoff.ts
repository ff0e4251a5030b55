/**
 * The back-test's cut-off until the user picks one: two thirds into the history, so that the model is fitted on most
 * of it and a third is left to compare with (Fader, Hardie & Lee 2005 fit CDNOW on 39 of its 78 weeks; with a
 * shop's shorter histories two thirds leaves the fit more orders). Dates are YYYY-MM-DD.
 */
export function defaultBacktestCutoff(firstOrder: string, lastOrder: string): string {
  const first = Date.parse(firstOrder);
  return new Date(first + ((Date.parse(lastOrder) - first) * 2) / 3).toISOString().slice(0, 10);
}
