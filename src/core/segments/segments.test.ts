import { createWriteStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { writeShopifyExport } from '../../../scripts/shop/writeShop';
import { DEMO_OPTIONS } from '../../../scripts/demoOptions';
import { scratchDirectory, writeScratch } from '../../../tests/fixtures/files';
import { importFile } from '../ingest/importFile';
import { analyzeCustomers } from '../models/analyzeCustomers';
import { predictCustomers } from '../models/clv/predict';
import { readOrderHistory } from '../models/signals/orderHistory';
import { computeSignals } from '../models/signals/signals';
import { ATTRIBUTES } from './attributes';
import { buildAttributeTable } from './attributeView';
import { compileSegment, resolveDate, type CompileContext } from './compile';
import { SegmentError } from './errors';
import { segmentCustomerIds, segmentStats } from './segmentStats';
import { buildCategorySpend, compareSegments } from './compare';
import { attributesUsed, readsSignals, SegmentSession, sourcesNeeded } from './session';

type Row = Record<string, unknown> & { customer_id: string };
let db: NodeExecutor;
let context: CompileContext;
let rows: Row[];
let orders: { customer_id: string; day: string; amount: number }[];
let lines: { customer_id: string; order_id: string; day: string; category: string | null }[];

beforeAll(async () => {
  // The demo shop's generator with 800 customers, through the real import and every model. The expected values below
  // count purchases only: a cancelled order is not one (schema.ts).
  const path = `${scratchDirectory()}/shop.csv`;
  await writeShopifyExport(createWriteStream(path), { ...DEMO_OPTIONS, customers: 800 });
  db = await NodeExecutor.open();
  const outcome = await importFile(db, new NodeFileSource(path));
  if (!outcome.ok) throw new Error(outcome.message);
  const model = await analyzeCustomers(db);
  const predictions = await predictCustomers(db, model.asOf);
  if ('eligible' in predictions.clvTier)
    throw new Error(`the fixture shop must support the CLV model: ${predictions.clvTier.reason}`);
  await computeSignals(db, { asOf: model.asOf });
  const available = await buildAttributeTable(db, { clv: true, signals: true });
  context = { asOf: model.asOf, available };
  rows = await db.all<Row>('SELECT * FROM customer_attributes');
  orders = await db.all(
    `SELECT customer_id, strftime(order_ts, '%Y-%m-%d') AS day, amount FROM orders
     WHERE customer_id IS NOT NULL AND order_ts < DATE '${model.asOf}' AND NOT cancelled`,
  );
  lines = await db.all(
    `SELECT o.customer_id, o.order_id, strftime(o.order_ts, '%Y-%m-%d') AS day, l.category
     FROM order_lines l JOIN orders o USING (order_id)
     WHERE o.customer_id IS NOT NULL AND o.order_ts < DATE '${model.asOf}' AND NOT o.cancelled`,
  );
}, 120_000);
afterAll(() => db.close());

const ids = (predicate: (row: Row) => boolean) =>
  rows
    .filter(predicate)
    .map((r) => r.customer_id)
    .sort();
const num = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
const text = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : null);
const day = (v: unknown) =>
  v === null || v === undefined ? null : String(v instanceof Date ? v.toISOString() : v).slice(0, 10);
const run = async (query: string, ctx = context) => segmentCustomerIds(db, compileSegment(query, ctx));

