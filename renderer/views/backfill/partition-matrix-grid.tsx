/**
 * The partition matrix as an ARIA grid: a row per date (newest first), a
 * column per static-value combination, each cell its state (colour, glyph
 * and word in its name) and a link to its run. Only the rows in view are in
 * the DOM (timeline/partition-matrix.ts visibleRows; aria-rowcount and
 * aria-rowindex tell a screen reader where it is), so five years × regions
 * stay a few dozen rows. One tab stop: arrows, Page Up/Down and Home/End
 * move between cells, Enter opens a cell's run.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import { cellName, scrollToRow, stepCell, visibleRows, MATRIX_CELL_STATES, MATRIX_STATE_WORDS, type CellPosition, type MatrixCellState, type MatrixGrid } from '../../timeline/partition-matrix.js';

/** Pixel height of a row (the CSS's .matrix-row). */
const ROW_HEIGHT = 24;
/** Pixel height of the header row. */
const HEAD_HEIGHT = 28;

/** The glyph a cell shows beside its colour, so state never rests on colour alone. */
const GLYPHS: Readonly<Record<MatrixCellState, string>> = {
  succeeded: '✓',
  failed: '✗',
  running: '▶',
  queued: '…',
  cancelled: '⊘',
  pending: '○',
  none: '',
  closed: '',
  outside: '',
};

/** The grid's props. */
export interface PartitionMatrixGridProps {
  readonly grid: MatrixGrid;
  /** The grid's accessible name. */
  readonly label: string;
  /** Most rows shown before it scrolls. */
  readonly maxRows?: number;
}

/** See the file comment. */
export function PartitionMatrixGrid({ grid, label, maxRows = 18 }: PartitionMatrixGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [focus, setFocus] = useState<CellPosition>({ row: 0, column: 0 });
  const [moved, setMoved] = useState(false);
  const total = grid.rows.length;
  const viewport = Math.min(total, maxRows) * ROW_HEIGHT;
  const { first, end } = visibleRows({ scrollTop, viewport, rowHeight: ROW_HEIGHT, total });
  const at = { row: Math.min(focus.row, Math.max(total - 1, 0)), column: Math.min(focus.column, Math.max(grid.columns.length - 1, 0)) };

  useEffect(() => {
    if (!moved) return;
    scroller.current?.querySelector<HTMLElement>(`[data-cell="${at.row}:${at.column}"]`)?.focus({ preventScroll: true });
    setMoved(false);
  }, [moved, at.row, at.column]);

  // The focused row is always rendered, so the tab stop exists wherever the user scrolled.
  const rows = new Set<number>();
  for (let r = first; r < end; r++) rows.add(r);
  if (total > 0) rows.add(at.row);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const next = stepCell(at, event, { rows: total, columns: grid.columns.length, pageRows: Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1) });
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    setMoved(true);
    const el = scroller.current;
    if (el) {
      const top = scrollToRow(next.row, { scrollTop: el.scrollTop, viewport, rowHeight: ROW_HEIGHT });
      if (top !== el.scrollTop) el.scrollTop = top;
    }
  };

  useLayoutEffect(() => {
    // A new range (a different backfill) starts at the top.
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
  }, [grid.rows[0]?.date, total]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="matrix">
      <div
        className="matrix-scroll"
        ref={scroller}
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        aria-colcount={grid.columns.length + 1}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
        style={{ height: viewport + HEAD_HEIGHT + 2 }}
      >
        <div role="rowgroup" className="matrix-head">
          <div role="row" aria-rowindex={1} className="matrix-row">
            <span role="columnheader" aria-colindex={1} className="matrix-date">
              Date
            </span>
            {grid.columns.map((column, c) => (
              <span key={column.label} role="columnheader" aria-colindex={c + 2} className="matrix-colhead" title={column.label}>
                {column.label}
              </span>
            ))}
          </div>
        </div>
        {/* React sets these styles through the CSSOM, which the CSP allows (it forbids style attributes in markup only). */}
        <div role="rowgroup" className="matrix-body" style={{ height: total * ROW_HEIGHT }}>
          {[...rows].sort((a, b) => a - b).map((r) => {
            const row = grid.rows[r]!;
            return (
              <div key={row.date} role="row" aria-rowindex={r + 2} className={`matrix-row${row.closed ? ' is-closed' : ''}`} style={{ transform: `translateY(${r * ROW_HEIGHT}px)` }}>
                <span role="rowheader" aria-colindex={1} className="matrix-date mono">
                  {row.date} <span className="matrix-weekday">{row.weekday}</span>
                </span>
                {row.cells.map((cell, c) => {
                  const name = cellName(row, grid.columns[c]!, cell);
                  const focused = r === at.row && c === at.column;
                  const key = `${r}:${c}`;
                  const onFocus = (): void => setFocus({ row: r, column: c });
                  if (cell.runId === null) {
                    return (
                      <span key={c} role="gridcell" aria-colindex={c + 2} className={`matrix-cell cell-${cell.state}`} aria-label={name} title={name} tabIndex={focused ? 0 : -1} data-cell={key} onFocus={onFocus}>
                        <span aria-hidden="true">{GLYPHS[cell.state]}</span>
                      </span>
                    );
                  }
                  return (
                    <span key={c} role="gridcell" aria-colindex={c + 2} className={`matrix-cell cell-${cell.state}`}>
                      <Link href={`/runs/${cell.runId}`} className="matrix-link" aria-label={name} title={name} tabIndex={focused ? 0 : -1} data-cell={key} onFocus={onFocus}>
                        <span aria-hidden="true">
                          {GLYPHS[cell.state]} <span className="matrix-run">{cell.runId}</span>
                        </span>
                      </Link>
                    </span>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      <MatrixLegend counts={grid.counts} />
    </div>
  );
}

/** The states present, with their colour, glyph, word and count. */
function MatrixLegend({ counts }: { readonly counts: MatrixGrid['counts'] }) {
  const present = MATRIX_CELL_STATES.filter((state) => counts[state] > 0);
  return (
    <ul className="matrix-legend" aria-label="Cells by state">
      {present.map((state) => (
        <li key={state}>
          <span className={`legend-swatch cell-${state}`} aria-hidden="true">
            {GLYPHS[state]}
          </span>
          {MATRIX_STATE_WORDS[state]} <span className="mono">{counts[state].toLocaleString()}</span>
        </li>
      ))}
    </ul>
  );
}
