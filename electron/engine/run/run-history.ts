/**
 * What the Run detail view reads of a run's past: its attempts (the Gantt's
 * segments) and its journal a page at a time. Reads only; null for no run.
 */
import type { Db } from '../store/open-store.js';
import type { AttemptRecord, EventRecord } from '../../../shared/run-model.js';
import { getRun } from '../store/run-store.js';
import { attemptsOfRun } from '../store/attempt-store.js';
import { listEvents } from '../store/event-journal.js';

/** Events per page when the caller names no limit. */
export const EVENT_PAGE_DEFAULT = 200;
/** The largest page one call may ask for. */
export const EVENT_PAGE_MAX = 1000;

/** One page of a run's journal: `next` is the seq to ask after for more, null when this page reached the end. */
export interface RunEventPage {
  readonly events: EventRecord[];
  readonly next: number | null;
}

/** Every attempt of run `runId`'s tasks, or null when there is no such run. */
export function runAttempts(db: Db, runId: number): AttemptRecord[] | null {
  if (!getRun(db, runId)) return null;
  return attemptsOfRun(db, runId);
}

/** Up to `limit` events of run `runId` after seq `after`, oldest first (through the events_run index), or null when there is no such run. */
export function runEventPage(db: Db, runId: number, after: number, limit: number): RunEventPage | null {
  if (!getRun(db, runId)) return null;
  // One more than asked tells whether another page follows without a count.
  const rows = listEvents(db, { runId, afterSeq: after, limit: limit + 1 });
  const events = rows.slice(0, limit);
  return { events, next: rows.length > limit ? events[events.length - 1]!.seq : null };
}
