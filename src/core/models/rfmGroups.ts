/**
 * Named RFM groups on the recency × FM grid, FM = (F + M) / 2 rounded half up.
 *
 * Source: the eleven-segment RFM map popularised by Putler ("RFM Analysis For Successful Customer Segmentation",
 * 2018) and the R × average(F, M) grid used in common RFM notebooks. Those published maps define segments by
 * overlapping score ranges and leave cells unassigned ("Others"); here every one of the 25 cells maps to exactly one
 * group, chosen by the group's definition in words: the most recent and valuable are Champions, recent one-off
 * buyers are New customers, valuable but long gone are Can't lose them, and so on. The 3-level grid (Klaviyo-style
 * scores) uses the nine groups that keep a meaning at that resolution; At risk and Promising need finer scores.
 */
export const RFM_GROUPS = [
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
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

/** Rows R = 5 (most recent) … 1; columns FM = 1 … 5. */
const GRID_5: RfmGroup[][] = [
  ['New customers', 'Potential loyalists', 'Potential loyalists', 'Champions', 'Champions'],
  ['Promising', 'Potential loyalists', 'Loyal', 'Loyal', 'Champions'],
  ['About to sleep', 'About to sleep', 'Needs attention', 'Loyal', 'Loyal'],
  ['Hibernating', 'Hibernating', 'At risk', 'At risk', "Can't lose them"],
  ['Lost', 'Lost', 'Hibernating', 'At risk', "Can't lose them"],
];
/** Rows R = 3 … 1; columns FM = 1 … 3. */
const GRID_3: RfmGroup[][] = [
  ['New customers', 'Potential loyalists', 'Champions'],
  ['About to sleep', 'Needs attention', 'Loyal'],
  ['Lost', 'Hibernating', "Can't lose them"],
];

export interface GridCell {
  r: number;
  fm: number;
  group: RfmGroup;
}

export function rfmGrid(levels: 3 | 5): GridCell[] {
  const grid = levels === 5 ? GRID_5 : GRID_3;
  return grid.flatMap((row, i) => row.map((group, j) => ({ r: levels - i, fm: j + 1, group })));
}

/** FM = (F + M) / 2 rounded half up: a customer strong on either measure is not pulled down by the other. */
export function fmScore(frequency: number, monetary: number): number {
  return Math.floor((frequency + monetary + 1) / 2);
}

/** SQL for the same rounding, kept next to its TypeScript twin. */
export function fmScoreSql(frequency: string, monetary: string): string {
  return `CAST(floor((${frequency} + ${monetary} + 1) / 2) AS INTEGER)`;
}
