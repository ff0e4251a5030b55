import { existsSync, statSync } from 'node:fs';
import { importFile } from '../src/core/ingest/importFile';
import type { ImportSummary } from '../src/core/ingest/types';
import { CliError, parseColumns, type ParsedArgs } from './args';
import { NodeExecutor } from './nodeExecutor';
import { NodeFileSource } from './nodeSource';

/** Imports FILE and returns the open database plus the summary; throws CliError on bad input. */
export async function importForCli(args: ParsedArgs): Promise<{ db: NodeExecutor; summary: ImportSummary }> {
  if (!existsSync(args.file) || !statSync(args.file).isFile()) throw new CliError(`no such file: ${args.file}`);
  const columnsFlag = args.flags.get('--columns');
  const dateOrder = args.flags.get('--date-order');
  if (dateOrder !== undefined && dateOrder !== 'DMY' && dateOrder !== 'MDY') {
    throw new CliError(`--date-order expects DMY or MDY, got '${String(dateOrder)}'`);
  }
  const db = await NodeExecutor.open();
  const source = new NodeFileSource(args.file);
  try {
    const outcome = await importFile(db, source, {
      columns: typeof columnsFlag === 'string' ? parseColumns(columnsFlag) : undefined,
      dateOrder: dateOrder as 'DMY' | 'MDY' | undefined,
    });
    if (outcome.ok) return { db, summary: outcome.summary };
    if (outcome.kind === 'needs_mapping') {
      throw new CliError(
        `${outcome.message} Missing: ${outcome.missing.join(', ')}. Pass --columns ` +
          outcome.missing.map((field) => `${field}=COLUMN`).join(',') +
          ` (columns: ${outcome.columns.map((c) => c.name).join(', ')})`,
      );
    }
    throw new CliError(outcome.message);
  } catch (error) {
    db.close();
    source.cleanup();
    throw error;
  }
}

export async function runAnalyze(args: ParsedArgs): Promise<number> {
  const { db, summary } = await importForCli(args);
  try {
    const { issueExamples, monthly, detected, fileName, ...figures } = summary;
    const result = { ...figures, fileName, detected };
    if (args.flags.has('--json')) {
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      printHuman(summary);
      void issueExamples;
      void monthly;
    }
    return 0;
  } finally {
    db.close();
  }
}

function printHuman(summary: ImportSummary): void {
  const lines = [
    `file        ${summary.fileName}`,
    `format      ${summary.format}`,
    `orders      ${summary.orders}`,
    `customers   ${summary.customers}`,
    `guest orders ${summary.guestOrders}`,
    `revenue     ${summary.revenue.toFixed(2)} ${summary.currency ?? ''}`.trimEnd(),
    `first order ${summary.firstOrder ?? '-'}`,
    `last order  ${summary.lastOrder ?? '-'}`,
    `rejected    ${summary.rejectedRows}`,
    ...Object.entries(summary.issues).map(([reason, count]) => `  ${reason}: ${count}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
