import { describe, expect, it } from 'vitest';
import { fromWorker } from '../../../tests/engineFailures';
import { failureText, type EngineTask } from './failureText';
import { translate, type Language } from './translate';

const worded = (error: unknown, task: EngineTask, language: Language = 'en') =>
  failureText(error, task, (key, params) => translate(language, key, params, language));

describe('failureText', () => {
  it('wraps a DuckDB error in what the page was doing and what to do, quoting its first line only', () => {
    const error = fromWorker('Error', 'Binder Error: Referenced column "x" not found in FROM clause!\n\nLINE 1: …');
    expect(worded(error, 'customers')).toBe(
      'The analysis engine stopped while analysing the customers: “Binder Error: Referenced column "x" not found in ' +
        'FROM clause!”. The data you loaded is unchanged. Try again; if the same message comes back, it is a fault ' +
        'in Segmentlab: please report it, quoting this message.',
    );
  });

  it('says what to do when memory runs out, without DuckDB’s advice on temp directories', () => {
    const error = fromWorker(
      'Error',
      'Out of Memory Error: could not allocate block of size 256.0 KiB (7.5 MiB/7.6 MiB used)\nDatabase is launched in in-memory mode',
    );
    expect(worded(error, 'signals')).toBe(
      'The browser ran out of memory while computing the behavioural signals. Close other tabs and windows, then ' +
        'try again. If it happens again, the data is more than this browser can hold: load a shorter export, for ' +
        'example the last two years of orders.',
    );
    expect(worded(error, 'predictions', 'nl')).toBe(
      'De browser had te weinig geheugen tijdens het voorspellen van de klantwaarde. Sluit andere tabbladen en ' +
        'vensters en probeer het opnieuw. Gebeurt het weer, dan zijn de gegevens meer dan deze browser kan bevatten: ' +
        'laad een kortere export, bijvoorbeeld de orders van de laatste twee jaar.',
    );
  });

  it('asks for a reload after a crash of the engine, in the UI language', () => {
    expect(worded(fromWorker('RuntimeError', 'memory access out of bounds'), 'chart', 'fr')).toBe(
      'Le moteur d’analyse a planté pendant le tracé du graphique (memory access out of bounds). Rechargez la page ' +
        'pour le redémarrer\u00a0: votre carnet et vos segments enregistrés sont conservés.',
    );
  });

  it('passes our own sentences through and says nothing about a cancelled request', () => {
    expect(worded(fromWorker('Error', 'Analyse the customers first.'), 'backtest')).toBe(
      'Analyse the customers first.',
    );
    expect(worded(fromWorker('Error', 'cancelled'), 'table')).toBeNull();
  });
});
