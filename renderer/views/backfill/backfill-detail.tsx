/**
 * /backfill/:id: one backfill, live — what it covers, a progress bar with
 * the counts and the time left, Cancel and Retry failed (the daemon decides;
 * its refusal is shown in its words), and the partition matrix of its range
 * with its own partitions marked (cells without a run yet read "to run").
 */
import { useMemo } from 'react';
import { Link } from 'wouter';
import { BACKFILL_PARTITION_STATES } from '../../../shared/backfill-model.js';
import { useBackfill, useBackfillScope, useCancelBackfill, useRetryBackfill, usePartitionMatrix } from '../../api/index.js';
import { StateBadge } from '../../components/state-badge.js';
import { formatTimestamp, partitionText } from '../../format/run-format.js';
import { matrixGrid } from '../../timeline/partition-matrix.js';
import { PartitionMatrixGrid } from './partition-matrix-grid.js';
import { canRetry, doneCount, etaText, progressText } from './backfill-progress.js';
import { matrixRangeOk } from './matrix-range.js';

/** The words of each partition state in the counts. */
const COUNT_WORDS: Readonly<Record<(typeof BACKFILL_PARTITION_STATES)[number], string>> = {
  succeeded: 'succeeded',
  already_done: 'already done',
  running: 'running',
  failed: 'failed',
  cancelled: 'cancelled',
  pending: 'to run',
};

/** See the file comment. */
export function BackfillDetail({ id }: { readonly id: number }) {
  const answer = useBackfill(id);
  const scope = useBackfillScope(id);
  const cancel = useCancelBackfill();
  const retry = useRetryBackfill();
  const b = answer.data?.backfill;
  const matrixAsk = b && matrixRangeOk(b.from, b.to) ? { project: b.projectFile, target: b.target, from: b.from, to: b.to } : null;
  const matrix = usePartitionMatrix(matrixAsk);
  const grid = useMemo(() => (matrix.data && scope.data ? matrixGrid(matrix.data, scope.data) : null), [matrix.data, scope.data]);

  if (answer.isError) {
    return (
      <section className="view view-backfill" aria-labelledby="backfill-title">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link href="/backfill">Backfill</Link>
        </nav>
        <h1 id="backfill-title">Backfill {id}</h1>
        <p className="empty" role="alert">
          {(answer.error as Error).message}
        </p>
      </section>
    );
  }
  if (!b) return <p className="empty">Loading backfill {id}…</p>;
  const done = doneCount(b.counts);
  const fixed = Object.keys(b.partition).length > 0 ? partitionText(b.partition) : 'every static value';
  return (
    <section className="view view-backfill" aria-labelledby="backfill-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/backfill">Backfill</Link> / {id}
      </nav>
      <div className="view-head">
        <h1 id="backfill-title">
          Backfill {id}
          <span className="title-sub">
            {b.target} · {b.from} → {b.to}
          </span>
        </h1>
        <StateBadge state={b.state} />
      </div>
      <dl className="facts">
        <Fact term="Target" value={b.target} />
        <Fact term="Dates" value={b.calendar ? `${b.calendar} trading days` : 'every calendar day'} />
        <Fact term="Partitions" value={fixed} />
        <Fact term="Concurrency" value={`${b.concurrency} at a time, ${b.newestFirst ? 'newest' : 'oldest'} first`} />
        <Fact term="Started" value={formatTimestamp(b.createdAt)} />
        <Fact term="Finished" value={formatTimestamp(b.finishedAt)} />
      </dl>
      <section className="backfill-progress" aria-labelledby="progress-title">
        <div className="section-head">
          <h2 id="progress-title">Progress</h2>
          <span className="view-count" aria-live="polite">
            {etaText(b)}
          </span>
        </div>
        <div
          className="progress-bar"
          role="progressbar"
          aria-label="Partitions done"
          aria-valuemin={0}
          aria-valuemax={b.counts.total}
          aria-valuenow={done}
          aria-valuetext={progressText(b.counts)}
        >
          {BACKFILL_PARTITION_STATES.filter((s) => s !== 'pending' && b.counts[s] > 0).map((s) => (
            // React sets the width through the CSSOM, which the CSP allows.
            <span key={s} className={`progress-part part-${s}`} style={{ width: `${(b.counts[s] / Math.max(b.counts.total, 1)) * 100}%` }} />
          ))}
        </div>
        <ul className="progress-counts" aria-label="Partitions by state">
          {BACKFILL_PARTITION_STATES.map((s) => (
            <li key={s} className={b.counts[s] === 0 ? 'is-zero' : undefined}>
              <span className={`count-dot part-${s}`} aria-hidden="true" />
              <span className="mono">{b.counts[s].toLocaleString()}</span> {COUNT_WORDS[s]}
            </li>
          ))}
          <li>
            <span className="mono">{b.counts.total.toLocaleString()}</span> in all
          </li>
        </ul>
        {b.error && (
          <p className="form-error" role="alert">
            {b.error}
          </p>
        )}
        <div className="action-bar">
          <button type="button" className="button button-danger" disabled={b.state !== 'running' || cancel.isPending} onClick={() => cancel.mutate(id)}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel backfill'}
          </button>
          <button type="button" className="button" disabled={!canRetry(b) || retry.isPending} onClick={() => retry.mutate(id)}>
            {retry.isPending ? 'Retrying…' : `Retry failed${canRetry(b) ? ` (${(b.counts.failed + b.counts.cancelled + b.counts.pending).toLocaleString()})` : ''}`}
          </button>
        </div>
        {(cancel.isError || retry.isError) && (
          <p className="form-error" role="alert">
            {((cancel.error ?? retry.error) as Error).message}
          </p>
        )}
      </section>
      <section className="matrix-section" aria-labelledby="matrix-title">
        <div className="section-head">
          <h2 id="matrix-title">Partition matrix</h2>
          <span className="view-count">each cell the latest run of {b.target} for its date and values; open a cell for its run</span>
        </div>
        {grid ? (
          <PartitionMatrixGrid grid={grid} label={`Partitions of backfill ${id}`} maxRows={20} />
        ) : matrix.isError ? (
          <p className="form-error" role="alert">
            {(matrix.error as Error).message}
          </p>
        ) : (
          <p className="empty">{matrixAsk ? 'Loading the matrix…' : 'The range is too long for one matrix.'}</p>
        )}
      </section>
    </section>
  );
}

function Fact({ term, value }: { readonly term: string; readonly value: string }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
