import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'workers/**/*.test.ts',
      'cli/**/*.test.ts',
      'scripts/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    // End-to-end tests drive Chromium and DuckDB-WASM through whole imports on two shared cores; under a full run a
    // single one can take well over half a minute without anything being wrong.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // DuckDB instances and Chromium are heavy; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
