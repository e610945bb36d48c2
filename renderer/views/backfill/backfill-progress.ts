/** How a backfill's progress reads: partitions done, the share for the bar, the time left (pure; tested in vitest). */
import type { BackfillCounts, BackfillRecord } from '../../../shared/backfill-model.js';
import { formatDuration } from '../../format/run-format.js';
import { humanDuration } from '../../../shared/durations.js';

/** Partitions that need nothing more: succeeded, already done, failed or cancelled. */
export function doneCount(counts: BackfillCounts): number {
  return counts.succeeded + counts.already_done + counts.failed + counts.cancelled;
}

/** The progress bar's value text: `7 of 10 partitions done, 1 failed`. */
export function progressText(counts: BackfillCounts): string {
  const extra = [counts.running ? `${counts.running} running` : '', counts.failed ? `${counts.failed} failed` : '', counts.cancelled ? `${counts.cancelled} cancelled` : ''].filter(Boolean);
  return `${doneCount(counts).toLocaleString()} of ${counts.total.toLocaleString()} partition${counts.total === 1 ? '' : 's'} done${extra.length ? `, ${extra.join(', ')}` : ''}`;
}

/** What the ETA line says for the backfill now. */
export function etaText(backfill: Pick<BackfillRecord, 'state' | 'etaMs' | 'meanPartitionMs' | 'finishedAt' | 'createdAt'>): string {
  if (backfill.state !== 'running') return backfill.finishedAt !== null ? `took ${humanDuration(backfill.finishedAt - backfill.createdAt)}` : '';
  if (backfill.etaMs === null) return 'time left: known once a partition has finished';
  const left = backfill.etaMs < 1000 ? 'less than a second left' : `about ${humanDuration(backfill.etaMs)} left`;
  return `${left}${backfill.meanPartitionMs !== null ? ` (${formatDuration(backfill.meanPartitionMs)} per partition)` : ''}`;
}

/** Whether Retry failed has anything to do: a finished backfill with failed, cancelled or never-started partitions. */
export function canRetry(backfill: Pick<BackfillRecord, 'state' | 'counts'>): boolean {
  return backfill.state !== 'running' && backfill.counts.failed + backfill.counts.cancelled + backfill.counts.pending > 0;
}
