import { buildAttributeTable } from '../src/core/segments/attributeView';
import { compileSegment } from '../src/core/segments/compile';
import { SegmentError } from '../src/core/segments/errors';
import { parseSegment } from '../src/core/segments/parser';
import { segmentCustomerIds, segmentStats } from '../src/core/segments/segmentStats';
import { asOfFlag, importForCli, modelForCli } from './analyze';
import { CliError, parseDiscountRate, type ParsedArgs } from './args';

/**
 * `segment FILE --where 'QUERY' [--as-of D] [--json]`: the customers matching a segment query, on the same models
 * as `analyze`. Prints {"count": n, "customers": [ids…]} (plus share and revenue figures). A query error exits 2 with
 * `error: <message> (at line:column-column)`; syntax and unknown attributes are caught before the file is read.
 */
export async function runSegment(args: ParsedArgs): Promise<number> {
  const query = args.flags.get('--where');
  if (typeof query !== 'string') throw new CliError("segment needs --where 'QUERY', e.g. --where 'amount_spent > 100'");
  const asOf = asOfFlag(args);
  const rate = parseDiscountRate(args.flags.get('--discount-rate'));
  queryError(query, () => parseSegment(query));
  const { db, close } = await importForCli(args);
  try {
    const { model, clvAvailable, spendAvailable } = await modelForCli(db, asOf, rate);
    const available = await buildAttributeTable(db, { clv: clvAvailable, spend: spendAvailable, signals: true });
    const compiled = queryError(query, () => compileSegment(query, { asOf: model.asOf, available }));
    const stats = await segmentStats(db, compiled);
    const customers = await segmentCustomerIds(db, compiled);
    if (args.flags.has('--json')) {
      const { count, customers: totalCustomers, ...figures } = stats;
      void count;
      const result = { count: customers.length, customers, asOf: model.asOf, totalCustomers, ...figures };
      process.stdout.write(JSON.stringify(result) + '\n');
    } else {
      process.stdout.write(`${customers.length} of ${stats.customers} customers match (as of ${model.asOf})\n`);
      process.stdout.write(customers.join('\n') + (customers.length ? '\n' : ''));
    }
    return 0;
  } finally {
    close();
  }
}

function queryError<T>(query: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SegmentError) throw new CliError(`${error.message} (at ${error.where(query)})`);
    throw error;
  }
}
