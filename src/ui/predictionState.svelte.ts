import type { PredictionResult } from '../core/models/clv/predict';
import { failureMessage } from './i18n/i18n.svelte';
import { DEFAULT_YEARLY_DISCOUNT_RATE } from '../core/models/clv/scoreCustomers';
import type { Engine } from './engineClient';
import type { BacktestResult } from '../../workers/protocol';
import { defaultBacktestCutoff } from './predictions/backtestCutoff';

/** The CLV predictions and the back-test on screen. */
export class PredictionState {
  result = $state<PredictionResult | null>(null);
  running = $state(false);
  error = $state<string | null>(null);
  yearlyDiscountRate = $state(DEFAULT_YEARLY_DISCOUNT_RATE);
  backtest = $state<BacktestResult | null>(null);
  backtesting = $state(false);
  cutoff = $state<string>('');
  /** Counts resets: an answer to a request made before the last one is about data no longer loaded. */
  private generation = 0;

  constructor(private readonly engine: () => Engine | null) {}

  async run(): Promise<void> {
    const engine = this.engine();
    if (!engine) return;
    const generation = this.generation;
    this.running = true;
    this.error = null;
    try {
      const started = performance.now();
      const result = await engine.api.predict({ yearlyDiscountRate: this.yearlyDiscountRate });
      if (generation !== this.generation) return;
      this.result = result;
      // Read by `npm run bench`: fit on every customer plus scoring each one, and the worker's time for each (from
      // the plain result: the state proxy cannot be cloned into a performance entry).
      performance.measure('prediction', { start: started, detail: result.timings });
    } catch (error) {
      if (generation === this.generation) this.error = failureMessage(error, 'predictions');
    } finally {
      if (generation === this.generation) this.running = false;
    }
  }

  /** Back-tests at the chosen cut-off (default: two thirds into the history, backtestCutoff.ts). */
  async runBacktest(firstOrder: string, lastOrder: string): Promise<void> {
    const engine = this.engine();
    if (!engine) return;
    if (!this.cutoff) this.cutoff = defaultBacktestCutoff(firstOrder, lastOrder);
    const generation = this.generation;
    this.backtesting = true;
    try {
      const backtest = await engine.api.backtest(this.cutoff);
      if (generation === this.generation) this.backtest = backtest;
    } catch (error) {
      const message = failureMessage(error, 'backtest');
      if (message !== null && generation === this.generation) this.backtest = { eligible: false, reason: message };
    } finally {
      if (generation === this.generation) this.backtesting = false;
    }
  }

  /** New data: what is on screen, or still on its way, describes the previous file. */
  reset(): void {
    this.generation++;
    [this.result, this.error, this.running] = [null, null, false];
    [this.backtest, this.backtesting] = [null, false];
    this.cutoff = '';
  }
}
