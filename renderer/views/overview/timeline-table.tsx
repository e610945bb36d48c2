/**
 * The timeline's accessible twin: every fact it draws in the window shown —
 * shaded spans, runs, missed slots, next fires — as a virtualized ARIA table
 * in time order (10,000 runs stay smooth), each run linked.
 */
import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link } from 'wouter';
import type { TimelineFact } from './timeline-text.js';

const ROW = 30;
const COLUMNS = ['Target', 'What', 'When and details'];

/** See the file comment. */
export function TimelineTable({ id, facts }: { readonly id: string; readonly facts: readonly TimelineFact[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: facts.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  if (facts.length === 0) return <p id={id} className="empty">Nothing in this window.</p>;
  return (
    <div id={id} className="timeline-table" role="table" aria-label="Schedule timeline as a table" aria-rowcount={facts.length + 1}>
      <div role="rowgroup" className="tt-head">
        <div role="row" className="tt-row" aria-rowindex={1}>
          {COLUMNS.map((name) => (
            <span key={name} role="columnheader" className="cell">
              {name}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="tt-body" ref={scroller} tabIndex={0} aria-label="Timeline rows (scroll)">
        <div className="runs-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const fact = facts[row.index]!;
            return (
              <div key={fact.id} role="row" aria-rowindex={row.index + 2} className={`tt-row tt-item${row.index % 2 ? ' is-odd' : ''}`} style={{ transform: `translateY(${row.start}px)` }}>
                <span role="cell" className="cell">{fact.lane}</span>
                <span role="cell" className="cell">
                  {fact.runId !== null ? (
                    <Link href={`/runs/${fact.runId}`} aria-label={`${fact.what} (run ${fact.runId})`}>
                      {fact.what}
                    </Link>
                  ) : (
                    fact.what
                  )}
                </span>
                <span role="cell" className="cell mono">{fact.detail}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
