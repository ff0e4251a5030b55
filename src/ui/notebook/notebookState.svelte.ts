import {
  addCell,
  defaultNotebook,
  History,
  moveCell,
  newCellId,
  removeCell,
  updateCell,
  type Cell,
  type CellType,
  type Notebook,
} from './notebook';

/** The notebook on screen, its undo history and presentation mode. Edits go through here so each is undoable. */
export class NotebookState {
  notebook = $state<Notebook>(defaultNotebook());
  canUndo = $state(false);
  canRedo = $state(false);
  presenting = $state(false);
  /** Index of the cell shown in presentation mode. */
  slide = $state(0);
  private history = new History<Notebook>(this.notebook);
  private presentedFrom: string | null = null;

  constructor(private readonly onChange: (notebook: Notebook) => void = () => undefined) {}

  add(type: CellType, index?: number, params?: Record<string, string>): string {
    const cell: Cell = { id: newCellId(), type, ...(params ? { params } : {}) };
    this.apply(addCell(this.notebook, cell, index));
    return cell.id;
  }

  remove(id: string): void {
    this.apply(removeCell(this.notebook, id));
  }

  move(id: string, delta: number): void {
    this.apply(moveCell(this.notebook, id, delta));
  }

  toggle(id: string): void {
    const cell = this.notebook.cells.find((c) => c.id === id);
    if (cell) this.apply(updateCell(this.notebook, id, { collapsed: !cell.collapsed }));
  }

  setParams(id: string, params: Record<string, string>): void {
    this.apply(updateCell(this.notebook, id, { params }));
  }

  undo(): void {
    this.show(this.history.undo());
  }

  redo(): void {
    this.show(this.history.redo());
  }

  /** Replaces the whole notebook (a lesson, a link, a file, the saved one): a fresh start, not an undoable edit. */
  open(notebook: Notebook): void {
    this.history.reset(notebook);
    this.show(notebook);
  }

  /**
   * Presents from cell `from`. `origin` names the button that asked ('toolbar' or a cell's id): the notebook is
   * rebuilt when presenting ends, so that button is a new element, and it takes the focus back (see `returnsTo`).
   */
  present(from = 0, origin: string | null = null): void {
    this.slide = Math.max(0, Math.min(from, this.notebook.cells.length - 1));
    this.presenting = this.notebook.cells.length > 0;
    this.presentedFrom = this.presenting ? origin : null;
  }

  /** Whether `origin` started the presentation just left; true once, for the button to take the focus back. */
  returnsTo(origin: string): boolean {
    if (this.presenting || this.presentedFrom !== origin) return false;
    this.presentedFrom = null;
    return true;
  }

  step(delta: number): void {
    this.slide = Math.max(0, Math.min(this.notebook.cells.length - 1, this.slide + delta));
  }

  private apply(next: Notebook): void {
    this.history.push(next);
    this.show(next);
  }

  private show(notebook: Notebook): void {
    this.notebook = notebook;
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
    this.slide = Math.min(this.slide, Math.max(0, notebook.cells.length - 1));
    this.onChange($state.snapshot(notebook) as Notebook);
  }
}
