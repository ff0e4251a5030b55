import { describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { scratchDirectory, shared, writeScratch } from '../tests/fixtures/files';
import { cli, CLI_MAIN } from '../tests/runCli';
import { unevenSpendShop } from '../tests/fixtures/unevenSpend';
import { writeShopifyExport } from '../scripts/shop/writeShop';
import { DEMO_OPTIONS } from '../scripts/demoOptions';

describe('cli analyze', () => {
  it('prints the contract fields as one JSON object', async () => {
    const { code, stdout } = await cli('analyze', shared('shopify_orders_export_forezia_devstore.csv'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      format: 'shopify',
      orders: 19,
      customers: 3,
      guestOrders: 10,
      revenue: 14089.04,
      currency: 'EUR',
      firstOrder: '2025-05-11',
      lastOrder: '2025-05-17',
      rejectedRows: 0,
      issues: {},
    });
  });

  it('adds the customer model: as-of date, first-time customers, RFM groups and spend tiers summing to customers', async () => {
    const { code, stdout } = await cli('analyze', shared('CDNOW_sample.txt'), '--json', '--as-of', '1997-10-01');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.asOf).toBe('1997-10-01');
    // Customers with a purchase before the as-of date: the calibration period of the fixture README (2,357).
    expect(result.customers).toBe(2357);
    const groups = Object.values(result.rfm.groups) as number[];
    expect(groups.reduce((a, b) => a + b, 0)).toBe(2357);
    expect(result.spendTier.HIGH + result.spendTier.MEDIUM + result.spendTier.LOW).toBe(2357);
    expect(result.rfm.cutoffs.frequency).toHaveLength(5);
    expect(typeof result.firstTimeCustomers).toBe('number');
  });

  it('still analyses with an as-of date decades after the data, withholding only the predictions', async () => {
    // Before: exit 2, "error: a history of 37618 days, the last purchase on day 343, is outside what the models support".
    const { code, stdout } = await cli('analyze', shared('CDNOW_sample.txt'), '--json', '--as-of', '2100-01-01');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.customers).toBe(2357);
    // 1997-01-01 (the first purchases) to 2099-12-31, the day before the as-of date: 37,619 days.
    expect(result.clvTier).toMatchObject({
      eligible: false,
      text: { id: 'refusal.historyTooLong', params: { days: 37619, limit: 20000 } },
    });
    expect(result.predictedSpendTier).toEqual(result.clvTier);
  });

  it('rejects a malformed --as-of', async () => {
    const { code, stderr } = await cli('analyze', shared('CDNOW_sample.txt'), '--as-of', '31-12-1997');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: --as-of expects a date as YYYY-MM-DD/);
  });

  it('takes an explicit column mapping', async () => {
    const path = writeScratch(scratchDirectory(), 'cryptic.csv', 'a,b,c\nx1,2024-01-01,9.99\nx2,2024-01-02,1.01\n');
    const { code, stdout } = await cli('analyze', path, '--columns', 'customer_id=a,order_date=b,amount=c', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ format: 'generic', orders: 2, customers: 2, revenue: 11 });
  });

  it('suggests the columns the values point to when it cannot map a file', async () => {
    const path = writeScratch(scratchDirectory(), 'cryptic.csv', 'a,b,c\nx1,2024-01-01,9.99\nx2,2024-01-02,1.01\n');
    const { code, stderr } = await cli('analyze', path, '--json');
    expect(code).toBe(2);
    expect(stderr).toContain('Pass --columns customer_id=COLUMN,order_date=b,amount=c (columns: a, b, c)');
  });

  it.each([
    [
      'a PNG renamed .csv',
      () => writeScratch(scratchDirectory(), 'x.csv', Buffer.from('89504e470d0a1a0a0000', 'hex')),
      /PNG/,
    ],
    ['a file it cannot map', () => writeScratch(scratchDirectory(), 'y.csv', 'a,b\n1,2\n'), /--columns/],
    ['a missing file', () => '/nonexistent/orders.csv', /no such file/],
  ])('exits 2 with one error line for %s', async (_name, makePath, message) => {
    const { code, stdout, stderr } = await cli('analyze', makePath(), '--json');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).toMatch(message);
  });
});

