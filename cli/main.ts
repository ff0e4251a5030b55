/**
 * Segmentlab's command-line tool: the same src/core on native DuckDB. Commands, flags and JSON field names are a
 * public contract (scripts consume them): add fields freely, never rename or drop one.
 *   analyze FILE [--columns order_id=COL,customer_id=COL,order_date=COL,amount=COL] [--as-of YYYY-MM-DD]
 *     [--discount-rate PERCENT] [--json]
 *     prints the import summary and the customer model (RFM groups, spend tiers, first-time customers).
 *   fit FILE --calibration-end YYYY-MM-DD [--holdout-end YYYY-MM-DD] [--time-unit week|day] [--json]
 *     fits BG/NBD and Gamma-Gamma on the calibration period and back-tests on the holdout.
 *   segment FILE --where 'QUERY' [--as-of YYYY-MM-DD] [--discount-rate PERCENT] [--json]
 *     prints the customers matching a segment query: {"count": n, "customers": [ids…]}.
 * Every command also takes the reading options --columns, --date-order and --sheet NAME (an Excel workbook's worksheet;
 * without it the importer picks one, xlsx.ts); an option it does not take exits 2.
 */
import { CliError, parseArgs } from './args';
import { runAnalyze } from './analyze';
import { runFit } from './fit';
import { runSegment } from './segment';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'analyze':
      return runAnalyze(args);
    case 'fit':
      return runFit(args);
    case 'segment':
      return runSegment(args);
    default:
      throw new CliError(`unknown command '${args.command}'. Commands: analyze, fit, segment`);
  }
}

// A reader that stops early (`| head`) closes the pipe: what it did not read is not wanted, so end quietly, as Unix
// tools do, instead of with Node's stack trace for an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Bad input or usage: one line on stderr starting "error:", exit code 2 (issue 3's contract).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    if (!(error instanceof CliError) && process.env.SEGMENTLAB_DEBUG) console.error(error);
    process.exitCode = 2;
  },
);
