import { describe, expect, it } from 'vitest';
import { cellName, columnLabel, matrixGrid, scrollToRow, stepCell, visibleRows } from '../../renderer/timeline/partition-matrix.js';
import type { PartitionMatrix } from '../../shared/project-model.js';

const MATRIX: PartitionMatrix = {
  target: 'metrics',
  from: '2025-02-14',
  to: '2025-02-17',
  dates: ['2025-02-14', '2025-02-15', '2025-02-16', '2025-02-17'],
  calendar: 'NYSE',
  closed: ['2025-02-15', '2025-02-16', '2025-02-17'],
  columns: [{ region: 'US' }, { region: 'EU' }],
  cells: [
    { date: '2025-02-14', column: 0, runId: 7, state: 'succeeded', runs: 1 },
    { date: '2025-02-14', column: 1, runId: 9, state: 'failed', runs: 2 },
    { date: '2025-02-16', column: 1, runId: 11, state: 'running', runs: 1 },
  ],
};

describe('the partition matrix layout', () => {
  it('puts the newest date on top, a column per static value, each cell its latest run or why it has none', () => {
    const grid = matrixGrid(MATRIX);
    expect(grid.columns.map((c) => c.label)).toEqual(['US', 'EU']);
    expect(grid.rows.map((r) => [r.date, r.weekday, r.closed])).toEqual([
      ['2025-02-17', 'Mon', true], // Presidents' Day
      ['2025-02-16', 'Sun', true],
      ['2025-02-15', 'Sat', true],
      ['2025-02-14', 'Fri', false],
    ]);
    expect(grid.rows.map((r) => r.cells.map((c) => c.state))).toEqual([
      ['closed', 'closed'],
      ['closed', 'running'],
      ['closed', 'closed'],
      ['succeeded', 'failed'],
    ]);
    expect(grid.rows[3]!.cells[1]).toEqual({ state: 'failed', runId: 9, runs: 2 });
    expect(grid.counts).toMatchObject({ succeeded: 1, failed: 1, running: 1, closed: 5, none: 0, pending: 0 });
  });

  it('marks a backfill’s partitions without a run as pending and the rest as outside it', () => {
    const open = { ...MATRIX, closed: [], cells: [MATRIX.cells[0]!] };
    const grid = matrixGrid(open, [
      { date: '2025-02-17', region: 'EU' },
      { date: '2025-02-14', region: 'US' },
      { date: '2025-02-14', region: 'EU' },
    ]);
    expect(grid.rows.map((r) => r.cells.map((c) => c.state))).toEqual([
      ['outside', 'pending'],
      ['outside', 'outside'],
      ['outside', 'outside'],
      ['succeeded', 'pending'],
    ]);
    // A partition that fixes a key the target does not use still lands on its column.
    const plain = matrixGrid({ ...open, columns: [{}], cells: [] }, [{ date: '2025-02-15', desk: 'A' }]);
    expect(plain.columns[0]!.label).toBe('metrics');
    expect(plain.rows.map((r) => r.cells[0]!.state)).toEqual(['outside', 'outside', 'pending', 'outside']);
  });

  it('names each cell for a screen reader: date, column, state and run', () => {
    const grid = matrixGrid(MATRIX);
    const name = (row: number, column: number) => cellName(grid.rows[row]!, grid.columns[column]!, grid.rows[row]!.cells[column]!);
    expect(name(3, 0)).toBe('2025-02-14 US: succeeded, run 7');
    expect(name(3, 1)).toBe('2025-02-14 EU: failed, run 9 (2 runs)');
    expect(name(0, 0)).toBe('2025-02-17 US: market closed');
    expect(columnLabel({ region: 'EU', desk: 'A' }, 'metrics')).toBe('region=EU · desk=A');
  });

  it('renders only the rows in view: 5 years of days stay a few dozen rows', () => {
    expect(visibleRows({ scrollTop: 0, viewport: 440, rowHeight: 22, total: 1827 })).toEqual({ first: 0, end: 26 });
    expect(visibleRows({ scrollTop: 22 * 1000, viewport: 440, rowHeight: 22, total: 1827 })).toEqual({ first: 994, end: 1026 });
    expect(visibleRows({ scrollTop: 22 * 1827, viewport: 440, rowHeight: 22, total: 1827 })).toEqual({ first: 1821, end: 1827 });
    expect(visibleRows({ scrollTop: 0, viewport: 440, rowHeight: 22, total: 0 })).toEqual({ first: 0, end: 0 });
  });

  it('steps focus with the grid keys, stopping at the edges', () => {
    const size = { rows: 1827, columns: 4, pageRows: 20 };
    const at = { row: 10, column: 1 };
    expect(stepCell(at, { key: 'ArrowDown' }, size)).toEqual({ row: 11, column: 1 });
    expect(stepCell(at, { key: 'ArrowUp' }, size)).toEqual({ row: 9, column: 1 });
    expect(stepCell(at, { key: 'ArrowRight' }, size)).toEqual({ row: 10, column: 2 });
    expect(stepCell({ row: 0, column: 0 }, { key: 'ArrowLeft' }, size)).toEqual({ row: 0, column: 0 });
    expect(stepCell(at, { key: 'PageUp' }, size)).toEqual({ row: 0, column: 1 });
    expect(stepCell(at, { key: 'PageDown' }, size)).toEqual({ row: 30, column: 1 });
    expect(stepCell(at, { key: 'Home' }, size)).toEqual({ row: 10, column: 0 });
    expect(stepCell(at, { key: 'End' }, size)).toEqual({ row: 10, column: 3 });
    expect(stepCell(at, { key: 'End', ctrlKey: true }, size)).toEqual({ row: 1826, column: 3 });
    expect(stepCell(at, { key: 'Home', metaKey: true }, size)).toEqual({ row: 0, column: 0 });
    expect(stepCell(at, { key: 'a' }, size)).toBeNull();
  });

  it('scrolls just enough to show a focused row', () => {
    const view = { scrollTop: 220, viewport: 440, rowHeight: 22 };
    expect(scrollToRow(15, view)).toBe(220);
    expect(scrollToRow(5, view)).toBe(110);
    expect(scrollToRow(40, view)).toBe(22 * 41 - 440);
  });

  it('lays out 5 years × 4 regions fast', () => {
    const dates: string[] = [];
    for (let t = Date.UTC(2020, 0, 1); t <= Date.UTC(2024, 11, 31); t += 86_400_000) dates.push(new Date(t).toISOString().slice(0, 10));
    const columns = ['US', 'EU', 'JP', 'UK'].map((region) => ({ region }));
    const cells = dates.flatMap((date, d) => columns.map((_c, column) => ({ date, column, runId: d * 4 + column + 1, state: 'succeeded' as const, runs: 1 })));
    const started = performance.now();
    const grid = matrixGrid({ target: 'metrics', from: dates[0]!, to: dates.at(-1)!, dates, calendar: null, closed: [], columns, cells });
    const ms = performance.now() - started;
    expect(grid.rows).toHaveLength(1827);
    expect(grid.counts.succeeded).toBe(7308);
    console.log(`partition matrix layout: 1827 days × 4 regions in ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(200);
  });
});