describe('cli fit', () => {
  it('fits BG/NBD and Gamma-Gamma on CDNOW and back-tests the holdout (fixture README figures)', async () => {
    const { code, stdout } = await cli(
      'fit',
      shared('CDNOW_sample.txt'),
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1998-06-30',
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ customers: 2357, repeatCustomers: 946, timeUnit: 'week' });
    expect(result.bgnbd.r).toBeCloseTo(0.2426, 3);
    expect(result.bgnbd.alpha).toBeCloseTo(4.4135, 2);
    expect(result.bgnbd.logLik).toBeCloseTo(-9582.43, 1);
    expect(result.gammaGamma.p).toBeCloseTo(6.2496, 2);
    expect(result.holdout.actualRepeatPurchases).toBe(1882);
    expect(result.holdout.predictedRepeatPurchases).toBeCloseTo(1653.4, 0);
  });

  it('in days: r, a, b unchanged and alpha × 7', async () => {
    const { stdout } = await cli(
      'fit',
      shared('CDNOW_sample.txt'),
      '--calibration-end',
      '1997-09-30',
      '--time-unit',
      'day',
      '--json',
    );
    const result = JSON.parse(stdout);
    expect(result.bgnbd.r).toBeCloseTo(0.2426, 3);
    expect(result.bgnbd.alpha).toBeCloseTo(30.895, 1);
  });

  it('says why it will not predict instead of printing numbers (nobody bought twice)', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `o${i},c${i},2024-0${1 + (i % 6)}-01,10.00`);
    const path = writeScratch(
      scratchDirectory(),
      'once.csv',
      ['order_id,customer_id,order_date,amount', ...rows].join('\n'),
    );
    const { code, stdout } = await cli('fit', path, '--calibration-end', '2024-12-31', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ eligible: false, code: 'too_few_repeat_customers', repeatCustomers: 0 });
  });
});

describe('a spend model refused on its own', () => {
  const path = writeScratch(scratchDirectory(), 'uneven.csv', unevenSpendShop());
  const withheld = { eligible: false, text: { id: 'refusal.spendTooUneven' } };

  it('fit keeps the purchase model and the refusal fields, with gammaGamma null', async () => {
    const { code, stdout } = await cli('fit', path, '--calibration-end', '2025-03-01', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // Before: only eligible, code, reason, text, customers and repeatCustomers — no BG/NBD figures at all.
    expect(result).toMatchObject({ eligible: false, code: 'spend_too_uneven', customers: 400, timeUnit: 'week' });
    expect(result.reason).toMatch(/^A few repeat orders are so much larger/);
    expect(result.gammaGamma).toBeNull();
    for (const parameter of ['r', 'alpha', 'a', 'b', 'logLik'])
      expect(Number.isFinite(result.bgnbd[parameter])).toBe(true);
  });

  it('analyze withholds the CLV and predicted spend tiers but keeps the likelihood tier', async () => {
    const { code, stdout } = await cli('analyze', path, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.customers).toBe(400);
    expect(result.clvTier).toMatchObject(withheld);
    expect(result.predictedSpendTier).toMatchObject(withheld);
    // Before: withheld too, with the spend model's reason. The 30th / 70th percentile rule on 400 customers with
    // distinct likelihoods: 120 High, 160 Moderate, 120 Low.
    expect(result.likelihoodTier).toMatchObject({ High: 120, Moderate: 160, Low: 120 });
  });

  it('segment takes the purchase predictions and says the spend ones are withheld', async () => {
    const tier = await cli('segment', path, '--where', "likelihood_tier = 'High'", '--json');
    expect(tier.code).toBe(0);
    expect(JSON.parse(tier.stdout).count).toBe(120);
    const { code, stderr } = await cli('segment', path, '--where', 'predicted_clv > 0', '--json');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: predicted_clv needs the spend predictions (predicted spend, CLV and their tiers), which the spend ' +
        'model withholds for this data (at 1:1-13)\n',
    );
  });
});

describe('cli analyze signals', () => {
  it('finds the behaviours planted in the demo shop (scripts/README.md)', async () => {
    const path = `${scratchDirectory()}/demo.csv`;
    await writeShopifyExport(createWriteStream(path), DEMO_OPTIONS);
    const { code, stdout } = await cli('analyze', path, '--json');
    expect(code).toBe(0);
    const { signals } = JSON.parse(stdout);
    expect(signals.oneOffCategories).toEqual(['Furniture']);
    expect(signals.seasonalCategories).toEqual(['Christmas decorations']);
    expect(signals.discountHunters).toBeGreaterThan(50);
    expect(signals.overdue).toBeGreaterThan(0);
    expect(Object.keys(signals.favouriteCategories)).toContain('Coffee');
  }, 60_000);
});

