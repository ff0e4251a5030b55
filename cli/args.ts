import type { CanonicalField, ColumnMapping } from '../src/core/ingest/types';
import { CANONICAL_FIELDS } from '../src/core/ingest/columnMapping';

/** A usage or input problem: the CLI prints `error: <message>` and exits 2. */
export class CliError extends Error {}

export interface ParsedArgs {
  command: string;
  file: string;
  flags: Map<string, string | true>;
}

const FLAGS_WITH_VALUES = new Set([
  '--columns',
  '--as-of',
  '--calibration-end',
  '--holdout-end',
  '--time-unit',
  '--where',
  '--date-order',
]);

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command) throw new CliError('no command given. Usage: cli analyze FILE [--json]');
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    if (FLAGS_WITH_VALUES.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new CliError(`${name} needs a value`);
      flags.set(name, value);
    } else if (name === '--json') {
      flags.set(name, true);
    } else {
      throw new CliError(`unknown option ${name}`);
    }
  }
  if (positional.length !== 1) throw new CliError(`${command} needs exactly one FILE argument`);
  return { command, file: positional[0], flags };
}

/** `order_id=Invoice,customer_id=Customer ID` → mapping. Column names may contain spaces but not commas or '='. */
export function parseColumns(text: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) throw new CliError(`--columns expects field=COLUMN pairs separated by commas, got '${part}'`);
    const field = part.slice(0, eq).trim() as CanonicalField;
    if (!CANONICAL_FIELDS.includes(field))
      throw new CliError(`--columns: unknown field '${field}' (use ${CANONICAL_FIELDS.join(', ')})`);
    mapping[field] = part.slice(eq + 1).trim();
  }
  return mapping;
}

export function parseIsoDate(flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new CliError(`${flag} expects a date as YYYY-MM-DD, got '${value}'`);
  }
  return value;
}
