import { describe, expect, it } from 'vitest';
import { addCell, defaultNotebook, History, moveCell, removeCell, updateCell, type Notebook } from './notebook';

const book = (...types: string[]): Notebook => ({
  cells: types.map((type, i) => ({ id: `id${i}`, type: type as 'note' })),
});
const types = (n: Notebook) => n.cells.map((c) => c.type as string);

describe('notebook edits', () => {
  it('the default notebook shows summary, RFM, tiers, CLV fit, back-test, behaviour and a segment, with distinct ids', () => {
    const notebook = defaultNotebook();
    expect(types(notebook)).toEqual(['summary', 'rfm', 'tiers', 'clv', 'backtest', 'behaviour', 'segment']);
    expect(new Set(notebook.cells.map((c) => c.id)).size).toBe(7);
  });

  it('adds at an index (clamped) or at the end', () => {
    const start = book('summary', 'rfm');
    expect(types(addCell(start, { id: 'n', type: 'note' }, 1))).toEqual(['summary', 'note', 'rfm']);
    expect(types(addCell(start, { id: 'n', type: 'note' }))).toEqual(['summary', 'rfm', 'note']);
    expect(types(addCell(start, { id: 'n', type: 'note' }, 99))).toEqual(['summary', 'rfm', 'note']);
    expect(types(start)).toEqual(['summary', 'rfm']);
  });

  it('removes, moves (clamped at the ends) and updates by id', () => {
    const start = book('summary', 'rfm', 'tiers');
    expect(types(removeCell(start, 'id1'))).toEqual(['summary', 'tiers']);
    expect(types(moveCell(start, 'id0', 1))).toEqual(['rfm', 'summary', 'tiers']);
    expect(types(moveCell(start, 'id2', -5))).toEqual(['tiers', 'summary', 'rfm']);
    expect(moveCell(start, 'id2', 1)).toBe(start);
    expect(moveCell(start, 'nope', 1)).toBe(start);
    expect(updateCell(start, 'id1', { collapsed: true }).cells[1]).toEqual({ id: 'id1', type: 'rfm', collapsed: true });
  });
});

describe('History', () => {
  it('undoes and redoes, and a new edit clears the redo stack', () => {
    const history = new History('a');
    history.push('b');
    history.push('c');
    expect(history.undo()).toBe('b');
    expect(history.undo()).toBe('a');
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe('a');
    expect(history.redo()).toBe('b');
    history.push('d');
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBe('d');
    expect(history.undo()).toBe('b');
  });

  it('keeps at most `limit` steps and resets without history', () => {
    const history = new History(0, 2);
    [1, 2, 3].forEach((n) => history.push(n));
    expect(history.undo()).toBe(2);
    expect(history.undo()).toBe(1);
    expect(history.canUndo).toBe(false);
    history.reset(9);
    expect(history.present).toBe(9);
    expect(history.canUndo || history.canRedo).toBe(false);
  });
});

describe('parseNotebook', () => {
  it('keeps valid cells, drops unknown types and keys, caps text and de-duplicates ids', async () => {
    const { parseNotebook, NOTEBOOK_LIMITS } = await import('./notebook');
    const parsed = parseNotebook({
      cells: [
        { id: 'a', type: 'note', params: { text: 'x'.repeat(30_000), evil: 3, 'bad key': 'y' }, extra: 1 },
        { id: 'a', type: 'rfm', collapsed: true },
        { id: '<script>', type: 'sql' },
        'junk',
      ],
    });
    expect(parsed?.cells).toHaveLength(2);
    expect(parsed?.cells[0]).toEqual({
      id: 'a',
      type: 'note',
      params: { text: 'x'.repeat(NOTEBOOK_LIMITS.noteLength) },
    });
    expect(parsed?.cells[1].id).not.toBe('a');
    expect(parsed?.cells[1]).toMatchObject({ type: 'rfm', collapsed: true });
    expect(parseNotebook('nope')).toBeNull();
    expect(parseNotebook({ cells: 'x' })).toBeNull();
  });
});
