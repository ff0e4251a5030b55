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

  constructor(private readonly engine: () => Engine | null) {}

  async run(): Promise<void> {
    const engine = this.engine();
    if (!engine) return;
    this.running = true;
    this.error = null;
    try {
      const started = performance.now();
      const result = await engine.api.predict({ yearlyDiscountRate: this.yearlyDiscountRate });
      this.result = result;
      // Read by `npm run bench`: fit on every customer plus scoring each one, and the worker's time for each (from
      // the plain result: the state proxy cannot be cloned into a performance entry).
      performance.measure('prediction', { start: started, detail: result.timings });
    } catch (error) {
      this.error = failureMessage(error, 'predictions');
    } finally {
      this.running = false;
    }
  }

  /** Back-tests at the chosen cut-off (default: two thirds into the history, backtestCutoff.ts). */
  async runBacktest(firstOrder: string, lastOrder: string): Promise<void> {
    const engine = this.engine();
    if (!engine) return;
    if (!this.cutoff) this.cutoff = defaultBacktestCutoff(firstOrder, lastOrder);
    this.backtesting = true;
    try {
      this.backtest = await engine.api.backtest(this.cutoff);
    } catch (error) {
      const message = failureMessage(error, 'backtest');
      if (message !== null) this.backtest = { eligible: false, reason: message };
    } finally {
      this.backtesting = false;
    }
  }

  reset(): void {
    this.result = null;
    this.backtest = null;
    this.cutoff = '';
  }
}
