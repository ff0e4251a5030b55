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
  '--discount-rate',
  '--sheet',
]);

/**
 * Each command's options, in the order its usage lists them; the reading options (--columns, --date-order, --sheet)
 * for all.
 */
const COMMAND_FLAGS: Record<string, string[]> = {
  analyze: ['--columns', '--as-of', '--discount-rate', '--date-order', '--sheet', '--json'],
  fit: ['--calibration-end', '--holdout-end', '--time-unit', '--columns', '--date-order', '--sheet', '--json'],
  segment: ['--where', '--as-of', '--discount-rate', '--columns', '--date-order', '--sheet', '--json'],
};

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (!command) throw new CliError('no command given. Usage: cli analyze FILE [--json]');
  const allowed = COMMAND_FLAGS[command];
  if (!allowed) throw new CliError(`unknown command '${command}'. Commands: ${Object.keys(COMMAND_FLAGS).join(', ')}`);
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
    if (!FLAGS_WITH_VALUES.has(name) && name !== '--json') throw new CliError(`unknown option ${name}`);
    // A known option the command does not use would be ignored: `analyze … --where Q` would print every customer as
    // if filtered.
    if (!allowed.includes(name)) throw new CliError(`${command} takes no ${name} (its options: ${allowed.join(', ')})`);
    if (FLAGS_WITH_VALUES.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined) throw new CliError(`${name} needs a value`);
      flags.set(name, value);
    } else {
      // `--json=false` must not print JSON.
      if (inline !== undefined) throw new CliError(`${name} takes no value`);
      flags.set(name, true);
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

/** `--discount-rate PERCENT` (7.5 = 7.5 % a year) as a fraction, or undefined for the default (scoreCustomers.ts). */
export function parseDiscountRate(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const percent = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  // The page's own range (PredictionPanel.svelte): 100 % a year would make the next quarter worth a sixth less.
  if (!(percent >= 0 && percent < 100)) {
    throw new CliError(`--discount-rate expects a yearly rate in percent from 0 to below 100, got '${value}'`);
  }
  return percent / 100;
}
