/**
 * The partition matrix's pure layout: rows of dates (newest first) ×
 * columns of static-value combinations, each cell the state of the
 * target's latest run for that partition (partitions.matrix), or — without
 * a run — pending when a backfill covers it, closed on a day the calendar
 * does not trade, none otherwise. Plus what the grid component needs to
 * stay small for years of days: the rows in view for a scroll position, and
 * keyboard steps through the cells (arrows, Page Up/Down, Home/End,
 * Ctrl+Home/End), as the ARIA grid pattern asks.
 */
import type { MatrixCell, PartitionMatrix } from '../../shared/project-model.js';
import type { RunState } from '../../shared/state-machines.js';

/** What a cell shows: its run's state, or why it has none. */
export type MatrixCellState = RunState | 'pending' | 'closed' | 'none' | 'outside';

/** Every cell state, in the order the legend lists them. */
export const MATRIX_CELL_STATES: readonly MatrixCellState[] = ['succeeded', 'failed', 'running', 'queued', 'cancelled', 'pending', 'none', 'closed', 'outside'];

/** The legend's words for the states that are not run states. */
export const MATRIX_STATE_WORDS: Readonly<Record<MatrixCellState, string>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  running: 'running',
  queued: 'queued',
  cancelled: 'cancelled',
  pending: 'to run',
  none: 'no run',
  closed: 'market closed',
  outside: 'not in this backfill',
};

/** One cell of the grid. */
export interface GridCell {
  readonly state: MatrixCellState;
  readonly runId: number | null;
  /** Runs the partition has had. */
  readonly runs: number;
}

/** One row: a date and a cell per column. */
export interface GridRow {
  readonly date: string;
  /** Mon … Sun. */
  readonly weekday: string;
  readonly closed: boolean;
  readonly cells: readonly GridCell[];
}

/** A column: its static values and its header text. */
export interface GridColumn {
  readonly values: Readonly<Record<string, string>>;
  /** `EU` for one key, `region=EU · desk=A` for several, the target's name for none. */
  readonly label: string;
}

/** The laid-out matrix. */
export interface MatrixGrid {
  readonly columns: readonly GridColumn[];
  readonly rows: readonly GridRow[];
  /** Cells by state. */
  readonly counts: Readonly<Record<MatrixCellState, number>>;
}

/** The partitions a backfill covers, by date and static values. */
export type MatrixScope = ReadonlyArray<Readonly<Record<string, string>> & { readonly date: string }>;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Lays out `matrix` (with `scope`, cells without a run inside it are pending and outside it out of scope). */
export function matrixGrid(matrix: PartitionMatrix, scope?: MatrixScope | null): MatrixGrid {
  const columns = matrix.columns.map((values) => ({ values, label: columnLabel(values, matrix.target) }));
  const closed = new Set(matrix.closed);
  const cellAt = new Map<string, MatrixCell>();
  for (const cell of matrix.cells) cellAt.set(`${cell.date}#${cell.column}`, cell);
  const inScope = scope ? scopeCells(matrix, scope) : null;
  const counts = Object.fromEntries(MATRIX_CELL_STATES.map((s) => [s, 0])) as Record<MatrixCellState, number>;
  const rows: GridRow[] = [];
  for (let d = matrix.dates.length - 1; d >= 0; d--) {
    const date = matrix.dates[d]!;
    const isClosed = closed.has(date);
    const cells = columns.map((_column, c): GridCell => {
      const run = cellAt.get(`${date}#${c}`);
      const state: MatrixCellState = run ? run.state : inScope ? (inScope.has(`${date}#${c}`) ? 'pending' : isClosed ? 'closed' : 'outside') : isClosed ? 'closed' : 'none';
      counts[state]++;
      return { state, runId: run?.runId ?? null, runs: run?.runs ?? 0 };
    });
    rows.push({ date, weekday: WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!, closed: isClosed, cells });
  }
  return { columns, rows, counts };
}

