/**
 * Which tasks of a planned run reuse an earlier result instead of running:
 * the one cache rule, used by createRun (which applies it) and by previews
 * (which only report it). Reads the store, writes nothing.
 *
 * The rule, in the plan's topological order:
 * - a rerun's plan says itself what it reuses (`plan.reuse`: results of the
 *   run it re-runs); nothing else is looked up;
 * - otherwise nothing is reused under --force, and a target always runs;
 * - a task whose in-run upstream are all reused, and that has an identical
 *   earlier success (same spec hash), reuses it while its declared outputs
 *   still match files; if some are gone it runs, and the decision says which.
 */
import type { Db } from '../store/open-store.js';
import type { RunPlan } from './plan-run.js';
import { latestSuccessByHash } from '../store/task-store.js';
import { outputsGoneSince } from './declared-outputs.js';
import { publishedPartitionsGone } from '../lake/published-check.js';

/** A result a task reuses: the task run it comes from. */
export interface ReusedResult {
  readonly taskRunId: number;
  readonly runId: number;
  /** The reason recorded on the cached task, e.g. `same inputs as run 12`. */
  readonly reason: string;
}

/** A plan, possibly a rerun's that names the results it reuses (pipeline → result); createRun takes either. */
export type PlanWithReuse = RunPlan & { readonly reuse?: ReadonlyMap<string, ReusedResult> };

/** What the rule decided for one task. */
export type CacheDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'reuse'; readonly from: ReusedResult }
  /** An identical earlier success exists but its declared outputs are gone: the task runs. */
  | { readonly kind: 'outputs_missing'; readonly previousRunId: number; readonly missing: readonly string[] };

/** pipeline → decision, for every task of `plan`. */
export function cacheDecisions(db: Db, plan: PlanWithReuse): Map<string, CacheDecision> {
  const decisions = new Map<string, CacheDecision>();
  const reused = new Set<string>();
  for (const task of plan.tasks) {
    const decision = decide(db, plan, task, reused);
    if (decision.kind === 'reuse') reused.add(task.pipeline);
    decisions.set(task.pipeline, decision);
  }
  return decisions;
}

function decide(db: Db, plan: PlanWithReuse, task: RunPlan['tasks'][number], reused: ReadonlySet<string>): CacheDecision {
  if (plan.reuse) {
    const from = plan.reuse.get(task.pipeline);
    return from ? { kind: 'reuse', from } : { kind: 'run' };
  }
  if (plan.run.force || task.isTarget || !task.upstream.every((up) => reused.has(up))) return { kind: 'run' };
  const previous = latestSuccessByHash(db, task.specHash);
  if (!previous) return { kind: 'run' };
  const gone = [...outputsGoneSince(plan.run, task, previous), ...publishedPartitionsGone(task, plan.run.partition)];
  if (gone.length > 0) return { kind: 'outputs_missing', previousRunId: previous.runId, missing: gone };
  return { kind: 'reuse', from: { taskRunId: previous.id, runId: previous.runId, reason: `same inputs as run ${previous.runId}` } };
}
