/**
 * `npm run bench:profile -- FILE` — where the worker's time goes, statement by statement: runs the app's own
 * WasmExecutor on DuckDB-WASM's Node build (the same wasm as the browser's `eh` bundle, in Node's V8) and prints the
 * time of every SQL statement of the import, the customer model, a cut-off change, the CLV prediction, a comparison
 * of four segments and the behavioural signals. Absolute times run higher than in Chromium; the split between steps
 * is what it is for.
 */
import { NodeFileSource } from '../cli/nodeSource';
import { importFile } from '../src/core/ingest/importFile';
import { buildAndScore, scoreCustomers } from '../src/core/models/analyzeCustomers';
import { predictWithFit } from '../src/core/models/clv/predict';
import { behaviourOverview } from '../src/core/models/signals/behaviour';
import { customerBaseOverview } from '../src/core/models/overview';
import { SegmentSession } from '../src/core/segments/session';
import { openWasmInNode } from '../tests/wasmInNode';
import { BENCH_SEGMENTS } from './savedSegments';

const file = process.argv[2];
if (!file) throw new Error('usage: npm run bench:profile -- FILE');
const db = await openWasmInNode();

// Every statement goes through runToChunks: time it there.
let logging = false;
const runToChunks = db.runToChunks.bind(db);
db.runToChunks = async (sql: string) => {
  const started = performance.now();
  const result = await runToChunks(sql);
  if (logging)
    console.log(`  ${Math.round(performance.now() - started)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 100)}`);
  return result;
};
async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  logging = true;
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

const imported = await step('import', () => importFile(db, new NodeFileSource(file)));
if (!imported.ok) throw new Error(imported.message);
const { model, measures } = await step('customer model', () => buildAndScore(db));
await step('overview (score-free part)', async () => customerBaseOverview(measures));
await step('cut-off change 5 → 3', () => scoreCustomers(db, model.asOf, { rfm: { levels: 3 } }, measures));
await step('CLV fit and scoring', () => predictWithFit(db, model.asOf));
const saved = BENCH_SEGMENTS;
const session = new SegmentSession(db, () => ({ asOf: model.asOf, predictions: true }));
await step('first segment query', () => session.stats("segment = 'Champions'", saved));
await step('first comparison (builds the category spend)', () => session.compare(["segment = 'Champions'"], saved));
await step('compare 4 segments', () =>
  session.compare(
    Object.keys(saved).map((name) => `segment = '${name}'`),
    saved,
  ),
);
await step('behavioural signals', () => behaviourOverview(db, { asOf: model.asOf }));
// DuckDB-WASM's Node build keeps the process alive.
process.exit(0);
