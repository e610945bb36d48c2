/**
 * A planned run described without creating it: order, pools, resolved
 * commands (secrets masked) and which tasks would reuse an earlier result,
 * by the same cache rule createRun applies (cache-decision.ts).
 */
import type { Db } from '../store/open-store.js';
import type { RunPreview, TaskPreview } from '../../../shared/preview-model.js';
import { redactRecord } from '../../../shared/secrets.js';
import { partitionKey } from '../store/run-store.js';
import { cacheDecisions, type CacheDecision, type PlanWithReuse } from './cache-decision.js';
import { outputsMissingMessage } from './declared-outputs.js';
import { maskedTask } from './masked-task.js';
import { whyTasksRun, type TaskWhy } from './why-runs.js';

/** Why a task that runs runs, when a caller knows (a rerun: `failed in run 12`); pipeline → text. */
export type RunReasons = ReadonlyMap<string, string>;

/** The preview of `plan` as createRun would write it now. */
export function previewRun(db: Db, plan: PlanWithReuse, reasons: RunReasons = new Map()): RunPreview {
  const decisions = cacheDecisions(db, plan);
  // A caller's reasons (a rerun's) win; otherwise what changed since each task's last run.
  const whys = reasons.size > 0 || plan.reuse ? new Map<string, TaskWhy>() : whyTasksRun(db, plan, decisions);
  const tasks = plan.tasks.map((task, index): TaskPreview => {
    const masked = maskedTask(plan.run, task.pipeline, task.spec);
    const decision = decisions.get(task.pipeline)!;
    return {
      order: index + 1,
      pipeline: task.pipeline,
      upstream: task.upstream,
      externalUpstream: task.externalUpstream,
      isTarget: task.isTarget,
      pool: task.spec.pool,
      poolSize: plan.run.pools[task.spec.pool] ?? 1,
      priority: task.spec.priority,
      command: masked.command,
      shell: masked.kind === 'shell',
      cwd: masked.cwd,
      env: masked.env,
      timeoutMs: task.spec.timeoutMs,
      retries: task.spec.retries,
      action: decision.kind === 'reuse' ? 'reuse' : 'run',
      why: whyOf(decision, reasons.get(task.pipeline) ?? runReasons(whys.get(task.pipeline))),
      reusedFrom: decision.kind === 'reuse' ? { runId: decision.from.runId, taskRunId: decision.from.taskRunId } : null,
    };
  });
  const toReuse = tasks.filter((t) => t.action === 'reuse').length;
  return {
    project: plan.run.project,
    projectFile: plan.run.projectFile,
    targets: plan.run.targets,
    selection: plan.run.selection,
    force: plan.run.force,
    partition: plan.run.partition,
    partitionKey: partitionKey(plan.run.partition),
    params: redactRecord(plan.run.params),
    tasks,
    toRun: tasks.length - toReuse,
    toReuse,
  };
}

/** The reasons a task runs, joined (`forced; code file a.py changed`), or undefined. */
function runReasons(why: TaskWhy | undefined): string | undefined {
  return why?.action === 'run' ? why.reasons.map((r) => r.text).join('; ') : undefined;
}

function whyOf(decision: CacheDecision, reason: string | undefined): string | null {
  if (decision.kind === 'reuse') return decision.from.reason;
  if (decision.kind === 'outputs_missing') return `not reused from run ${decision.previousRunId}: ${outputsMissingMessage(decision.missing)}`;
  return reason ?? null;
}
