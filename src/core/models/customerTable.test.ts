import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { shared } from '../../../tests/fixtures/files';
import { importFile } from '../ingest/importFile';
import { analyzeCustomers, buildAndScore, scoreCustomers } from './analyzeCustomers';
import { ChosenRows, customerPageRowsSql, customerPageSql, type CustomerFilter, type TableSort } from './customerTable';

let db: NodeExecutor;
beforeAll(async () => {
  db = await NodeExecutor.open();
  const outcome = await importFile(db, new NodeFileSource(shared('CDNOW_sample.txt')));
  expect(outcome.ok).toBe(true);
  await analyzeCustomers(db, { rfm: { levels: 3 } });
});
afterAll(() => db.close());

/** A page the two-step way the worker loads it: the rows first, then their columns. */
async function page(filter: CustomerFilter, sort: TableSort, offset: number, limit: number): Promise<string[]> {
  const chosen = customerPageRowsSql(filter, sort, offset, limit);
  const rows = await db.all<{ customer_row: number }>(chosen.sql, chosen.params);
  const columns = customerPageSql(
    rows.map((row) => row.customer_row),
    sort,
  );
  return (await db.all<{ customer_id: string }>(columns.sql, columns.params)).map((row) => row.customer_id);
}

/** The named groups from best to worst, as the issue lists them, and the tiers from high to low. */
const GRID_ORDER = [
  'Champions',
  'Loyal',
  'Potential loyalists',
  'New customers',
  'Promising',
  'Needs attention',
  'About to sleep',
  'At risk',
  "Can't lose them",
  'Hibernating',
  'Lost',
];
const RANKS: Partial<Record<string, string[]>> = { rfm_group: GRID_ORDER, spend_tier: ['HIGH', 'MEDIUM', 'LOW'] };

describe('customer table pages', () => {
  // Sorts with heavy ties (3-level scores, first-time flags), a text column and a measure; filters on a score-based
  // group, a flag and a search.
  const sorts: TableSort[] = [
    { column: 'amount_spent', descending: true },
    { column: 'recency_score', descending: false },
    { column: 'rfm_group', descending: true },
    { column: 'rfm_group', descending: false },
    { column: 'spend_tier', descending: false },
    { column: 'first_time', descending: true },
  ];
  const filters: CustomerFilter[] = [{}, { group: 'Lost' }, { firstTime: false }, { search: '12' }];
  for (const sort of sorts) {
    for (const filter of filters) {
      it(`pages through ${JSON.stringify(filter)} by ${sort.column} ${sort.descending ? 'desc' : 'asc'} as one ordered list`, async () => {
        const where = [
          filter.group ? `rfm_group = '${filter.group}'` : null,
          filter.firstTime === false ? 'NOT first_time' : null,
          filter.search ? `(customer_id ILIKE '%${filter.search}%' OR email ILIKE '%${filter.search}%')` : null,
        ].filter(Boolean);
        // The whole list, ordered the documented way (the sort column, then the customer id), written out directly;
        // groups rank in the grid's order (Champions first) and tiers from HIGH to LOW, not by name.
        const ranks = RANKS[sort.column];
        const sql = `SELECT customer_id, ${sort.column} AS value FROM customer_model ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
        const rows = await db.all<{ customer_id: string; value: string }>(
          ranks ? sql : `${sql} ORDER BY ${sort.column} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, customer_id`,
        );
        if (ranks) {
          // Customers without a tier (none here: every customer gets one) would go last either way.
          const rank = (value: string) => ranks.indexOf(value);
          const direction = sort.descending ? -1 : 1;
          rows.sort(
            (a, b) =>
              direction * (rank(a.value) - rank(b.value)) ||
              (a.customer_id < b.customer_id ? -1 : a.customer_id > b.customer_id ? 1 : 0),
          );
        }
        const everyone = rows.map((row) => row.customer_id);
        expect(everyone.length).toBeGreaterThan(0);
        const pages: string[] = [];
        for (let offset = 0; offset < everyone.length + 100; offset += 100) {
          pages.push(...(await page(filter, sort, offset, 100)));
        }
        expect(pages).toEqual(everyone);
      });
    }
  }

  it('has nothing to show past the last customer', async () => {
    expect(await page({}, { column: 'amount_spent', descending: true }, 10_000, 100)).toEqual([]);
  });
});

describe('pages kept across a cut-off change', () => {
  const bySpend: TableSort = { column: 'amount_spent', descending: true };
  const rowsOf = async (filter: CustomerFilter, sort: TableSort) => {
    const chosen = customerPageRowsSql(filter, sort, 0, 100);
    return (await db.all<{ customer_row: number }>(chosen.sql, chosen.params)).map((row) => row.customer_row);
  };

  it('keeps a page whose filter and sort read no score, and forgets the others', async () => {
    const { model, measures } = await buildAndScore(db, { rfm: { levels: 3 } });
    const kept = new ChosenRows();
    kept.set({ firstTime: false }, bySpend, 0, 100, 1, await rowsOf({ firstTime: false }, bySpend));
    kept.set({ group: 'Lost' }, bySpend, 0, 100, 1, await rowsOf({ group: 'Lost' }, bySpend));
    kept.set({}, { column: 'recency_score', descending: true }, 0, 100, 1, [1]);
    kept.set({ tier: 'HIGH' }, bySpend, 0, 100, 1, [1]);
    const lostBefore = await rowsOf({ group: 'Lost' }, bySpend);
    try {
      await scoreCustomers(db, model.asOf, { rfm: { levels: 5 } }, measures);
      kept.rescored();
      // The same customers as choosing the page afresh under the new scores; the Lost group itself changed.
      expect(kept.get({ firstTime: false }, bySpend, 0, 100)?.rows).toEqual(
        await rowsOf({ firstTime: false }, bySpend),
      );
      expect(await rowsOf({ group: 'Lost' }, bySpend)).not.toEqual(lostBefore);
      expect(kept.get({ group: 'Lost' }, bySpend, 0, 100)).toBeNull();
      expect(kept.get({}, { column: 'recency_score', descending: true }, 0, 100)).toBeNull();
      expect(kept.get({ tier: 'HIGH' }, bySpend, 0, 100)).toBeNull();
      // Another offset is another page.
      expect(kept.get({ firstTime: false }, bySpend, 100, 100)).toBeNull();
      kept.clear();
      expect(kept.get({ firstTime: false }, bySpend, 0, 100)).toBeNull();
    } finally {
      await scoreCustomers(db, model.asOf, { rfm: { levels: 3 } }, measures);
    }
  });

  it('forgets the oldest page beyond 200', () => {
    const kept = new ChosenRows();
    for (let offset = 0; offset <= 200 * 100; offset += 100) kept.set({}, bySpend, offset, 100, 1, [offset]);
    expect(kept.get({}, bySpend, 0, 100)).toBeNull();
    expect(kept.get({}, bySpend, 100, 100)).toEqual({ total: 1, rows: [100], readsScores: false });
  });
});
