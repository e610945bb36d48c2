/**
 * The rows of backfills the daemon drives (migration 12) and their
 * partitions. Every state change appends a `backfill` event in the same
 * transaction (the event stream pushes it to live views); a partition's
 * event carries its run, so it goes when prune deletes the run.
 */
import type { Db } from './open-store.js';
import type { Partition } from '../../../shared/run-model.js';
import type {
  BackfillCounts,
  BackfillEventData,
  BackfillPartitionRecord,
  BackfillPartitionState,
  BackfillState,
} from '../../../shared/backfill-model.js';
import { appendEvent } from './event-journal.js';
import { inWriteTransaction, stmt } from './statements.js';

/** A backfill's stored fields (counts and estimates are derived: backfill-progress.ts). */
export interface BackfillRow {
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
  readonly error: string | null;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** A new backfill: its fields and its partitions in running order, each already classified. */
export interface NewBackfill extends Omit<BackfillRow, 'id' | 'state' | 'error' | 'createdAt' | 'finishedAt'> {
  readonly partitions: ReadonlyArray<{ readonly partition: Partition; readonly key: string; readonly state: BackfillPartitionState; readonly runId: number | null }>;
}

/** Inserts a running backfill and its partitions, with its `started` event; returns its id. */
export function insertBackfill(db: Db, backfill: NewBackfill, now: number): number {
  return inWriteTransaction(db, () => {
    const id = Number(
      stmt(
        db,
        `INSERT INTO backfills (project, project_file, target, from_date, to_date, calendar, fixed, params, concurrency, newest_first, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      ).run(
        backfill.project,
        backfill.projectFile,
        backfill.target,
        backfill.from,
        backfill.to,
        backfill.calendar,
        JSON.stringify(backfill.partition),
        JSON.stringify(backfill.params),
        backfill.concurrency,
        backfill.newestFirst ? 1 : 0,
        now,
      ).lastInsertRowid,
    );
    const insert = stmt(
      db,
      `INSERT INTO backfill_partitions (backfill_id, position, partition_key, partition, state, run_id, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    backfill.partitions.forEach((p, position) => {
      const started = p.runId !== null && p.state === 'running' ? now : null;
      insert.run(id, position, p.key, JSON.stringify(p.partition), p.state, p.runId, started, null);
    });
    backfillEvent(db, now, { backfillId: id, change: 'started', state: 'running' });
    return id;
  });
}

/** One backfill's row, or undefined. */
export function getBackfillRow(db: Db, id: number): BackfillRow | undefined {
  const row = stmt(db, 'SELECT * FROM backfills WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  return row ? toRow(row) : undefined;
}

/** The newest `limit` backfills, newest first. */
export function listBackfillRows(db: Db, limit: number): BackfillRow[] {
  return (stmt(db, 'SELECT * FROM backfills ORDER BY id DESC LIMIT ?').all(limit) as Record<string, unknown>[]).map(toRow);
}

/** Ids of the backfills still running (a daemon start resumes them), oldest first. */
export function runningBackfillIds(db: Db): number[] {
  return stmt(db, "SELECT id FROM backfills WHERE state = 'running' ORDER BY id").pluck().all() as number[];
}

/** A backfill's partitions by state. */
export function backfillCounts(db: Db, id: number): BackfillCounts {
  const counts: Record<BackfillPartitionState, number> = { pending: 0, already_done: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  let total = 0;
  for (const row of stmt(db, 'SELECT state, count(*) AS n FROM backfill_partitions WHERE backfill_id = ? GROUP BY state').all(id) as Array<{ state: BackfillPartitionState; n: number }>) {
    counts[row.state] = row.n;
    total += row.n;
  }
  return { ...counts, total };
}

/** Durations (ms) of the partitions the backfill ran to an end, and the start times of those in flight. */
export function backfillTimings(db: Db, id: number): { readonly finished: { readonly count: number; readonly meanMs: number | null }; readonly runningSince: readonly number[] } {
  const done = stmt(
    db,
    "SELECT count(*) AS n, avg(finished_at - started_at) AS mean FROM backfill_partitions WHERE backfill_id = ? AND state IN ('succeeded', 'failed') AND started_at IS NOT NULL AND finished_at IS NOT NULL",
  ).get(id) as { n: number; mean: number | null };
  const since = stmt(db, "SELECT started_at FROM backfill_partitions WHERE backfill_id = ? AND state = 'running' AND started_at IS NOT NULL").pluck().all(id) as number[];
  return { finished: { count: done.n, meanMs: done.mean }, runningSince: since };
}

/** A backfill's partitions in running order; `states` narrows them. */
export function backfillPartitions(db: Db, id: number, states?: readonly BackfillPartitionState[]): BackfillPartitionRecord[] {
  const rows = stmt(db, 'SELECT partition_key, partition, state, run_id FROM backfill_partitions WHERE backfill_id = ? ORDER BY position').all(id) as Array<{
    partition_key: string;
    partition: string;
    state: BackfillPartitionState;
    run_id: number | null;
  }>;
  return rows
    .filter((row) => !states || states.includes(row.state))
    .map((row) => ({ key: row.partition_key, partition: JSON.parse(row.partition) as Partition, state: row.state, runId: row.run_id }));
}

/**
 * Moves one partition to `to` (with its run), appending its event; false when
 * it is not in one of `from` (nothing changed). Starting a run stamps
 * started_at, ending one finished_at.
 */
export function setPartitionState(
  db: Db,
  change: { readonly backfillId: number; readonly key: string; readonly from: readonly BackfillPartitionState[]; readonly to: BackfillPartitionState; readonly runId: number | null },
  now: number,
): boolean {
  return inWriteTransaction(db, () => {
    const current = stmt(db, 'SELECT state FROM backfill_partitions WHERE backfill_id = ? AND partition_key = ?').pluck().get(change.backfillId, change.key) as BackfillPartitionState | undefined;
    if (current === undefined || !change.from.includes(current)) return false;
    const ends = change.to === 'succeeded' || change.to === 'failed' || change.to === 'cancelled' || change.to === 'already_done';
    stmt(
      db,
      `UPDATE backfill_partitions SET state = ?, run_id = coalesce(?, run_id),
         started_at = CASE WHEN ? = 'running' THEN ? WHEN ? = 'pending' THEN NULL ELSE started_at END,
         finished_at = CASE WHEN ? THEN ? ELSE NULL END
       WHERE backfill_id = ? AND partition_key = ?`,
    ).run(change.to, change.runId, change.to, now, change.to, ends ? 1 : 0, now, change.backfillId, change.key);
    backfillEvent(db, now, { backfillId: change.backfillId, change: 'partition', partition: change.key, state: change.to }, change.runId);
    return true;
  });
}

/**
 * Moves the backfill to `to` when it is in one of `from` (false otherwise),
 * with its event; `reopen` (a retry) puts `partitions` back to pending in
 * the same transaction.
 */
export function setBackfillState(
  db: Db,
  change: { readonly id: number; readonly from: readonly BackfillState[]; readonly to: BackfillState; readonly error?: string | null; readonly reopen?: readonly BackfillPartitionState[] },
  now: number,
): boolean {
  return inWriteTransaction(db, () => {
    const current = stmt(db, 'SELECT state FROM backfills WHERE id = ?').pluck().get(change.id) as BackfillState | undefined;
    if (current === undefined || !change.from.includes(current)) return false;
    const finished = change.to !== 'running';
    stmt(db, 'UPDATE backfills SET state = ?, error = ?, finished_at = ? WHERE id = ?').run(change.to, change.error ?? null, finished ? now : null, change.id);
    if (change.reopen?.length) {
      const marks = change.reopen.map(() => '?').join(', ');
      stmt(db, `UPDATE backfill_partitions SET state = 'pending', started_at = NULL, finished_at = NULL WHERE backfill_id = ? AND state IN (${marks})`).run(change.id, ...change.reopen);
    }
    const kind: BackfillEventData['change'] = change.to === 'running' ? 'retried' : change.to === 'cancelled' ? 'cancelled' : 'finished';
    backfillEvent(db, now, { backfillId: change.id, change: kind, state: change.to });
    return true;
  });
}

function backfillEvent(db: Db, now: number, data: BackfillEventData, runId: number | null = null): void {
  appendEvent(db, { at: now, kind: 'backfill', runId, to: data.state, data: { ...data } });
}

function toRow(row: Record<string, unknown>): BackfillRow {
  return {
    id: row.id as number,
    project: row.project as string,
    projectFile: row.project_file as string,
    target: row.target as string,
    from: row.from_date as string,
    to: row.to_date as string,
    calendar: row.calendar as string | null,
    partition: JSON.parse(row.fixed as string) as Record<string, string>,
    params: JSON.parse(row.params as string) as Record<string, string>,
    concurrency: row.concurrency as number,
    newestFirst: row.newest_first === 1,
    state: row.state as BackfillState,
    error: row.error as string | null,
    createdAt: row.created_at as number,
    finishedAt: row.finished_at as number | null,
  };
}
