/**
 * Alerts raised by what happened, read from the events journal after the
 * monitor's cursor: a run ending `failed` opens `run_failed` for each pipeline
 * that failed in it; a task failing after it used up its retries opens
 * `retries_exhausted`. Both are keyed by (project, pipeline, partition) and
 * resolve when that pipeline later succeeds for that partition.
 */
import type { EventRecord, RunRecord, TaskRunRecord } from '../../../shared/run-model.js';
import { getRun } from '../store/run-store.js';
import { getTaskRun, tasksOfRun } from '../store/task-store.js';
import { openAlertByKey, type AlertDraft } from '../store/alert-store.js';
import type { AlertChannels } from '../../../shared/config-model.js';
import { subjectLine } from './alert-text.js';
import type { RuleContext } from './rule-context.js';

/** Stored and streamed, but not sent anywhere. */
const SILENT: AlertChannels = { desktop: false, webhook: null };

/** Events older than this are history, not news: a first start on an old store stays quiet about them. */
export const JOURNAL_HORIZON_MS = 7 * 86_400_000;

/** Applies the alert consequences of journal events (call inside the monitor's transaction). */
export function applyJournal(ctx: RuleContext, events: readonly EventRecord[]): void {
  for (const event of events) {
    if (event.at < ctx.now - JOURNAL_HORIZON_MS || event.runId === null) continue;
    if (event.kind === 'run' && event.to === 'failed') onRunFailed(ctx, event.runId);
    else if (event.kind === 'task' && event.taskRunId !== null) {
      if (event.to === 'failed') onTaskFailed(ctx, event.taskRunId);
      else if (event.to === 'succeeded' || event.to === 'cached') onTaskSucceeded(ctx, event.taskRunId);
    }
  }
}

function onRunFailed(ctx: RuleContext, runId: number): void {
  const run = getRun(ctx.db, runId);
  if (!run) return;
  for (const task of tasksOfRun(ctx.db, runId)) {
    if (task.state !== 'failed' || !ctx.rulesFor(run.projectFile, task.pipeline).runFailed) continue;
    const draft = failureDraft(ctx, 'run_failed', run, task);
    // One problem, one notification: retries_exhausted already told about this failure.
    const told = openAlertByKey(ctx.db, failureKey('retries_exhausted', run, task.pipeline)) !== null;
    ctx.open(told ? { ...draft, channels: SILENT } : draft);
  }
}

function onTaskFailed(ctx: RuleContext, taskRunId: number): void {
  const task = getTaskRun(ctx.db, taskRunId);
  const run = task && getRun(ctx.db, task.runId);
  if (!task || !run || task.attempts < 2 || !ctx.rulesFor(run.projectFile, task.pipeline).retriesExhausted) return;
  ctx.open(failureDraft(ctx, 'retries_exhausted', run, task));
}

function onTaskSucceeded(ctx: RuleContext, taskRunId: number): void {
  const task = getTaskRun(ctx.db, taskRunId);
  const run = task && getRun(ctx.db, task.runId);
  if (!task || !run) return;
  const how = task.cachedFrom !== null ? 'cached' : 'succeeded';
  for (const rule of ['run_failed', 'retries_exhausted'] as const) {
    ctx.resolve(failureKey(rule, run, task.pipeline), `${task.pipeline} ${how} in run ${run.id}`);
  }
}

/** Key of a failure alert: one per (rule, project, pipeline, partition). */
export function failureKey(rule: 'run_failed' | 'retries_exhausted', run: Pick<RunRecord, 'projectFile' | 'partitionKey'>, pipeline: string): string {
  return `${rule}|${run.projectFile}|${pipeline}|${run.partitionKey}`;
}

function failureDraft(ctx: RuleContext, rule: 'run_failed' | 'retries_exhausted', run: RunRecord, task: TaskRunRecord): AlertDraft {
  const reason = task.reason ?? 'failed';
  const tries = task.attempts > 1 && !/attempt/.test(reason) ? ` after ${task.attempts} attempts` : '';
  return {
    rule,
    key: failureKey(rule, run, task.pipeline),
    severity: 'error',
    project: run.project,
    pipeline: task.pipeline,
    runId: run.id,
    partitionKey: run.partitionKey,
    title: rule === 'run_failed' ? `${task.pipeline} failed` : `${task.pipeline}: retries exhausted`,
    body: `${subjectLine(run.project, task.pipeline, run.partitionKey)}: ${reason}${tries} (run ${run.id})`,
    channels: ctx.channelsFor(run.projectFile),
  };
}
