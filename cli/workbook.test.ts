import { describe, expect, it } from 'vitest';
import { scratchDirectory, writeScratch } from '../tests/fixtures/files';
import { cli } from '../tests/runCli';
import { claimInflatedSize, ordersBehindSummary } from '../tests/fixtures/workbook';

const dir = scratchDirectory();

describe('cli on an Excel workbook', () => {
  const workbook = writeScratch(dir, 'shop.xlsx', ordersBehindSummary());

  it('reads the orders tab behind a pivot table, and lists the sheets in --json', async () => {
    const { code, stdout } = await cli('analyze', workbook, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // Six orders by ann, bob and cat: 10 + 20 + 30 + 15 + 25 + 40 = 140 (tests/fixtures/workbook.ts).
    expect(result).toMatchObject({ orders: 6, customers: 3, revenue: 140, firstOrder: '2024-03-05' });
    expect(result.lastOrder).toBe('2024-03-15');
    expect(result.sheets).toEqual(['Summary', 'Orders', 'Notes', 'Orders 2023']);
    expect(result.detected.sheet).toEqual({
      name: 'Orders',
      of: 4,
      names: ['Summary', 'Orders', 'Notes', 'Orders 2023'],
      picked: 'preferred',
    });
  });

  it('reads the sheet --sheet names, and exits 2 listing the sheets for one the workbook lacks', async () => {
    // Orders 2023: dan 50 and ann 5 (tests/fixtures/workbook.ts).
    const lastYear = await cli('analyze', workbook, '--sheet', 'Orders 2023', '--json');
    expect(lastYear.code).toBe(0);
    expect(JSON.parse(lastYear.stdout)).toMatchObject({
      orders: 2,
      customers: 2,
      revenue: 55,
      lastOrder: '2023-12-01',
    });
    // The notes' one line is a header with nothing under it.
    const notes = await cli('analyze', workbook, '--sheet', 'notes', '--json');
    expect(notes.code).toBe(2);
    expect(notes.stderr).toMatch(/^error: The file has a header row but no orders under it/);
    const pivot = await cli('analyze', workbook, '--sheet', 'Summary');
    expect(pivot.code).toBe(2);
    expect(pivot.stderr).toMatch(
      /\(columns: Row Labels, Sum of Amount\); sheet 'Summary' was read, --sheet NAME reads another of: Summary, Orders, Notes, Orders 2023\n$/,
    );
    const unknown = await cli('analyze', workbook, '--sheet', 'Orders 2024', '--json');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      'error: This workbook has no sheet named ‘Orders 2024’. Its sheets are: Summary, Orders, Notes, Orders 2023.\n',
    );
    const segment = await cli('segment', workbook, '--sheet', 'Orders', '--where', "customer_id = 'ann'", '--json');
    expect(segment.code).toBe(0);
    expect(JSON.parse(segment.stdout)).toMatchObject({ count: 1, customers: ['ann'] });
  });

  it('reads the orders tab when another tab is too large to convert, and says so only when asked for that one', async () => {
    // The Notes tab (third) or the Summary pivot (first) said to inflate to 600,000,000 bytes: past one string's
    // 536,870,888 characters. Before: the automatic choice measured every tab and failed on it, though the Orders tab
    // holds the orders. Six orders by ann, bob and cat: 10 + 20 + 30 + 15 + 25 + 40 = 140 (tests/fixtures/workbook.ts).
    for (const [tab, part] of [
      ['Notes', 'xl/worksheets/sheet3.xml'],
      ['Summary', 'xl/worksheets/sheet1.xml'],
    ]) {
      const big = writeScratch(dir, `big-${tab}.xlsx`, claimInflatedSize(ordersBehindSummary(), part, 6e8));
      const { code, stdout, stderr } = await cli('analyze', big, '--json');
      expect(stderr, tab).toBe('');
      expect(code, tab).toBe(0);
      expect(JSON.parse(stdout), tab).toMatchObject({
        orders: 6,
        revenue: 140,
        detected: { sheet: { name: 'Orders', picked: 'preferred' } },
      });
      const asked = await cli('analyze', big, '--sheet', tab);
      expect(asked.code, tab).toBe(2);
      expect(asked.stderr, tab).toMatch(new RegExp(`^error: The sheet ‘${tab}’ of this Excel workbook is too large`));
    }
  });

  it('says a sheet too large to convert is too large, and what to do', async () => {
    // The Orders sheet's XML said to inflate to 600,000,000 bytes: past the 536,870,888 characters one string holds.
    const big = writeScratch(
      dir,
      'big.xlsx',
      claimInflatedSize(ordersBehindSummary(), 'xl/worksheets/sheet2.xml', 6e8),
    );
    const { code, stderr } = await cli('analyze', big, '--sheet', 'Orders');
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: The sheet ‘Orders’ of this Excel workbook is too large to convert (600 MB of cell data; a sheet can ' +
        'have 536 MB at most). Save that sheet as CSV in your spreadsheet program and load the CSV, which has no such ' +
        'limit (for a CSV of several GB, use the command-line tool).\n',
    );
  });
});
