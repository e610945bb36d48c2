/**
 * A backfill the daemon drives (`backfills.*`): one run of a target per
 * partition of a date range, a few at a time, persisted so a page reload
 * shows its progress and a daemon restart resumes it.
 *
 * A backfill's state: running → succeeded (every partition succeeded or was
 * already done) | failed (some failed, or a partition could not be planned)
 * | cancelled (asked to stop; runs in flight are cancelled). A finished
 * backfill goes back to running when its failed partitions are retried.
 *
 * A partition's state: pending (not started) → running (its run exists) →
 * succeeded | failed | cancelled; already_done when a run of the target had
 * succeeded for it before the backfill reached it (it is skipped).
 */
import type { Partition } from './run-model.js';

/** Where a backfill stands (see the file comment). */
export type BackfillState = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Where one partition of a backfill stands (see the file comment). */
export type BackfillPartitionState = 'pending' | 'already_done' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Every partition state, in the order progress shows them. */
export const BACKFILL_PARTITION_STATES: readonly BackfillPartitionState[] = ['succeeded', 'already_done', 'running', 'failed', 'cancelled', 'pending'];

/** What to backfill: the params of backfills.preview (and the first of backfills.start). */
export interface BackfillRequest {
  /** tickwork.yaml of the project (default: the daemon's first). */
  readonly project?: string;
  /** The pipeline or job. */
  readonly target: string;
  /** YYYY-MM-DD, or today / yesterday / last-trading-day. */
  readonly from: string;
  readonly to: string;
  /** A trading calendar (its trading days), `none` (every calendar day); default: the calendar of the target's schedule. */
  readonly calendar?: string;
  /** Static keys fixed to one value; the others fan out to all their values. */
  readonly partition?: Readonly<Record<string, string>>;
}

/** backfills.start's params: the request plus how to run it. */
export interface BackfillStartRequest extends BackfillRequest {
  /** Runs at once (default 1, at most 64). */
  readonly concurrency?: number;
  /** Newest date first (default oldest first). */
  readonly newestFirst?: boolean;
  /** Param values (the others take their defaults). */
  readonly params?: Readonly<Record<string, string>>;
}

/** Partitions of a backfill by state. */
export type BackfillCounts = Readonly<Record<BackfillPartitionState, number>> & { readonly total: number };

/** The answer to backfills.preview: what a start would do now. Creates nothing. */
export interface BackfillPreview {
  readonly target: string;
  /** The dates resolved (words read in the project's zone). */
  readonly from: string;
  readonly to: string;
  /** The trading calendar whose days are used, or null for every calendar day. */
  readonly calendar: string | null;
  /** Dates × static-key combinations. */
  readonly dates: number;
  readonly columns: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly total: number;
  /** Partitions that would get a run. */
  readonly toRun: number;
  /** Partitions a run of the target already succeeded for: skipped. */
  readonly alreadyDone: number;
  /** Partitions whose unfinished run of an earlier backfill is followed instead of starting another. */
  readonly inFlight: number;
  /** The first few partitions that would run, in order. */
  readonly first: readonly string[];
}

/** One backfill as backfills.get and backfills.list show it. */
export interface BackfillRecord {
  readonly id: number;
  readonly project: string;
  readonly projectFile: string;
  readonly target: string;
  readonly from: string;
  readonly to: string;
  readonly calendar: string | null;
  readonly partition: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly concurrency: number;
  readonly newestFirst: boolean;
  readonly state: BackfillState;
  /** Why it failed as a whole (a partition the project cannot plan), or null. */
  readonly error: string | null;
  readonly counts: BackfillCounts;
  /** Mean duration of the partitions it ran to the end (ms), or null before the first. */
  readonly meanPartitionMs: number | null;
  /** Estimated time left (ms) from that mean, the concurrency and the runs in flight; null when unknown or finished. */
  readonly etaMs: number | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** One partition of a backfill. */
export interface BackfillPartitionRecord {
  readonly key: string;
  readonly partition: Partition;
  readonly state: BackfillPartitionState;
  readonly runId: number | null;
}

/** The data of a `backfill` journal event: what changed (`state`: the backfill's or the partition's new state). */
export interface BackfillEventData {
  readonly backfillId: number;
  readonly change: 'started' | 'partition' | 'finished' | 'cancelled' | 'retried';
  /** The partition's key, for `partition`. */
  readonly partition?: string;
  readonly state: string;
}
