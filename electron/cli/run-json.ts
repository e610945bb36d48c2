/** The JSON shape of runs and tasks printed by `--json` (snake_case, ISO times). */
import type { Db } from '../engine/store/open-store.js';
import type { RunRecord, TaskRunRecord } from '../../shared/run-model.js';
import { tasksOfRun } from '../engine/store/task-store.js';
import { notesOfRun, type RunNote } from '../engine/store/run-notes.js';
import { iso } from './format.js';
import { redactRecord } from '../../shared/secrets.js';

/** A run as printed by --json, optionally with its tasks. */
export function runJson(run: RunRecord, tasks?: readonly TaskRunRecord[]): Record<string, unknown> {
  return {
    id: run.id,
    project: run.project,
    state: run.state,
    targets: run.targets,
    selection: run.selection,
    partition: run.partition,
    params: redactRecord(run.params),
    trigger: run.trigger,
    reason: run.reason,
    created_at: iso(run.createdAt),
    started_at: iso(run.startedAt),
    finished_at: iso(run.finishedAt),
    ...(tasks ? { tasks: tasks.map(taskJson) } : {}),
  };
}

/** A task run as printed by --json. */
export function taskJson(task: TaskRunRecord): Record<string, unknown> {
  return {
    id: task.id,
    pipeline: task.pipeline,
    state: task.state,
    attempts: task.attempts,
    reason: task.reason,
    cached_from: task.cachedFrom,
    next_attempt_at: iso(task.nextAttemptAt),
    started_at: iso(task.startedAt),
    finished_at: iso(task.finishedAt),
  };
}

/** A run with its tasks and its notes (the upstream results it used, results not reused), read fresh from the store. */
export function runWithTasksJson(db: Db, run: RunRecord): Record<string, unknown> {
  return { ...runJson(run, tasksOfRun(db, run.id)), notes: notesOfRun(db, run.id).map(noteJson) };
}

/** A run's note as printed by --json. */
export function noteJson(note: RunNote): Record<string, unknown> {
  const facts =
    note.note === 'upstream'
      ? { upstream: note.upstream, upstream_run_id: note.upstreamRunId, partition: note.partition }
      : note.note === 'why'
        ? { previous_run_id: note.previousRunId, reasons: note.reasons }
        : { previous_run_id: note.previousRunId, missing: note.missing };
  return { kind: note.note, pipeline: note.pipeline, ...facts, message: note.message };
}