describe('cli segment', () => {
  it('prints the matching customers as {"count", "customers"} with the figures beside them', async () => {
    const path = `${scratchDirectory()}/demo-segment.csv`;
    await writeShopifyExport(createWriteStream(path), { ...DEMO_OPTIONS, customers: 800 });
    const all = await cli('segment', path, '--where', 'number_of_orders >= 1', '--json');
    expect(all.code).toBe(0);
    const everyone = JSON.parse(all.stdout);
    expect(everyone.count).toBe(everyone.totalCustomers);
    const { code, stdout } = await cli(
      'segment',
      path,
      '--where',
      "spend_tier = 'HIGH' AND first_time = false",
      '--json',
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.count).toBe(result.customers.length);
    expect(result.count).toBeGreaterThan(0);
    expect(result.count).toBeLessThan(everyone.count);
    expect(result.customers).toEqual([...result.customers].sort());
    expect(result.share).toBeCloseTo(result.count / everyone.count, 12);
  });

  it('exits 2 with the error and its position for a bad query, before reading the file', async () => {
    const { code, stdout, stderr } = await cli('segment', shared('CDNOW_sample.txt'), '--where', 'amout_spent > 5');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("error: unknown attribute 'amout_spent' — did you mean 'amount_spent'? (at 1:1-11)\n");
  });

  it('exits 2 when the query needs a model the data cannot support', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `o${i},c${i},2024-0${1 + (i % 6)}-01,10.00`);
    const path = writeScratch(
      scratchDirectory(),
      'once.csv',
      ['order_id,customer_id,order_date,amount', ...rows].join('\n'),
    );
    const { code, stderr } = await cli('segment', path, '--where', 'p_alive < 0.5', '--json');
    expect(code).toBe(2);
    expect(stderr).toBe('error: p_alive needs the CLV predictions, which are not available for this data (at 1:1-7)\n');
  });
});

describe('cli flags', () => {
  it.each([
    // Before: accepted and ignored, so `analyze … --where` printed every customer as if filtered.
    [
      ['analyze', shared('CDNOW_sample.txt'), '--where', 'amount_spent > 100'],
      'error: analyze takes no --where (its options: --columns, --as-of, --discount-rate, --date-order, --sheet, --json)\n',
    ],
    [
      ['fit', shared('CDNOW_sample.txt'), '--calibration-end', '1997-09-30', '--as-of', '1997-10-01'],
      'error: fit takes no --as-of (its options: --calibration-end, --holdout-end, --time-unit, --columns, --date-order, --sheet, --json)\n',
    ],
    [
      ['segment', shared('CDNOW_sample.txt'), '--where', 'orders > 1', '--time-unit', 'day'],
      'error: segment takes no --time-unit (its options: --where, --as-of, --discount-rate, --columns, --date-order, --sheet, --json)\n',
    ],
    // Before: `--json=false` printed JSON.
    [['analyze', shared('CDNOW_sample.txt'), '--json=false'], 'error: --json takes no value\n'],
  ])('refuses a flag the command does not take: %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });

  it('refuses a holdout ending after the last order instead of comparing a prediction with days without data', async () => {
    // CDNOW_sample's last order is on 1998-06-30. Before: exit 0 with 1,882 actual against 16,613 predicted purchases.
    const { code, stdout, stderr } = await cli(
      'fit',
      shared('CDNOW_sample.txt'),
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1998-07-01',
      '--json',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: --holdout-end 1998-07-01 is after the last order in the file (1998-06-30): the back-test can only compare days it has orders for\n',
    );
  });
});

describe('cli output', () => {
  it('stops quietly when the reader of its output has gone, as `| head -c 0` does', async () => {
    // Before: Node's unhandled EPIPE printed a stack trace on stderr and exited 1.
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      CLI_MAIN,
      'analyze',
      shared('CDNOW_sample.txt'),
      '--json',
    ]);
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('cli CLV value', () => {
  const highest = (tier: { cutoffs: Record<string, { max: number }> }) =>
    Math.max(...Object.values(tier.cutoffs).map((c) => c.max));

  it('discounts the CLV at the yearly rate the page starts with (10 %), so its tiers are the page’s', async () => {
    // Each quarter's expected purchases are divided by 1.1^(quarter/4): the highest CLV lies between the highest
    // predicted spend / 1.1 and / 1.1^(1/4). Before: no discount (CLV = predicted spend), while the page showed 10 %.
    const { stdout } = await cli('analyze', shared('CDNOW_sample.txt'), '--json');
    const result = JSON.parse(stdout);
    const ratio = highest(result.clvTier) / highest(result.predictedSpendTier);
    expect(ratio).toBeGreaterThan(1 / 1.1);
    expect(ratio).toBeLessThan(1 / Math.pow(1.1, 1 / 4));
  });

  it('takes another rate with --discount-rate PERCENT, 0 for none', async () => {
    const { stdout } = await cli('analyze', shared('CDNOW_sample.txt'), '--json', '--discount-rate', '0');
    const result = JSON.parse(stdout);
    expect(result.clvTier.cutoffs.High).toEqual(result.predictedSpendTier.cutoffs.HIGH);
    const { code, stderr } = await cli('analyze', shared('CDNOW_sample.txt'), '--discount-rate', '100');
    expect(code).toBe(2);
    expect(stderr).toBe("error: --discount-rate expects a yearly rate in percent from 0 to below 100, got '100'\n");
  });
});
