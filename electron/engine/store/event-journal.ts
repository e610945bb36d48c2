/**
 * The append-only events journal. Every state change of a run, task or
 * attempt appends one row here inside the same transaction (triggers in the
 * schema refuse UPDATE and DELETE).
 */
import type { Db } from './open-store.js';
import type { EventRecord } from '../../../shared/run-model.js';
import { stmt } from './statements.js';

/** Fields of a new journal row. */
export interface NewEvent {
  readonly at: number;
  readonly kind: EventRecord['kind'];
  readonly runId?: number | null;
  readonly taskRunId?: number | null;
  readonly attemptId?: number | null;
  readonly from?: string | null;
  readonly to?: string | null;
  readonly data?: Readonly<Record<string, unknown>> | null;
}

/** Appends one event; call inside the transaction that made the change. */
export function appendEvent(db: Db, event: NewEvent): number {
  const result = stmt(
    db,
    `INSERT INTO events (at, kind, run_id, task_run_id, attempt_id, from_state, to_state, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    event.at,
    event.kind,
    event.runId ?? null,
    event.taskRunId ?? null,
    event.attemptId ?? null,
    event.from ?? null,
    event.to ?? null,
    event.data ? JSON.stringify(event.data) : null,
  );
  return Number(result.lastInsertRowid);
}

/** Events after `afterSeq` (optionally for one run), oldest first. */
export function listEvents(db: Db, options: { afterSeq?: number; runId?: number; limit?: number } = {}): EventRecord[] {
  const rows = (options.runId === undefined
    ? stmt(db, 'SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(options.afterSeq ?? 0, options.limit ?? 10_000)
    : stmt(db, 'SELECT * FROM events WHERE seq > ? AND run_id = ? ORDER BY seq LIMIT ?').all(
        options.afterSeq ?? 0,
        options.runId,
        options.limit ?? 10_000,
      )) as Record<string, unknown>[];
  return rows.map((row) => ({
    seq: row.seq as number,
    at: row.at as number,
    kind: row.kind as EventRecord['kind'],
    runId: row.run_id as number | null,
    taskRunId: row.task_run_id as number | null,
    attemptId: row.attempt_id as number | null,
    from: row.from_state as string | null,
    to: row.to_state as string | null,
    data: row.data ? (JSON.parse(row.data as string) as Record<string, unknown>) : null,
  }));
}

/** The newest seq in the journal (0 when empty). */
export function lastEventSeq(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
}

/**
 * The newest seq whose event is older than `at` (0 when none), by binary
 * search over seq: events are appended in time order, and `at` has no index.
 */
export function lastSeqBefore(db: Db, at: number): number {
  const atOf = (seq: number): number | undefined => (stmt(db, 'SELECT at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1').get(seq) as { at: number } | undefined)?.at;
  let lo = 0;
  let hi = lastEventSeq(db);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const midAt = atOf(mid);
    if (midAt !== undefined && midAt < at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