describe('case-insensitive text', () => {
  it.each([
    // Greek: JavaScript lower-cases the final Σ to ς, DuckDB to σ; both sides must go through the same function.
    ["city = 'ΑΘΗΝΑΣ'", 'Αθηνασ'],
    ["city IN ('İZMİR')", 'İzmir'],
    ["city STARTS WITH 'ΑΘΗ'", 'Αθηνασ'],
  ])('%s finds %s', async (query, city) => {
    const { where, params } = compileSegment(query, context);
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM (SELECT ? AS city) WHERE ${where}`, [
      city,
      ...params,
    ]);
    expect(n).toBe(1);
  });
});

describe('relative dates', () => {
  const relative = (amount: number, unit: 'd' | 'w' | 'm' | 'y', asOf: string) =>
    resolveDate({ kind: 'relative', amount, unit, start: 0, end: 0 }, asOf);

  it.each([
    // Calendar months keep the day, or take the last day of a shorter month (as DuckDB's date − INTERVAL does).
    [-6, 'm', '2024-08-31', '2024-02-29'],
    [-1, 'm', '2024-03-31', '2024-02-29'],
    [1, 'm', '2023-01-31', '2023-02-28'],
    [-13, 'm', '2024-01-15', '2022-12-15'],
    [-1, 'y', '2024-02-29', '2023-02-28'],
    [-30, 'd', '2024-03-01', '2024-01-31'],
    [-2, 'w', '2024-01-10', '2023-12-27'],
  ] as const)('%i%s from %s is %s', (amount, unit, asOf, expected) => {
    expect(relative(amount, unit, asOf)).toBe(expected);
  });
});

describe('enum attributes', () => {
  // The editor offers each enum's values and the parser accepts only those: a column holding other spellings (the
  // CLV tiers once held HIGH where the language says High) would make every such query count nobody.
  it.each(ATTRIBUTES.filter((attribute) => attribute.type === 'enum').map((attribute) => [attribute.name, attribute]))(
    '%s holds only the values the language offers, and more than one of them',
    (name, attribute) => {
      const seen = new Set(rows.map((row) => row[name]).filter((value) => value !== null && value !== undefined));
      expect([...seen].filter((value) => !attribute.values!.includes(String(value)))).toEqual([]);
      expect(seen.size).toBeGreaterThan(1);
    },
  );
});

describe('attribute examples', () => {
  // Each attribute's example is what the editor shows for it: on the demo shop, which plants every behaviour, each
  // finds some customers and not all. Left out: examples naming one made-up customer, and the last actions, which
  // come from an events file this shop is built without.
  const illustrative = new Set(['customer_id', 'email', 'last_action', 'last_action_date', 'abandoned_cart_value']);
  const examples = ATTRIBUTES.filter((attribute) => !illustrative.has(attribute.name));
  it.each(examples.map((attribute) => [attribute.name, attribute.example]))('%s: %s', async (_name, example) => {
    const found = (await run(example)).length;
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(rows.length);
  });
});

describe('segment counts agree with a plain TypeScript filter over the customer rows', () => {
  const cases: [string, () => (row: Row) => boolean][] = [
    ['amount_spent > 200', () => (r) => num(r.amount_spent) > 200],
    [
      'number_of_orders >= 3 AND amount_spent < 500',
      () => (r) => num(r.number_of_orders) >= 3 && num(r.amount_spent) < 500,
    ],
    ["first_time = true OR spend_tier = 'HIGH'", () => (r) => r.first_time === true || r.spend_tier === 'HIGH'],
    [
      "rfm_group IN ('At risk', 'Can''t lose them')",
      () => (r) => r.rfm_group === 'At risk' || r.rfm_group === "Can't lose them",
    ],
    ["NOT rfm_group = 'Champions'", () => (r) => r.rfm_group !== 'Champions'],
    [
      'average_order_value BETWEEN 40 AND 80',
      () => (r) => num(r.average_order_value) >= 40 && num(r.average_order_value) <= 80,
    ],
    ["country = 'nl'", () => (r) => text(r.country) === 'nl'],
    ["country != 'NL'", () => (r) => r.country !== null && text(r.country) !== 'nl'],
    ["NOT country = 'NL'", () => (r) => text(r.country) !== 'nl'],
    ["email STARTS WITH 'a'", () => (r) => (text(r.email) ?? '').startsWith('a') && r.email !== null],
    [
      "tags CONTAINS 'VIP'",
      () => (r) => Array.isArray(r.tags) && r.tags.some((t) => String(t).toLowerCase() === 'vip'),
    ],
    [
      "tags NOT CONTAINS 'vip'",
      () => (r) => Array.isArray(r.tags) && !r.tags.some((t) => String(t).toLowerCase() === 'vip'),
    ],
    ['typical_gap_days IS NULL', () => (r) => r.typical_gap_days === null],
    [
      'city IS NOT NULL AND tags IS NULL',
      () => (r) => r.city !== null && (!Array.isArray(r.tags) || r.tags.length === 0),
    ],
    [
      "email_subscription_status = 'SUBSCRIBED' AND amount_spent > 100",
      () => (r) => r.email_subscription_status === 'SUBSCRIBED' && num(r.amount_spent) > 100,
    ],
    [
      'last_order_date >= -90d',
      () => (r) =>
        (day(r.last_order_date) ?? '') >=
        resolveDate({ kind: 'relative', amount: -90, unit: 'd', start: 0, end: 0 }, context.asOf),
    ],
    ['p_alive < 0.5 AND predicted_clv > 50', () => (r) => num(r.p_alive) < 0.5 && num(r.predicted_clv) > 50],
    [
      "categories_bought CONTAINS 'Garden' OR discount_hunter = true",
      () => (r) =>
        (Array.isArray(r.categories_bought) && r.categories_bought.includes('Garden')) || r.discount_hunter === true,
    ],
  ];
  it.each(cases)('%s', async (query, predicate) => {
    const expected = ids(predicate());
    expect(expected.length, 'the fixture should exercise the query').toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(rows.length);
    expect(await run(query)).toEqual(expected);
  });

  it('orders_placed MATCHES counts the orders that meet every condition', async () => {
    const since = resolveDate({ kind: 'relative', amount: -12, unit: 'm', start: 0, end: 0 }, context.asOf);
    const counts = new Map<string, number>();
    for (const o of orders)
      if (o.day >= since && o.amount >= 50) counts.set(o.customer_id, (counts.get(o.customer_id) ?? 0) + 1);
    const expected = ids((r) => (counts.get(r.customer_id) ?? 0) >= 2);
    expect(expected.length).toBeGreaterThan(0);
    expect(await run('orders_placed MATCHES (count >= 2, date >= -12m, amount >= 50)')).toEqual(expected);
    // count = 0: the customers with no such order at all.
    expect(await run('orders_placed MATCHES (count = 0, date >= -12m, amount >= 50)')).toEqual(
      ids((r) => !counts.has(r.customer_id)),
    );
  });

  it('products_purchased MATCHES finds buyers of a category in a period', async () => {
    const since = resolveDate({ kind: 'relative', amount: -1, unit: 'y', start: 0, end: 0 }, context.asOf);
    const buyers = new Set(
      lines.filter((l) => l.day >= since && l.category?.toLowerCase() === 'garden').map((l) => l.customer_id),
    );
    expect(buyers.size).toBeGreaterThan(0);
    expect(await run("products_purchased MATCHES (category = 'garden', date >= -1y)")).toEqual(
      ids((r) => buyers.has(r.customer_id)),
    );
  });

  it('statistics: count, share, revenue share and AOV of the matching customers', async () => {
    const matching = rows.filter((r) => num(r.amount_spent) > 200);
    const revenue = matching.reduce((s, r) => s + num(r.amount_spent), 0);
    const all = rows.reduce((s, r) => s + num(r.amount_spent), 0);
    const ordersOf = matching.reduce((s, r) => s + num(r.number_of_orders), 0);
    const stats = await segmentStats(db, compileSegment('amount_spent > 200', context));
    expect(stats.count).toBe(matching.length);
    expect(stats.customers).toBe(rows.length);
    expect(stats.share).toBeCloseTo(matching.length / rows.length, 12);
    expect(stats.revenueShare).toBeCloseTo(revenue / all, 10);
    expect(stats.averageOrderValue).toBeCloseTo(revenue / ordersOf, 8);
  });
});

describe('products_purchased on lines without a category', () => {
  it('knows such a line by its product, as the signals do', async () => {
    const own = await NodeExecutor.open();
    const path = writeScratch(
      scratchDirectory(),
      'lines.csv',
      'order_id,customer,date,amount,product,category\n1,a,2024-03-01,10,Garden,\n2,b,2024-03-02,20,Trowel,Garden\n' +
        '3,c,2024-03-03,30,Teapot,Kitchen\n',
    );
    const source = new NodeFileSource(path);
    try {
      const outcome = await importFile(own, source);
      if (!outcome.ok) throw new Error(outcome.message);
      const model = await analyzeCustomers(own);
      const available = await buildAttributeTable(own, { clv: false, signals: false });
      const query = "products_purchased MATCHES (category = 'garden')";
      expect(await segmentCustomerIds(own, compileSegment(query, { asOf: model.asOf, available }))).toEqual(['a', 'b']);
    } finally {
      source.cleanup();
      own.close();
    }
  });
});

describe('saved segments inside segments', () => {
  it('expands a saved segment, negates it, and refuses unknown names and cycles', async () => {
    const segments = new Map([
      ['VIP', "spend_tier = 'HIGH'"],
      ['Loop A', "segment = 'Loop B'"],
      ['Loop B', "segment = 'Loop A'"],
    ]);
    const withSaved = { ...context, segments };
    expect(await run("segment = 'vip' AND number_of_orders > 1", withSaved)).toEqual(
      ids((r) => r.spend_tier === 'HIGH' && num(r.number_of_orders) > 1),
    );
    expect(await run("segment != 'VIP'", withSaved)).toEqual(ids((r) => r.spend_tier !== 'HIGH'));
    expect(() => compileSegment("segment = 'VIPs'", withSaved)).toThrow(
      "no saved segment named 'VIPs' — did you mean 'VIP'?",
    );
    // An RFM group or a tier is not a saved segment: the message names the attribute to use.
    expect(() => compileSegment("segment = 'at risk'", withSaved)).toThrow(
      "no saved segment named 'at risk' — did you mean rfm_group = 'At risk'?",
    );
    expect(() => compileSegment("segment = 'can''t lose them'", withSaved)).toThrow(
      "no saved segment named 'can't lose them' — did you mean rfm_group = 'Can''t lose them'?",
    );
    expect(() => compileSegment("segment = 'Loop A'", withSaved)).toThrow(SegmentError);
    expect(() => compileSegment("segment = 'Loop A'", withSaved)).toThrow(/refers to itself/);
  });

  it('says which model an attribute needs when that model is missing', () => {
    const customersOnly = { ...context, available: new Set(['customers'] as const) };
    expect(() => compileSegment('p_alive < 0.3', customersOnly)).toThrow(
      'p_alive needs the CLV predictions, which are not available for this data',
    );
  });
});

describe('no user text ever becomes SQL', () => {
  it("a '); DROP TABLE value is bound: it matches nothing and drops nothing", async () => {
    expect(await run("country = '''); DROP TABLE orders; --'")).toEqual([]);
    expect(await run("email STARTS WITH '\\'; DELETE FROM customer_attributes; --'")).toEqual([]);
    const [{ n }] = await db.all<{ n: number }>('SELECT count(*) AS n FROM orders');
    expect(n).toBeGreaterThan(0);
    expect((await db.all('SELECT count(*) AS n FROM customer_attributes'))[0]).toEqual({ n: rows.length });
  });

  it('SQL as an attribute is refused before anything runs', () => {
    expect(() => compileSegment('amount_spent; DROP TABLE orders --', context)).toThrow(SegmentError);
    expect(() => compileSegment('"amount_spent" > 1', context)).toThrow(
      'expected an attribute, found \'"amount_spent"\'',
    );
    expect(() => compileSegment('read_csv > 1', context)).toThrow(/unknown attribute 'read_csv'/);
  });

  it('puts every value in a parameter', () => {
    const compiled = compileSegment("country = 'NL' AND amount_spent > 5 AND last_order_date > 2024-01-01", context);
    expect(compiled.where).not.toMatch(/NL|5|2024/);
    expect(compiled.params).toEqual(['NL', 5, '2024-01-01']);
  });
});

describe('comparing segments', () => {
  it('gives each segment its size, revenue, cohorts, countries and categories', async () => {
    const queries = ["spend_tier = 'HIGH'", 'first_time = true', "country = 'NL'"];
    await buildCategorySpend(db);
    const result = await compareSegments(
      db,
      queries.map((q) => compileSegment(q, context)),
    );
    const predicates = [
      (r: Row) => r.spend_tier === 'HIGH',
      (r: Row) => r.first_time === true,
      (r: Row) => text(r.country) === 'nl',
    ];
    predicates.forEach((predicate, i) => {
      const members = rows.filter(predicate);
      const revenue = members.reduce((sum, r) => sum + num(r.amount_spent), 0);
      const ordersOf = members.reduce((sum, r) => sum + num(r.number_of_orders), 0);
      expect(result.segments[i].customers).toBe(members.length);
      expect(result.segments[i].revenue).toBeCloseTo(revenue, 6);
      expect(result.segments[i].averageOrderValue).toBeCloseTo(revenue / ordersOf, 8);
      expect(result.segments[i].repeatRate).toBeCloseTo(
        members.filter((r) => num(r.number_of_orders) > 1).length / members.length,
        12,
      );
      // Cohorts partition the segment by first-order month.
      const cohorts = result.cohorts.filter((c) => c.segment === i);
      expect(cohorts.reduce((sum, c) => sum + c.customers, 0)).toBe(members.length);
      const firstMonth = members.map((r) => day(r.first_order_date)!.slice(0, 7)).sort()[0];
      expect(cohorts[0].month).toBe(firstMonth);
      expect(result.countries.filter((c) => c.segment === i).length).toBeGreaterThan(0);
    });
    // First-time customers have exactly one order: a repeat rate of 0 in every cohort.
    expect(result.cohorts.filter((c) => c.segment === 1).every((c) => c.repeatRate === 0)).toBe(true);
    // All of segment 2 is in the Netherlands.
    expect(result.countries.filter((c) => c.segment === 2)).toEqual([
      { segment: 2, country: expect.stringMatching(/^nl$/i), share: 1 },
    ]);
    // Top categories by line revenue, from the raw lines in plain TypeScript.
    const spend = await db.all<{ customer_id: string; category: string; amount: number }>(
      `SELECT o.customer_id, coalesce(l.category, l.product, '—') AS category, l.line_amount AS amount
       FROM order_lines l JOIN orders o USING (order_id)
       WHERE o.customer_id IS NOT NULL AND l.line_amount IS NOT NULL AND NOT o.cancelled`,
    );
    predicates.forEach((predicate, i) => {
      const members = new Set(rows.filter(predicate).map((r) => r.customer_id));
      const perCategory = new Map<string, number>();
      for (const line of spend)
        if (members.has(line.customer_id))
          perCategory.set(line.category, (perCategory.get(line.category) ?? 0) + line.amount);
      const total = [...perCategory.values()].reduce((a, b) => a + b, 0);
      const top = [...perCategory]
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, 5)
        .map(([category, amount]) => ({ segment: i, category, share: amount / total }));
      const seen = result.categories.filter((c) => c.segment === i);
      expect(seen.map((c) => c.category)).toEqual(top.map((c) => c.category));
      seen.forEach((c, k) => expect(c.share).toBeCloseTo(top[k].share, 10));
    });
  });
});

describe('the segment session the engine worker keeps', () => {
  it('knows which models a query needs, through saved segments', () => {
    const saved = { Loyal: 'p_alive > 0.8', Deal: 'discount_hunter = true AND segment = "Loyal"' };
    expect([...sourcesNeeded("segment = 'deal'", saved)].sort()).toEqual(['clv', 'signals']);
    expect([...sourcesNeeded('amount_spent > 1', saved)]).toEqual(['customers']);
    expect([...sourcesNeeded('amount_spent >', saved)]).toEqual([]);
    // Whose count must follow the behaviour view's rules: directly, or through a saved segment.
    expect(readsSignals("segment = 'deal'", saved)).toBe(true);
    expect(readsSignals('overdue = true', {})).toBe(true);
    expect(readsSignals("segment = 'loyal'", saved)).toBe(false);
    expect(readsSignals('overdue = ', {})).toBe(false);
  });

  it('lists the attributes a query reads, in their own spelling, through saved segments', () => {
    const saved = { Carts: 'ABANDONED_CART_VALUE > 0', Both: "segment = 'carts' OR last_action = 'return'" };
    expect([...attributesUsed("amount_spent > 1 AND NOT segment = 'Both'", saved)].sort()).toEqual([
      'abandoned_cart_value',
      'amount_spent',
      'last_action',
    ]);
    expect([...attributesUsed('no_such_thing > 1', saved)]).toEqual([]);
  });

  it('answers live counts, reports query problems as data, and builds what a query needs on demand', async () => {
    const session = new SegmentSession(db, () => ({ asOf: context.asOf, predictions: true }));
    const stats = await session.stats('amount_spent > 200', {});
    expect(stats).toMatchObject({ ok: true, value: { count: ids((r) => num(r.amount_spent) > 200).length } });
    expect(await session.stats('amout_spent > 200', {})).toEqual({
      ok: false,
      problem: {
        message: "unknown attribute 'amout_spent' — did you mean 'amount_spent'?",
        text: {
          id: 'segmentError.unknownAttribute',
          params: {
            name: 'amout_spent',
            suggestion: { id: 'segmentError.didYouMean', params: { name: 'amount_spent' } },
          },
        },
        start: 0,
        end: 11,
      },
    });
    const hunters = await session.stats('discount_hunter = true', {});
    expect(hunters).toMatchObject({ ok: true, value: { count: ids((r) => r.discount_hunter === true).length } });
    const values = await session.values();
    const perCountry = new Map<string, number>();
    for (const r of rows)
      if (r.country !== null) perCountry.set(String(r.country), (perCountry.get(String(r.country)) ?? 0) + 1);
    expect(values.country?.[0].customers).toBe(Math.max(...perCountry.values()));
  });
  it('computes the signals a query needs first with the rules the behaviour view uses', async () => {
    // Under the default rule (overdue from 2 typical gaps) the ratio itself does not change: counted from it in SQL.
    await computeSignals(db, { asOf: context.asOf });
    const [{ n: expected }] = await db.all<{ n: number }>(
      `SELECT count(*) AS n FROM customer_signals WHERE overdue_ratio >= 1.5`,
    );
    expect(expected).toBeGreaterThan(ids((r) => r.overdue === true).length);
    const session = new SegmentSession(db, () => ({
      asOf: context.asOf,
      predictions: true,
      signalRules: { cadence: { overdueRatio: 1.5 } },
    }));
    expect(await session.stats('overdue = true', {})).toMatchObject({ ok: true, value: { count: expected } });
  });
  it('computes the signals again for a query after a run of them stopped half-way', async () => {
    const session = new SegmentSession(db, () => ({ asOf: context.asOf, predictions: true }));
    await session.computeSignalsWith(() => computeSignals(db, { asOf: context.asOf }));
    // Stopped after its first step (a newer run cancelled it): reading the order history again drops the views over
    // the old one, so the signals stored are no longer whole.
    const stopped = session.computeSignalsWith(async () => {
      await readOrderHistory(db, context.asOf);
      throw new Error('stopped');
    });
    await expect(stopped).rejects.toThrow('stopped');
    const hunters = await session.stats('discount_hunter = true', {});
    expect(hunters).toMatchObject({ ok: true, value: { count: ids((r) => r.discount_hunter === true).length } });
  });
});

describe('the typed customer rows a segment exports (written as Parquet by the browser)', () => {
  it('selects exactly the matching customers, in id order, with numbers, booleans and dates typed', async () => {
    const session = new SegmentSession(db, () => ({ asOf: context.asOf, predictions: true }));
    const query = await session.customerRows("spend_tier = 'HIGH' AND country = 'NL'", {});
    if (!query.ok) throw new Error(query.problem.message);
    const expected = rows
      .filter((r) => r.spend_tier === 'HIGH' && text(r.country) === 'nl')
      .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    const got = await db.all<Row>(query.value.sql, query.value.params);
    expect(got.map((r) => r.customer_id)).toEqual(expected.map((r) => r.customer_id));
    expect(got.map((r) => r.accepts_marketing)).toEqual(
      expected.map((r) => r.email_subscription_status === 'SUBSCRIBED'),
    );
    expect(got.map((r) => r.amount_spent)).toEqual(expected.map((r) => r.amount_spent));
    const [types] = await db.all<Record<string, string>>(
      `SELECT typeof(amount_spent) AS amount, typeof(accepts_marketing) AS consent, typeof(last_order_date) AS last
       FROM (${query.value.sql}) LIMIT 1`,
      query.value.params,
    );
    expect(types).toEqual({ amount: 'DOUBLE', consent: 'BOOLEAN', last: 'DATE' });
    expect(await session.customerRows('amout_spent > 1', {})).toMatchObject({ ok: false });
  });
});

describe('the send-time heatmap of a segment', () => {
  it("counts the segment's orders per ISO weekday and hour, all 168 cells", async () => {
    const session = new SegmentSession(db, () => ({ asOf: context.asOf, predictions: true }));
    const outcome = await session.heatmap("spend_tier = 'HIGH'", {});
    if (!outcome.ok) throw new Error(outcome.problem.message);
    const members = new Set(rows.filter((r) => r.spend_tier === 'HIGH').map((r) => r.customer_id));
    const stamps = await db.all<{ customer_id: string; stamp: string }>(
      `SELECT customer_id, strftime(order_ts, '%Y-%m-%d %H') AS stamp FROM orders
       WHERE customer_id IS NOT NULL AND order_ts < DATE '${context.asOf}' AND NOT cancelled`,
    );
    const expected = new Map<string, number>();
    for (const { customer_id, stamp } of stamps) {
      if (!members.has(customer_id)) continue;
      const [y, m, d] = stamp.slice(0, 10).split('-').map(Number);
      const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
      const key = `${weekday}-${Number(stamp.slice(11))}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(outcome.value).toHaveLength(168);
    for (const cell of outcome.value)
      expect(cell.orders, `${cell.weekday}-${cell.hour}`).toBe(expected.get(`${cell.weekday}-${cell.hour}`) ?? 0);
    expect(outcome.value.reduce((sum, cell) => sum + cell.share, 0)).toBeCloseTo(1, 12);
  });
});
