/**
 * Fills `{name}` placeholders from `params`. An unknown placeholder stays visible, so a missing value gets noticed
 * rather than silently becoming "undefined" or vanishing.
 */
export function fillPlaceholders(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
