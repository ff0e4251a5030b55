import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeExecutor } from '../../../cli/nodeExecutor';
import { NodeFileSource } from '../../../cli/nodeSource';
import { importFile } from '../../core/ingest/importFile';
import { analyzeCustomers } from '../../core/models/analyzeCustomers';
import { buildAttributeTable } from '../../core/segments/attributeView';
import { compileSegment, type CompileContext } from '../../core/segments/compile';
import { segmentStats } from '../../core/segments/segmentStats';
import { SEGMENT_TEMPLATES } from './templates';

let db: NodeExecutor;
let context: CompileContext;
let customers: number;
beforeAll(async () => {
  // The demo shop the page opens with: the templates are what a first visitor clicks.
  db = await NodeExecutor.open();
  const outcome = await importFile(db, new NodeFileSource('public/demo/demo-shop.csv.gz'));
  if (!outcome.ok) throw new Error(outcome.message);
  const model = await analyzeCustomers(db);
  customers = model.customers;
  context = { asOf: model.asOf, available: await buildAttributeTable(db, { clv: false, signals: false }) };
}, 60_000);
afterAll(() => db.close());

describe('segment templates', () => {
  it.each(SEGMENT_TEMPLATES.map((template) => [template.key, template.query]))(
    '%s finds some of the demo shop’s customers, not all: %s',
    async (_key, query) => {
      const { count } = await segmentStats(db, compileSegment(query, context));
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(customers);
    },
  );
});
