/**
 * Which upstream result a task uses, for its templates and its journal.
 *
 * An upstream inside the run produces the run's own date. A --no-upstream
 * task uses, for each upstream outside the run, the newest result for its
 * static keys dated on or before the run's date (latestUpstreamResult). That
 * choice is made once — when the run is created if such a result exists,
 * else when the task's gate first finds one — and recorded as an `upstream`
 * note, so every attempt, and an engine that adopts the run after a restart,
 * renders `{{ upstream.<pipeline>.date }}` and TICKWORK_UPSTREAM_<PIPELINE>_DATE
 * with the same date the run printed.
 */
import type { Db } from '../store/open-store.js';
import type { RunRecord, TaskSpec } from '../../../shared/run-model.js';
import type { TemplateContext } from '../plan/templates.js';
import { latestUpstreamResult, type UpstreamResult } from '../store/upstream-results.js';
import { appendNote, notesOfRun, type RunNote } from '../store/run-notes.js';
import { inTransaction } from '../store/statements.js';
import { templateContext } from './render-task.js';

/** The parts of a run the choice depends on. */
type RunFacts = Pick<RunRecord, 'id' | 'project' | 'partition'>;

/** The parts of a task the choice depends on. */
export interface ChoosingTask {
  readonly id: number;
  readonly pipeline: string;
  readonly spec: Pick<TaskSpec, 'externalUpstream'>;
}

/** What a look at a task's outside upstream found. */
export interface UpstreamLook {
  /** Notes recorded by this look (choices made now). */
  readonly recorded: readonly RunNote[];
  /** Outside upstream with no usable result yet, described for the gate's "waiting for" list. */
  readonly missing: readonly string[];
  /** Upstream pipeline → the date of the result it uses, for each one chosen (now or before). */
  readonly dates: Readonly<Record<string, string>>;
}

/** `using upstream data from run 12 (2025-02-03, region=US)`. */
export function describeUpstream(upstream: string, result: UpstreamResult): string {
  const { date, ...keys } = result.partition;
  const where = [date, ...Object.entries(keys).map(([k, v]) => `${k}=${v}`)].join(', ');
  return `using upstream ${upstream} from run ${result.runId} (${where})`;
}

/**
 * Chooses, and records as notes, a result for each outside upstream of
 * `task` that has none chosen yet and has one now. Writes in one transaction
 * (the caller's, when one is open).
 */
export function chooseUpstream(db: Db, run: RunFacts, task: ChoosingTask, now: number): UpstreamLook {
  const outside = task.spec.externalUpstream ?? [];
  if (outside.length === 0) return { recorded: [], missing: [], dates: {} };
  return inTransaction(db, () => {
    const dates: Record<string, string> = { ...chosenDates(db, run.id, task.id) };
    const recorded: RunNote[] = [];
    const missing: string[] = [];
    const { date, ...staticKeys } = run.partition;
    for (const upstream of outside) {
      if (Object.hasOwn(dates, upstream)) continue;
      const result = latestUpstreamResult(db, { project: run.project, pipeline: upstream, date, staticKeys });
      if (!result) {
        missing.push(`upstream ${upstream} (${[`date ≤ ${date}`, ...Object.entries(staticKeys).map(([k, v]) => `${k}=${v}`)].join(', ')})`);
        continue;
      }
      const note: RunNote = {
        note: 'upstream',
        pipeline: task.pipeline,
        upstream,
        upstreamRunId: result.runId,
        upstreamTaskRunId: result.taskRunId,
        partition: result.partition,
        message: describeUpstream(upstream, result),
      };
      appendNote(db, now, { runId: run.id, taskRunId: task.id }, note);
      recorded.push(note);
      dates[upstream] = result.partition.date;
    }
    return { recorded, missing, dates };
  });
}

/** The parts of a task its upstream dates depend on. */
export interface DatedTask extends ChoosingTask {
  /** Its upstream inside the run. */
  readonly upstream: readonly string[];
}

/**
 * Upstream pipeline → the date of the result `task` uses: the run's date for
 * upstream in the run, the recorded choice for upstream outside it (looked up
 * afresh, without recording, for a run whose choice predates notes).
 */
export function upstreamDatesOf(db: Db, run: RunFacts, task: DatedTask): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const upstream of task.upstream) dates[upstream] = run.partition.date;
  const outside = task.spec.externalUpstream ?? [];
  if (outside.length === 0) return dates;
  const chosen = chosenDates(db, run.id, task.id);
  const { date, ...staticKeys } = run.partition;
  for (const upstream of outside) {
    dates[upstream] = chosen[upstream] ?? latestUpstreamResult(db, { project: run.project, pipeline: upstream, date, staticKeys })?.partition.date ?? date;
  }
  return dates;
}

/** The template context of one attempt of `task`, its upstream dates included. */
export function attemptContext(db: Db, run: RunRecord, task: DatedTask, attempt: number): TemplateContext {
  return { ...templateContext(run, String(run.id), task.pipeline, attempt), upstream: upstreamDatesOf(db, run, task) };
}

/** The dates already chosen for a task's outside upstream (its `upstream` notes; a later note wins). */
function chosenDates(db: Db, runId: number, taskRunId: number): Record<string, string> {
  const dates: Record<string, string> = {};
  for (const note of notesOfRun(db, runId)) if (note.note === 'upstream' && note.taskRunId === taskRunId) dates[note.upstream] = note.partition.date;
  return dates;
}
