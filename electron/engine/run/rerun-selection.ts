/**
 * Which tasks of a rerun run again and which reuse the original run's
 * result. Pure: the original run's tasks and the new plan in, decisions out.
 *
 * A task runs again when
 * - the mode asks: `all` (every task), `from_failure` (tasks that ended
 *   failed, cancelled or upstream_failed), `selected` (the named tasks);
 * - or it cannot be reused: it is not in the original run, it did not end
 *   satisfied there (succeeded, skipped, cached), or its spec hash changed
 *   (the config, a param or a passed-through value is not what it was);
 * - or it is downstream (in the new run) of a task that runs again.
 * Every other task reuses the original's result (its `cached_from`, so a
 * chain of reuses points at the run that produced it).
 */
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { isTaskSatisfied } from '../../../shared/state-machines.js';
import type { PlannedTask } from './plan-run.js';
import type { ReusedResult } from './cache-decision.js';

import type { RerunMode } from '../../../shared/preview-model.js';

export type { RerunMode };

/** The mode's name in reasons: `rerun of run 12 (from failure)`. */
export const RERUN_MODE_TEXT: Readonly<Record<RerunMode, string>> = { all: 'all tasks', from_failure: 'from failure', selected: 'selected tasks' };

/** The decisions: reuse (pipeline → result) for the rest, why for each task that runs. */
export interface RerunSelection {
  readonly reuse: ReadonlyMap<string, ReusedResult>;
  readonly reasons: ReadonlyMap<string, string>;
}

/** Decides for each task of the new plan; `selected` only for mode `selected` (already checked against the run). */
export function selectRerunTasks(runId: number, original: readonly TaskRunRecord[], planned: readonly PlannedTask[], mode: RerunMode, selected: ReadonlySet<string> = new Set()): RerunSelection {
  const before = new Map(original.map((task) => [task.pipeline, task]));
  const reasons = new Map<string, string>();
  for (const task of planned) {
    const was = before.get(task.pipeline);
    const why = seedReason(runId, was, task, mode, selected);
    if (why) reasons.set(task.pipeline, why);
  }
  // Downstream of a task that runs again runs again too (planned is in topological order).
  for (const task of planned) {
    if (reasons.has(task.pipeline)) continue;
    const up = task.upstream.find((name) => reasons.has(name));
    if (up) reasons.set(task.pipeline, `downstream of ${up}`);
  }
  const reuse = new Map<string, ReusedResult>();
  for (const task of planned) {
    if (reasons.has(task.pipeline)) continue;
    const was = before.get(task.pipeline)!;
    reuse.set(task.pipeline, { taskRunId: was.cachedFrom ?? was.id, runId, reason: `reused from run ${runId} (${was.state} there)` });
  }
  return { reuse, reasons };
}

/** Why a task runs on its own account (not as someone's downstream), or null when it may be reused. */
function seedReason(runId: number, was: TaskRunRecord | undefined, task: PlannedTask, mode: RerunMode, selected: ReadonlySet<string>): string | null {
  if (mode === 'all') return 'all tasks run again';
  if (mode === 'selected' && selected.has(task.pipeline)) return 'selected';
  if (!was) return `not in run ${runId}`;
  if (!isTaskSatisfied(was.state)) return `${was.state} in run ${runId}`;
  if (was.specHash !== task.specHash) return `changed since run ${runId}`;
  return null;
}

/** The tasks a from_failure rerun starts from: those that ended failed, cancelled or upstream_failed. */
export function failedTasks(original: readonly TaskRunRecord[]): string[] {
  return original.filter((task) => task.state === 'failed' || task.state === 'cancelled' || task.state === 'upstream_failed').map((task) => task.pipeline);
}
