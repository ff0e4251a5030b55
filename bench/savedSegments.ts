/** The four saved segments the benchmark compares, in the browser (run.ts) and in the profile (profile.ts). */
export const BENCH_SEGMENTS: Record<string, string> = {
  'High spenders': "spend_tier = 'HIGH'",
  'First-timers': 'first_time = true',
  'At risk': "rfm_group IN ('At risk', 'Can''t lose them')",
  Champions: "rfm_group = 'Champions'",
};
