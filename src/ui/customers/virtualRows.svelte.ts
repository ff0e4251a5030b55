import { tick } from 'svelte';
import { listScroll, renderedRows, rowTarget, scrollToShow } from './rowNavigation';

/**
 * The customer table's rows box: one height for every row, so that only the rows in view exist in the DOM and a
 * million customers scroll like a hundred; the row that takes Tab; keys that move between rows; the headings that
 * follow the rows sideways. The arithmetic is rowNavigation.ts's.
 */
export class VirtualRows {
  /**
   * The row height measured on a hidden row of the same make (CustomerTableRows' probe), so that it follows the text
   * size (a browser's larger text).
   */
  measured = $state<ResizeObserverSize[]>();
  /** The box's height inside. */
  viewport = $state(480);
  /** The box's scroll offset, as the browser last reported it. */
  scrolled = $state(0);
  /**
   * The offset into the rows a key last moved to, exact: the box's scrollTop, rounded by the browser, would miss it by
   * up to a pixel times the scale and could leave the row partly out of view. Used while the box still sits where it
   * was sent; a scroll by hand, or a new scale (another filter), falls back to the box's offset.
   */
  private sentTo = $state<number | null>(null);
  /** The row focused last (roving tabindex). */
  focusedRow = $state(0);
  /** The box's width and the room inside it: what the scroll bar beside the rows takes, kept free beside the headings. */
  boxWidth = $state(0);
  rowsWidth = $state(0);
  /** The box that scrolls the rows, and the one that holds the headings. */
  box?: HTMLDivElement;
  headings?: HTMLDivElement;

  // The fields that read the constructor's arguments are `$derived.by`: a field's initialiser runs before those are
  // set (TS2729), a function only when read.
  /** Until measured, the height at the usual 16 px. */
  readonly rowHeight = $derived.by(() =>
    this.measured?.[0] ? Math.ceil(this.measured[0].blockSize) : this.compact() ? 57 : 37,
  );
  /** The box's height and its scroll offsets onto the rows, scaled past a browser's tallest box (rowNavigation.ts). */
  readonly scroll = $derived.by(() => listScroll(this.total(), this.rowHeight, this.viewport));
  /** How far down the rows the view starts, in px of the rows' full height. */
  readonly rowsTop = $derived(
    this.sentTo !== null && Math.abs(this.scroll.toScroll(this.sentTo) - this.scrolled) < 1
      ? this.sentTo
      : this.scroll.toRows(this.scrolled),
  );
  /** The rows that exist in the DOM: those in view and a few around them. */
  readonly visible = $derived.by(() => renderedRows(this.total(), this.rowHeight, this.rowsTop, this.viewport));
  /**
   * One tab stop for the whole list (WAI-ARIA Authoring Practices, roving tabindex): the row focused last while it is
   * rendered, else the first row in view, so Tab leaves the table instead of walking a thousand rows.
   */
  readonly tabStop = $derived.by(() =>
    this.visible.includes(this.focusedRow)
      ? this.focusedRow
      : Math.min(Math.ceil(this.rowsTop / this.rowHeight), this.total() - 1),
  );
  readonly scrollbarWidth = $derived(this.boxWidth - this.rowsWidth);

  constructor(
    private readonly total: () => number,
    /** The phone layout, two lines a row (CustomerTable). */
    private readonly compact: () => boolean,
  ) {}

  /** Where row `index` is drawn inside the box's scrolled height. */
  top(index: number): number {
    return index * this.rowHeight - this.rowsTop + this.scrolled;
  }

  /** The rows scrolled: the rows drawn follow, and the headings follow them sideways. */
  scrolledTo(box: HTMLDivElement): void {
    this.scrolled = box.scrollTop;
    if (this.headings) this.headings.scrollLeft = box.scrollLeft;
  }

  /** The headings scrolled sideways (a heading reached by Tab past the box's edge): the rows follow. */
  headingsScrolled(headings: HTMLDivElement): void {
    if (this.box) this.box.scrollLeft = headings.scrollLeft;
  }

  /** Keys that move between rows scroll the target row into view, render it, then focus it (rowNavigation.ts). */
  async moveFocus(event: KeyboardEvent, index: number): Promise<void> {
    if (event.altKey || event.ctrlKey || event.metaKey) return; // Alt+↑/↓ moves the notebook cell (CellFrame)
    const target = rowTarget(event.key, index, this.total(), Math.floor(this.viewport / this.rowHeight));
    if (target === null || !this.box) return;
    event.preventDefault();
    this.sentTo = scrollToShow(target, this.rowHeight, this.rowsTop, this.viewport);
    this.box.scrollTop = this.scroll.toScroll(this.sentTo);
    this.scrolled = this.box.scrollTop;
    await tick();
    this.box.querySelector<HTMLElement>(`[aria-rowindex="${target + 2}"]`)?.focus();
  }
}
