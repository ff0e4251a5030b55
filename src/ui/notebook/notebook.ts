import { SEGMENT_LIMITS } from '../segments/savedSegments';

/**
 * The notebook document: an ordered list of cells, and the pure edits on it. Framework-free so the edits and the
 * undo history are unit-tested; `notebookState.svelte.ts` wraps them in runes for the page. The cell shape matches
 * the share link's state (never data: a cell holds only its type, whether it is collapsed, and small parameters).
 */
export const CELL_TYPES = [
  'summary',
  'rfm',
  'tiers',
  'clv',
  'backtest',
  'behaviour',
  'segment',
  'compare',
  'chart',
  'note',
] as const;
export type CellType = (typeof CELL_TYPES)[number];

export interface Cell {
  id: string;
  type: CellType;
  collapsed?: boolean;
  /** Per-type parameters: a note's Markdown text, a chart's measure/dimension/mark, a segment's query and name. */
  params?: Record<string, string>;
}

export interface Notebook {
  cells: Cell[];
}

/** What a new file shows: the main insights in the order a merchant reads them. */
export const DEFAULT_CELLS: CellType[] = ['summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment'];

let counter = 0;
/** Ids only need to be unique within one notebook; a counter plus time keeps them short and readable. */
export function newCellId(): string {
  counter += 1;
  return `c${Date.now().toString(36)}${counter.toString(36)}`;
}

export function defaultNotebook(): Notebook {
  return { cells: DEFAULT_CELLS.map((type) => ({ id: newCellId(), type })) };
}

export function addCell(notebook: Notebook, cell: Cell, index = notebook.cells.length): Notebook {
  const cells = notebook.cells.slice();
  cells.splice(Math.max(0, Math.min(index, cells.length)), 0, cell);
  return { cells };
}

export function removeCell(notebook: Notebook, id: string): Notebook {
  return { cells: notebook.cells.filter((cell) => cell.id !== id) };
}

/** Moves a cell by `delta` places, clamped to the ends; unknown ids leave the notebook as it was. */
export function moveCell(notebook: Notebook, id: string, delta: number): Notebook {
  const from = notebook.cells.findIndex((cell) => cell.id === id);
  if (from < 0) return notebook;
  const to = Math.max(0, Math.min(notebook.cells.length - 1, from + delta));
  if (to === from) return notebook;
  const cells = notebook.cells.slice();
  const [cell] = cells.splice(from, 1);
  cells.splice(to, 0, cell);
  return { cells };
}

export function updateCell(notebook: Notebook, id: string, change: Partial<Omit<Cell, 'id'>>): Notebook {
  return { cells: notebook.cells.map((cell) => (cell.id === id ? { ...cell, ...change } : cell)) };
}

/**
 * Undo/redo over immutable snapshots (the notebook is small: tens of cells of a few short strings). A new edit
 * clears the redo stack, as in every editor; the history is capped so a long session cannot grow without bound.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];

  constructor(
    public present: T,
    private readonly limit = 100,
  ) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  push(next: T): void {
    if (next === this.present) return;
    this.past.push(this.present);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
    this.present = next;
  }

  undo(): T {
    const previous = this.past.pop();
    if (previous !== undefined) {
      this.future.push(this.present);
      this.present = previous;
    }
    return this.present;
  }

  redo(): T {
    const next = this.future.pop();
    if (next !== undefined) {
      this.past.push(this.present);
      this.present = next;
    }
    return this.present;
  }

  /** Starts over from `present` (a notebook opened from a link, a lesson or a file is not an undoable edit). */
  reset(present: T): void {
    this.past = [];
    this.future = [];
    this.present = present;
  }
}

/** Limits for a notebook read from storage or a file: enough for any real notebook, too small to hurt. */
export const NOTEBOOK_LIMITS = { cells: 60, noteLength: 20_000, paramLength: 200 };

/**
 * Parameters that hold more than a short word: a segment cell's query may be as long as a saved segment's, and a
 * compare cell lists as many saved names as there may be, one a line. Cut shorter, they would come back broken
 * from storage or a link.
 */
const PARAM_LENGTHS: Record<string, number> = {
  text: NOTEBOOK_LIMITS.noteLength,
  query: SEGMENT_LIMITS.query,
  segments: SEGMENT_LIMITS.count * (SEGMENT_LIMITS.name + 1),
};

/**
 * A notebook from untrusted JSON (browser storage, an imported file): unknown cell types and keys are dropped,
 * strings are capped, ids are made unique. Returns null when nothing usable is there.
 */
export function parseNotebook(value: unknown): Notebook | null {
  if (!value || typeof value !== 'object' || !Array.isArray((value as Notebook).cells)) return null;
  const seen = new Set<string>();
  const cells: Cell[] = [];
  for (const raw of (value as { cells: unknown[] }).cells.slice(0, NOTEBOOK_LIMITS.cells)) {
    if (!raw || typeof raw !== 'object') continue;
    const { id, type, collapsed, params } = raw as Record<string, unknown>;
    if (!CELL_TYPES.includes(type as CellType)) continue;
    const cell: Cell = {
      id: typeof id === 'string' && /^[\w-]{1,40}$/.test(id) && !seen.has(id) ? id : newCellId(),
      type: type as CellType,
    };
    seen.add(cell.id);
    if (collapsed === true) cell.collapsed = true;
    if (params && typeof params === 'object') {
      const clean: Record<string, string> = {};
      for (const [key, text] of Object.entries(params as Record<string, unknown>)) {
        if (typeof text !== 'string' || !/^[a-z_]{1,20}$/.test(key)) continue;
        clean[key] = text.slice(
          0,
          Object.hasOwn(PARAM_LENGTHS, key) ? PARAM_LENGTHS[key] : NOTEBOOK_LIMITS.paramLength,
        );
      }
      cell.params = clean;
    }
    cells.push(cell);
  }
  return { cells };
}
