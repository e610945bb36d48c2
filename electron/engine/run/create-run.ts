/**
 * Writes a planned run to the store in one transaction: the run, its tasks,
 * and the decisions that need history — reusing identical earlier results
 * (`cached`, by the rule of cache-decision.ts: unless --force, and only while
 * its declared outputs still match files, else a note says which are gone). Tasks with upstream outside
 * the run (--no-upstream) get the newest result of each noted now when there
 * is one (upstream-choice.ts), else wait for it in the engine (gate-keeper.ts).
 */
import type { Db } from '../store/open-store.js';
import type { RunPlan } from './plan-run.js';
import type { TaskSpec } from '../../../shared/run-model.js';
import { activeRunsLike, insertRun, type RunOwner } from '../store/run-store.js';
import { markRunCancelled } from './cancel-run.js';
import { insertTaskRuns, setTaskState } from '../store/task-store.js';
import { inWriteTransaction, stmt } from '../store/statements.js';
import { appendNote } from '../store/run-notes.js';
import { outputsMissingMessage } from './declared-outputs.js';
import { cacheDecisions } from './cache-decision.js';
import { whyTasksRun, whyText, type TaskWhy } from './why-runs.js';
import { chooseUpstream } from './upstream-choice.js';
import { plural } from '../../../shared/plural.js';

/**
 * What createRun did: created the run (cancelling older ones under
 * `overlap: cancel_previous`), found the run with the same idempotency key,
 * or skipped it under `overlap: skip`.
 */
export type CreatedRun =
  | {
      readonly runId: number;
      readonly existed: boolean;
      readonly cancelled: readonly number[];
      readonly skipped?: undefined;
      /** pipeline → the spec stored with its task (a new run only): lets the engine skip reading them back. */
      readonly specs?: ReadonlyMap<string, TaskSpec>;
    }
  | { readonly runId: null; readonly existed: false; readonly cancelled: readonly number[]; readonly skipped: string };

/** What createRuns did: every plan's run, or the overlap refusal that rolled them all back. */
export type CreatedRuns =
  | { readonly ok: true; readonly runs: ReadonlyArray<Extract<CreatedRun, { runId: number }>> }
  | { readonly ok: false; readonly skipped: string };

/**
 * Creates the runs of a fanned-out request (one plan per partition) in one
 * transaction: all of them, or — when an overlap policy refuses one — none.
 */
export function createRuns(db: Db, plans: readonly RunPlan[], now: number, owner?: RunOwner): CreatedRuns {
  try {
    return inWriteTransaction(db, () => {
      const runs: Array<Extract<CreatedRun, { runId: number }>> = [];
      for (const plan of plans) {
        const created = createRun(db, plan, now, owner);
        if (created.runId === null) throw new OverlapSkip(`skipped: ${created.skipped}`);
        runs.push(created);
      }
      return { ok: true as const, runs };
    });
  } catch (error) {
    if (error instanceof OverlapSkip) return { ok: false, skipped: error.message };
    throw error;
  }
}

/** Thrown inside createRuns' transaction to roll back the runs already created. */
class OverlapSkip extends Error {}

/**
 * Creates the run of `plan` (or returns the existing run with the same
 * idempotency key). `owner`: the engine that will drive it, recorded in the
 * same transaction, so no other engine can adopt the new run before its
 * creator claims it (a creator that dies first leaves it adoptable).
 */
export function createRun(db: Db, plan: RunPlan, now: number, owner?: RunOwner): CreatedRun {
  const create = (): CreatedRun => {
    if (plan.run.idempotencyKey) {
      const existing = stmt(db, 'SELECT id FROM runs WHERE idempotency_key = ?').get(plan.run.idempotencyKey) as { id: number } | undefined;
      if (existing) return { runId: existing.id, existed: true, cancelled: [] };
    }
    const active = plan.concurrency ? activeRunsLike(db, plan.run) : [];
    const over = plan.concurrency ? active.length - plan.concurrency.maxActiveRuns + 1 : 0;
    if (over > 0 && plan.concurrency?.overlap === 'skip') {
      const ids = active.map((r) => r.id).join(', ');
      return { runId: null, existed: false, cancelled: [], skipped: `${plural(active.length, 'active run')} (${ids}) of ${plan.run.targets.join(', ')}; max_active_runs ${plan.concurrency.maxActiveRuns}, overlap: skip` };
    }
    const runId = insertRun(db, plan.run, now, owner);
    const cancelled = over > 0 && plan.concurrency?.overlap === 'cancel_previous' ? active.slice(0, over).map((r) => r.id) : [];
    for (const id of cancelled) markRunCancelled(db, id, now, `superseded by run ${runId} (overlap: cancel_previous)`);
    const ids = insertTaskRuns(db, runId, plan.tasks, now);
    const decisions = cacheDecisions(db, plan);
    // A rerun's plan says itself why each task runs; a new run says what changed since each task's last run.
    const whys = 'reuse' in plan && plan.reuse ? new Map<string, TaskWhy>() : whyTasksRun(db, plan, decisions, runId);
    for (const [i, task] of plan.tasks.entries()) {
      const row = { id: ids[i]!, runId, pipeline: task.pipeline };
      if (task.externalUpstream.length > 0) chooseUpstream(db, { id: runId, project: plan.run.project, partition: plan.run.partition }, { ...row, spec: task.spec }, now);
      const decision = decisions.get(task.pipeline)!;
      if (decision.kind === 'outputs_missing') {
        const message = `not reused from run ${decision.previousRunId}: ${outputsMissingMessage(decision.missing)}`;
        appendNote(db, now, { runId, taskRunId: row.id }, { note: 'outputs_missing', pipeline: task.pipeline, previousRunId: decision.previousRunId, missing: decision.missing, message });
      } else if (decision.kind === 'reuse') {
        setTaskState(db, row, 'pending', 'cached', now, { cachedFrom: decision.from.taskRunId, reason: decision.from.reason });
      } else {
        const why = whys.get(task.pipeline);
        if (why?.reasons.some((r) => r.notable)) {
          appendNote(db, now, { runId, taskRunId: row.id }, { note: 'why', pipeline: task.pipeline, previousRunId: why.previousRunId, reasons: why.reasons.map((r) => r.text), message: whyText(why) });
        }
      }
    }
    return { runId, existed: false, cancelled, specs: new Map(plan.tasks.map((task) => [task.pipeline, task.spec])) };
  };
  // Write lock up front, so two processes checking the idempotency key cannot both insert.
  return inWriteTransaction(db, create);
}