/** A column's header: the values alone for one key, key=value pairs for several, the target for an unpartitioned one. */
export function columnLabel(values: Readonly<Record<string, string>>, target: string): string {
  const keys = Object.keys(values);
  if (keys.length === 0) return target;
  if (keys.length === 1) return values[keys[0]!]!;
  return keys.map((k) => `${k}=${values[k]}`).join(' · ');
}

/** A cell's accessible name: where it is and what it holds. */
export function cellName(row: GridRow, column: GridColumn, cell: GridCell): string {
  const where = `${row.date} ${column.label}`;
  if (cell.runId === null) return `${where}: ${MATRIX_STATE_WORDS[cell.state]}`;
  const more = cell.runs > 1 ? ` (${cell.runs} runs)` : '';
  return `${where}: ${cell.state}, run ${cell.runId}${more}`;
}

/** The rows to render for a scroll position: [first, end) with `overscan` rows either side. */
export function visibleRows(input: { readonly scrollTop: number; readonly viewport: number; readonly rowHeight: number; readonly total: number; readonly overscan?: number }): { first: number; end: number } {
  const overscan = input.overscan ?? 6;
  const first = Math.max(0, Math.floor(input.scrollTop / input.rowHeight) - overscan);
  const end = Math.min(input.total, Math.ceil((input.scrollTop + input.viewport) / input.rowHeight) + overscan);
  return { first, end: Math.max(first, end) };
}

/** A cell position. */
export interface CellPosition {
  readonly row: number;
  readonly column: number;
}

/** The cell a key moves focus to (null: the key is not a grid key); `pageRows` rows per Page Up/Down. */
export function stepCell(at: CellPosition, key: { readonly key: string; readonly ctrlKey?: boolean; readonly metaKey?: boolean }, size: { readonly rows: number; readonly columns: number; readonly pageRows: number }): CellPosition | null {
  if (size.rows === 0 || size.columns === 0) return null;
  const clamp = (row: number, column: number): CellPosition => ({ row: Math.min(Math.max(row, 0), size.rows - 1), column: Math.min(Math.max(column, 0), size.columns - 1) });
  const ctrl = key.ctrlKey === true || key.metaKey === true;
  switch (key.key) {
    case 'ArrowUp':
      return clamp(at.row - 1, at.column);
    case 'ArrowDown':
      return clamp(at.row + 1, at.column);
    case 'ArrowLeft':
      return clamp(at.row, at.column - 1);
    case 'ArrowRight':
      return clamp(at.row, at.column + 1);
    case 'PageUp':
      return clamp(at.row - Math.max(1, size.pageRows), at.column);
    case 'PageDown':
      return clamp(at.row + Math.max(1, size.pageRows), at.column);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(at.row, 0);
    case 'End':
      return ctrl ? clamp(size.rows - 1, size.columns - 1) : clamp(at.row, size.columns - 1);
    default:
      return null;
  }
}

/** The scrollTop that brings `row` into a viewport (unchanged when it is in view). */
export function scrollToRow(row: number, input: { readonly scrollTop: number; readonly viewport: number; readonly rowHeight: number }): number {
  const top = row * input.rowHeight;
  if (top < input.scrollTop) return top;
  if (top + input.rowHeight > input.scrollTop + input.viewport) return top + input.rowHeight - input.viewport;
  return input.scrollTop;
}

/** The `date#column` of each scope partition: the column whose values it all has (it may fix keys the target does not use). */
function scopeCells(matrix: PartitionMatrix, scope: MatrixScope): Set<string> {
  const columns = matrix.columns.map((values) => Object.entries(values));
  const out = new Set<string>();
  for (const partition of scope) {
    const c = columns.findIndex((pairs) => pairs.every(([key, value]) => partition[key] === value));
    if (c >= 0) out.add(`${partition.date}#${c}`);
  }
  return out;
}
