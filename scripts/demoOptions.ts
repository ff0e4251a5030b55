/** The demo shop's fixed parameters: ~5,000 customers over three years ending 2026-10-31, seed fixed. */
export const DEMO_OPTIONS = {
  seed: 20261031,
  customers: 5000,
  start: new Date('2023-11-01T00:00:00Z'),
  end: new Date('2026-10-31T00:00:00Z'),
};
