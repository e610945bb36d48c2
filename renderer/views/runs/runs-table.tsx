/**
 * The Runs list as a virtualized ARIA table: only the rows in view (plus a
 * margin) are in the DOM, so 100k runs scroll as smoothly as 100; the next
 * page is fetched (by cursor) when the last loaded row comes near.
 */
import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link } from 'wouter';
import type { RunRecord } from '../../../shared/run-model.js';
import { StateBadge } from '../../components/state-badge.js';
import { elapsedMs, formatDuration, formatShortTime, formatTimestamp, partitionText } from '../../format/run-format.js';

/** Height of one row in px (the CSS grid row matches). */
const ROW_HEIGHT = 32;

/** What the table shows and how it asks for more. */
export interface RunsTableProps {
  readonly runs: readonly RunRecord[];
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly loadMore: () => void;
  readonly now: number;
}

const COLUMNS = ['Run', 'State', 'Targets', 'Partition', 'Trigger', 'Created', 'Duration', 'Reason'];

/** See the file comment. */
export function RunsTable({ runs, hasMore, loadingMore, loadMore, now }: RunsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const count = runs.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= runs.length - 1) loadMore();
  }, [hasMore, loadingMore, lastIndex, runs.length, loadMore]);
  return (
    <div className="runs-table" role="table" aria-label="Runs" aria-rowcount={hasMore ? -1 : runs.length + 1}>
      <div role="rowgroup" className="runs-head">
        <div role="row" className="runs-row" aria-rowindex={1}>
          {COLUMNS.map((name) => (
            <span key={name} role="columnheader" className={`cell cell-${name.toLowerCase()}`}>
              {name}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="runs-body" ref={scroller} tabIndex={-1}>
        {/* React sets these styles through the CSSOM, which the CSP allows (it forbids style attributes in markup only). */}
        <div className="runs-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const run = runs[item.index];
            return (
              <div
                key={run ? run.id : 'more'}
                role="row"
                aria-rowindex={item.index + 2}
                className={`runs-row runs-item${item.index % 2 ? ' is-odd' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {run ? <RunCells run={run} now={now} /> : <span role="cell" className="cell cell-more">{loadingMore ? 'Loading more runs…' : ''}</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function RunCells({ run, now }: { readonly run: RunRecord; readonly now: number }) {
  const targets = run.targets.join(', ');
  const partition = partitionText(run.partition);
  return (
    <>
      <span role="cell" className="cell cell-run">
        <Link href={`/runs/${run.id}`} className="run-link" aria-label={`Run ${run.id}`}>
          #{run.id}
        </Link>
      </span>
      <span role="cell" className="cell cell-state">
        <StateBadge state={run.state} />
      </span>
      <span role="cell" className="cell cell-targets" title={targets}>
        {targets}
      </span>
      <span role="cell" className="cell cell-partition mono" title={partition}>
        {partition}
      </span>
      <span role="cell" className="cell cell-trigger">
        {run.trigger}
      </span>
      <span role="cell" className="cell cell-created mono" title={formatTimestamp(run.createdAt)}>
        {formatShortTime(run.createdAt, now)}
      </span>
      <span role="cell" className="cell cell-duration mono">
        {formatDuration(elapsedMs(run.startedAt, run.finishedAt, now))}
      </span>
      <span role="cell" className="cell cell-reason" title={run.reason ?? undefined}>
        {run.reason ?? ''}
      </span>
    </>
  );
}
