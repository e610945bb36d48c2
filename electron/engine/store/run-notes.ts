/**
 * Notes: journal rows of kind `note`, each a fact about one task that changes
 * no state — which upstream result a --no-upstream task uses, why an
 * identical earlier result was not reused (its declared outputs are gone),
 * or why a task runs (what changed since its last run).
 * They go with the run's other events (`tickwork` progress, the event
 * stream), and the upstream notes are what the task's templates read back.
 */
import type { Db } from './open-store.js';
import type { EventRecord, Partition } from '../../../shared/run-model.js';
import { appendEvent } from './event-journal.js';
import { stmt } from './statements.js';

/** The facts a note records; `message` is the line shown to a person. */
export type RunNote =
  | {
      readonly note: 'upstream';
      readonly pipeline: string;
      readonly upstream: string;
      readonly upstreamRunId: number;
      readonly upstreamTaskRunId: number;
      readonly partition: Partition;
      readonly message: string;
    }
  | {
      readonly note: 'outputs_missing';
      readonly pipeline: string;
      /** The run whose identical result was not reused. */
      readonly previousRunId: number;
      /** The declared outputs (rendered) that match no file. */
      readonly missing: readonly string[];
      readonly message: string;
    }
  | {
      /** Why a task runs when something changed since its last run (run/why-runs.ts). */
      readonly note: 'why';
      readonly pipeline: string;
      /** The earlier run it was compared with, or null. */
      readonly previousRunId: number | null;
      /** `code file steps/a.py changed`, `param lookback 60 → 90`, `forced`, … */
      readonly reasons: readonly string[];
      /** `runs: ` and the reasons. */
      readonly message: string;
    };

/** A note as stored, with the task it is about. */
export type StoredNote = RunNote & { readonly seq: number; readonly taskRunId: number | null };

/** Appends a note about task `taskRunId` of run `runId` (inside the caller's transaction, if any). */
export function appendNote(db: Db, at: number, ids: { readonly runId: number; readonly taskRunId: number }, note: RunNote): number {
  return appendEvent(db, { at, kind: 'note', runId: ids.runId, taskRunId: ids.taskRunId, data: note });
}

/** The notes of a run, oldest first. */
export function notesOfRun(db: Db, runId: number): StoredNote[] {
  const rows = stmt(db, `SELECT seq, task_run_id, data FROM events WHERE run_id = ? AND kind = 'note' ORDER BY seq`).all(runId) as Array<{
    seq: number;
    task_run_id: number | null;
    data: string;
  }>;
  return rows.map((row) => ({ ...(JSON.parse(row.data) as RunNote), seq: row.seq, taskRunId: row.task_run_id }));
}

/** The note carried by a journal event, or null when it is not a note. */
export function noteOfEvent(event: EventRecord): RunNote | null {
  if (event.kind !== 'note' || event.data === null || typeof event.data.note !== 'string' || typeof event.data.message !== 'string') return null;
  return event.data as unknown as RunNote;
}
