import { isInvoiceLines } from './adapters/invoiceLines';
import { isShopifyExport } from './adapters/shopify';
import { isWooCommerceExport } from './adapters/woocommerce';
import { autoMapColumns } from './columnMapping';
import { dedupeColumnNames } from './reader';
import { planColumns } from './formatColumns';
import { hasHeader, leadingTitleLines, splitFields, splitRecords } from './sniff/dialect';

/** What the choice looks at in one worksheet (xlsx.ts measures it). */
export interface SheetShape {
  /** The sheet's first non-empty rows as CSV (comma-separated, as xlsx.ts writes it). */
  head: string;
  /**
   * How many rows hold a value, the header and any title lines included; Infinity for a sheet too large to read
   * whole (xlsx.ts), of which only the first rows were read: it has more than any other.
   */
  rows: number;
}

/** What the choice weighs of one sheet: can its header be mapped without asking, and how many data rows it has. */
export interface SheetMeasure {
  mappable: boolean;
  dataRows: number;
}

/** A sheet this many times larger than another makes the smaller one look like a summary or a sample beside it. */
export const FAR_MORE_ROWS = 10;

/**
 * Which worksheet of a workbook to import when the user did not name one. Merchants' workbooks often open on a pivot,
 * a chart's data or notes, with the orders on another tab; reading the first tab blindly would import the summary.
 *
 * The rule:
 * 1. The candidates are the worksheets whose header row the importer can map without asking (a Shopify,
 *    WooCommerce or invoice-lines export, or generic headers naming every column the import needs) — or, when no
 *    sheet has such a header, every worksheet (the mapping step then asks about the one chosen).
 * 2. Among them, the first in tab order that has at least a tenth (1 / FAR_MORE_ROWS) as many data rows as the
 *    largest candidate: so the first tab stays the choice unless it has no mappable header while another has, or
 *    another table is more than ten times its size.
 * A sheet too large to read whole (xlsx.ts) is measured by its first rows and counts as larger than any other: chosen
 * when its header is mappable (reading it then says it is too large, and what to do), passed over when another
 * sheet's header is mappable and its own is not — one oversized tab of notes or raw data does not stop the orders on
 * another tab from loading.
 * Returns the index of the chosen sheet in `shapes` (tab order); 0 for an empty list.
 */
export function chooseSheet(shapes: SheetShape[]): number {
  return chooseMeasured(shapes.map(measureSheet));
}

/** chooseSheet over sheets already measured (measureSheet), for a caller that measures them one at a time. */
export function chooseMeasured(sheets: SheetMeasure[]): number {
  const measured = sheets.map((sheet, index) => ({ index, ...sheet }));
  const mappable = measured.filter((sheet) => sheet.mappable);
  const candidates = mappable.length > 0 ? mappable : measured;
  const largest = candidates.reduce((most, sheet) => Math.max(most, sheet.dataRows), 0);
  return candidates.find((sheet) => sheet.dataRows * FAR_MORE_ROWS >= largest)?.index ?? 0;
}

/**
 * The sheet's header and data rows as the importer will see them (importFile.ts `sniff`): title lines above the
 * table skipped, the first record a header unless it looks like values; mappable as `chooseAdapter` and
 * `planColumns` would map it with no help.
 */
export function measureSheet({ head, rows }: SheetShape): SheetMeasure {
  const titleLines = leadingTitleLines(head);
  const records = splitRecords(head.split('\n').slice(titleLines).join('\n'));
  if (records.length === 0) return { mappable: false, dataRows: 0 };
  const first = splitFields(records[0], ',');
  const header = hasHeader(first, records[1] === undefined ? undefined : splitFields(records[1], ','));
  const dataRows = Math.max(0, rows - titleLines - (header ? 1 : 0));
  if (!header) return { mappable: false, dataRows };
  const columns = dedupeColumnNames(first);
  const mappable =
    isShopifyExport(columns) ||
    isWooCommerceExport(columns) ||
    isInvoiceLines(columns) ||
    planColumns('generic', columns, autoMapColumns(columns)).missing.length === 0;
  return { mappable, dataRows };
}
