/**
 * A backfill's time left, from the partitions it ran to an end: each
 * pending partition is expected to take their mean, each running one the
 * rest of it; pending ones go to the concurrency's lanes as they free up.
 */
import type { BackfillCounts } from '../../../shared/backfill-model.js';

/** What the estimate reads. */
export interface EtaInput {
  readonly counts: BackfillCounts;
  /** Mean duration of the finished partitions (ms), null before the first. */
  readonly meanMs: number | null;
  /** When each running partition's run started (ms). */
  readonly runningSince: readonly number[];
  readonly concurrency: number;
  readonly now: number;
}

/** Milliseconds left, or null when unknown (nothing finished yet) or nothing is left. */
export function backfillEta(input: EtaInput): number | null {
  const { counts, meanMs } = input;
  if (meanMs === null || counts.pending + counts.running === 0) return null;
  // Each lane is free once its run ends (a run past the mean: about now); pending partitions take the lane freed first.
  const lanes = input.runningSince.map((since) => Math.max(meanMs - (input.now - since), 0)).slice(0, Math.max(input.concurrency, 1));
  while (lanes.length < input.concurrency) lanes.push(0);
  for (let left = counts.pending; left > 0; left--) {
    let first = 0;
    for (let i = 1; i < lanes.length; i++) if (lanes[i]! < lanes[first]!) first = i;
    lanes[first]! += meanMs;
  }
  return Math.round(Math.max(...lanes));
}
