/**
 * `runs.rerun`: a finished run run again as a new run — the same targets,
 * selection, partition and params, planned from the project's current
 * config — in one of three modes (rerun-selection.ts): every task, from
 * failure (failed/cancelled/upstream_failed tasks and their downstream), or
 * the selected tasks and their downstream; the rest reuse the original
 * run's results (`cached`). A run still queued or running cannot be re-run
 * (cancel it or wait). The new run's `queued` event records what it re-runs
 * (`rerun of run 12 (from failure)`). A preview plans the same and creates
 * nothing.
 */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { RunRecord, RunTrigger } from '../../../shared/run-model.js';
import type { RunPreview } from '../../../shared/preview-model.js';
import { isRunTerminal } from '../../../shared/state-machines.js';
import type { TriggerEnv } from '../exec/task-env.js';
import { getRun, type RunOwner } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { planRuns } from './plan-runs.js';
import { createRuns, type CreatedRuns } from './create-run.js';
import type { PlanWithReuse } from './cache-decision.js';
import { previewRun } from './run-preview.js';
import { failedTasks, RERUN_MODE_TEXT, selectRerunTasks, type RerunMode } from './rerun-selection.js';

/** What to re-run and how. */
export interface RerunRequest {
  readonly runId: number;
  readonly mode: RerunMode;
  /** The tasks to run again (mode `selected`), with their downstream. */
  readonly tasks?: readonly string[];
  readonly trigger: RunTrigger;
  /** The env_passthrough values of whoever asks (passthrough-key.ts triggerEnv). */
  readonly env: TriggerEnv;
}

/** A planned rerun, or why there is none: no such run (or its project is not served), still active, or a bad request. */
export type PlannedRerun =
  | { readonly ok: true; readonly original: RunRecord; readonly plan: PlanWithReuse; readonly preview: RunPreview; readonly reason: string }
  | { readonly ok: false; readonly kind: 'not_found' | 'active' | 'usage'; readonly message: string };

/** Plans the rerun of `request.runId` against the served `projects`, creating nothing. */
export function planRerun(db: Db, projects: readonly ProjectConfig[], request: RerunRequest, now: number): PlannedRerun {
  const original = getRun(db, request.runId);
  if (!original) return { ok: false, kind: 'not_found', message: `no run ${request.runId}` };
  if (!isRunTerminal(original.state)) {
    return { ok: false, kind: 'active', message: `run ${original.id} is still ${original.state}: cancel it or wait for it to end before re-running it` };
  }
  const project = projects.find((p) => p.file === original.projectFile);
  if (!project) return { ok: false, kind: 'not_found', message: `run ${original.id} belongs to ${original.projectFile}, which is not served here` };
  const tasks = tasksOfRun(db, original.id);
  const selected = new Set(request.tasks ?? []);
  if (request.mode === 'selected') {
    if (selected.size === 0) return { ok: false, kind: 'usage', message: 'mode selected needs tasks: the pipelines to run again' };
    const unknown = [...selected].filter((name) => !tasks.some((t) => t.pipeline === name));
    if (unknown.length) return { ok: false, kind: 'usage', message: `run ${original.id} has no task ${unknown.join(', ')} (its tasks: ${tasks.map((t) => t.pipeline).join(', ')})` };
  } else if (request.tasks?.length) {
    return { ok: false, kind: 'usage', message: `tasks go with mode selected, not ${request.mode}` };
  }
  if (request.mode === 'from_failure' && failedTasks(tasks).length === 0) {
    return { ok: false, kind: 'active', message: `run ${original.id} ${original.state} with no failed, cancelled or upstream_failed task: nothing to re-run from failure` };
  }
  const { date, ...keys } = original.partition;
  const planned = planRuns(project, {
    targets: original.targets,
    selection: original.selection,
    force: request.mode === 'all' || original.force,
    date,
    partition: keys,
    // Params the config still declares (a removed one cannot be passed any more).
    params: Object.fromEntries(Object.entries(original.params).filter(([name]) => Object.hasOwn(project.params, name))),
    trigger: request.trigger,
    env: request.env,
  }, now);
  if (!planned.ok) return { ok: false, kind: 'usage', message: `run ${original.id} cannot be planned again: ${planned.message}` };
  if (planned.plans.length !== 1) return { ok: false, kind: 'usage', message: `run ${original.id} cannot be planned again: its project's partitions changed` };
  const base = planned.plans[0]!;
  const selection = selectRerunTasks(original.id, tasks, base.tasks, request.mode, selected);
  const plan: PlanWithReuse = { ...base, reuse: selection.reuse };
  const reason = `rerun of run ${original.id} (${RERUN_MODE_TEXT[request.mode]})`;
  return { ok: true, original, plan, preview: previewRun(db, plan, selection.reasons), reason };
}

/** Creates the planned rerun (its queued event says what it re-runs); an overlap policy may still refuse it. */
export function createRerun(db: Db, planned: Extract<PlannedRerun, { ok: true }>, now: number, owner?: RunOwner): CreatedRuns {
  const plan: PlanWithReuse = { ...planned.plan, run: { ...planned.plan.run, origin: { rerunOf: planned.original.id, reason: planned.reason } } };
  return createRuns(db, [plan], now, owner);
}
