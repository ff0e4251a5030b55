import { fitClv, hasPurchaseModel } from '../src/core/models/clv/fitClv';
import type { TimeUnit } from '../src/core/models/clv/calibrationSummary';
import { CliError, parseIsoDate, type ParsedArgs } from './args';
import { importForCli } from './analyze';

/** `fit FILE --calibration-end D [--holdout-end D] [--time-unit week|day] [--json]`: BG/NBD + Gamma-Gamma. */
export async function runFit(args: ParsedArgs): Promise<number> {
  const end = args.flags.get('--calibration-end');
  if (typeof end !== 'string') throw new CliError('fit needs --calibration-end YYYY-MM-DD');
  const holdout = args.flags.get('--holdout-end');
  const unit = args.flags.get('--time-unit') ?? 'week';
  if (unit !== 'week' && unit !== 'day') throw new CliError(`--time-unit expects week or day, got '${String(unit)}'`);
  const calibrationEnd = parseIsoDate('--calibration-end', end);
  const holdoutEnd = typeof holdout === 'string' ? parseIsoDate('--holdout-end', holdout) : undefined;
  if (holdoutEnd && holdoutEnd <= calibrationEnd) throw new CliError('--holdout-end must be after --calibration-end');
  const { db, summary, close } = await importForCli(args);
  try {
    // Past the last order the file cannot say what happened: counting those days as "no purchases" would make the
    // model look wrong by however much of the holdout lies beyond the data.
    if (holdoutEnd && summary.lastOrder && holdoutEnd > summary.lastOrder) {
      throw new CliError(
        `--holdout-end ${holdoutEnd} is after the last order in the file (${summary.lastOrder}): the back-test can ` +
          'only compare days it has orders for',
      );
    }
    const result = await fitClv(db, { calibrationEnd, holdoutEnd, timeUnit: unit as TimeUnit });
    if (args.flags.has('--json')) process.stdout.write(JSON.stringify(result) + '\n');
    else if (!hasPurchaseModel(result)) process.stdout.write(`no prediction: ${result.reason}\n`);
    else {
      const { bgnbd, gammaGamma } = result;
      process.stdout.write(
        [
          `customers ${result.customers} (${result.repeatCustomers} repeat), time unit ${result.timeUnit}`,
          `BG/NBD r ${bgnbd.r.toFixed(4)} alpha ${bgnbd.alpha.toFixed(4)} a ${bgnbd.a.toFixed(4)} b ${bgnbd.b.toFixed(4)} log-likelihood ${bgnbd.logLik.toFixed(2)}`,
          gammaGamma
            ? `Gamma-Gamma p ${gammaGamma.p.toFixed(4)} q ${gammaGamma.q.toFixed(4)} v ${gammaGamma.v.toFixed(4)}`
            : `Gamma-Gamma withheld: ${result.eligible ? '' : result.reason}`,
          ...(result.holdout
            ? [
                `holdout: actual ${result.holdout.actualRepeatPurchases} repeat purchases, predicted ${result.holdout.predictedRepeatPurchases.toFixed(1)}`,
              ]
            : []),
        ].join('\n') + '\n',
      );
    }
    return 0;
  } finally {
    close();
  }
}
