import { existsSync, statSync } from 'node:fs';
import { importFile } from '../src/core/ingest/importFile';
import type { ImportSummary } from '../src/core/ingest/types';
import { CliError, parseColumns, parseDiscountRate, parseIsoDate, type ParsedArgs } from './args';
import { buildAndScore, type CustomerModelResult } from '../src/core/models/analyzeCustomers';
import { predictCustomers } from '../src/core/models/clv/predict';
import { computeSignals } from '../src/core/models/signals/signals';
import { NodeExecutor } from './nodeExecutor';
import { NodeFileSource } from './nodeSource';
import { lockDownSql } from '../src/core/sql/lockdown';

/** Imports FILE and returns the open database plus the summary; throws CliError on bad input. */
export interface CliImport {
  db: NodeExecutor;
  summary: ImportSummary;
  /** Closes the database and removes temporary copies. */
  close(): void;
}

export async function importForCli(args: ParsedArgs): Promise<CliImport> {
  if (!existsSync(args.file) || !statSync(args.file).isFile()) throw new CliError(`no such file: ${args.file}`);
  const columnsFlag = args.flags.get('--columns');
  const dateOrder = args.flags.get('--date-order');
  const sheet = args.flags.get('--sheet');
  if (dateOrder !== undefined && dateOrder !== 'DMY' && dateOrder !== 'MDY') {
    throw new CliError(`--date-order expects DMY or MDY, got '${String(dateOrder)}'`);
  }
  const db = await NodeExecutor.open();
  const source = new NodeFileSource(args.file);
  const close = () => {
    db.close();
    source.cleanup();
  };
  try {
    await db.run(lockDownSql(source.allowedDirectories));
    const outcome = await importFile(db, source, {
      columns: typeof columnsFlag === 'string' ? parseColumns(columnsFlag) : undefined,
      dateOrder: dateOrder as 'DMY' | 'MDY' | undefined,
      // An Excel workbook's worksheet by its tab name; an unknown one exits 2 naming the workbook's sheets.
      sheet: typeof sheet === 'string' ? sheet : undefined,
    });
    if (outcome.ok) return { db, summary: outcome.summary, close };
    if (outcome.kind === 'needs_mapping') {
      throw new CliError(
        `${outcome.message} Missing: ${outcome.missing.join(', ')}. Pass --columns ` +
          // The columns the values suggest, where there is one (valueGuess.ts); COLUMN where the user must choose.
          outcome.missing.map((field) => `${field}=${outcome.guess[field] ?? 'COLUMN'}`).join(',') +
          ` (columns: ${outcome.columns.map((c) => c.name).join(', ')})` +
          // A workbook's other sheets may hold the orders: --sheet reads one of them.
          (outcome.sheet && outcome.sheet.of > 1
            ? `; sheet '${outcome.sheet.name}' was read, --sheet NAME reads another of: ${outcome.sheet.names.join(', ')}`
            : ''),
      );
    }
    throw new CliError(outcome.message);
  } catch (error) {
    close();
    throw error;
  }
}

/** `--as-of` checked, or undefined for the default (the day after the last order). */
export function asOfFlag(args: ParsedArgs): string | undefined {
  const flag = args.flags.get('--as-of');
  return typeof flag === 'string' ? parseIsoDate('--as-of', flag) : undefined;
}

/** The models `analyze` reports and `segment` filters on: customers, CLV predictions (when eligible), signals. */
export async function modelForCli(db: NodeExecutor, asOf: string | undefined, yearlyDiscountRate?: number) {
  const { model, measures } = await buildAndScore(db, { asOf });
  const predictions = await predictCustomers(db, model.asOf, { yearlyDiscountRate }, measures);
  const signals = await computeSignals(db, { asOf: model.asOf });
  // The likelihood tier stands whenever the purchase model does; the CLV tier only with the spend model too.
  const clvAvailable = !('eligible' in predictions.likelihoodTier);
  return { model, predictions, signals, clvAvailable, spendAvailable: !('eligible' in predictions.clvTier) };
}

export async function runAnalyze(args: ParsedArgs): Promise<number> {
  const asOf = asOfFlag(args);
  const rate = parseDiscountRate(args.flags.get('--discount-rate'));
  const { db, summary, close } = await importForCli(args);
  try {
    const { model, predictions, signals } = await modelForCli(db, asOf, rate);
    const { issueExamples, monthly, detected, fileName, ...figures } = summary;
    // `sheets`: every worksheet of an Excel workbook in tab order (null for other files), to pick one with --sheet.
    const sheets = detected.sheet?.names ?? null;
    const result = { ...figures, fileName, detected, sheets, ...model, ...predictions, signals };
    if (args.flags.has('--json')) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      printHuman(summary, model);
      void issueExamples;
      void monthly;
    }
    return 0;
  } finally {
    close();
  }
}

function printHuman(summary: ImportSummary, model: CustomerModelResult): void {
  const lines = [
    `file        ${summary.fileName}`,
    `format      ${summary.format}`,
    ...(summary.detected.sheet
      ? [`sheet       ${summary.detected.sheet.name} (of ${summary.detected.sheet.names.join(', ')})`]
      : []),
    `orders      ${summary.orders}`,
    `customers   ${summary.customers}`,
    `guest orders ${summary.guestOrders}`,
    `revenue     ${summary.revenue.toFixed(2)} ${summary.currency ?? ''}`.trimEnd(),
    `first order ${summary.firstOrder ?? '-'}`,
    `last order  ${summary.lastOrder ?? '-'}`,
    `rejected    ${summary.rejectedRows}`,
    ...Object.entries(summary.issues).map(([reason, count]) => `  ${reason}: ${count}`),
    `as of       ${model.asOf}`,
    `first-time  ${model.firstTimeCustomers}`,
    'rfm groups',
    ...Object.entries(model.rfm.groups).map(([group, count]) => `  ${group}: ${count}`),
    model.spendTier.eligible
      ? `spend tiers HIGH ${model.spendTier.HIGH} · MEDIUM ${model.spendTier.MEDIUM} · LOW ${model.spendTier.LOW}`
      : `spend tiers not available: ${model.spendTier.reason}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
