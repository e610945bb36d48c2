/**
 * Alerts that describe a state of things rather than an event, re-checked on
 * every evaluation: stale data (no success within `freshness`), error rate
 * over a window, long-running attempts (past `max_duration` or k × p95) and
 * stuck runs (nothing running, no progress for `stuck_after`). Each check
 * returns the conditions that hold now; the monitor opens the new ones and
 * resolves the open ones that no longer hold.
 */
import type { AlertRules, ProjectConfig } from '../../../shared/config-model.js';
import type { AlertRule } from '../../../shared/alert-model.js';
import type { RunRecord } from '../../../shared/run-model.js';
import { isTaskTerminal } from '../../../shared/state-machines.js';
import type { AlertDraft } from '../store/alert-store.js';
import { activeRuns } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { stmt } from '../store/statements.js';
import { subjectLine } from './alert-text.js';
import { humanDuration } from '../../../shared/durations.js';
import { p95 } from '../util/percentile.js';
import type { RuleContext } from './rule-context.js';
import { plural } from '../../../shared/plural.js';

/** Rules whose alerts are re-derived on every evaluation. */
export const CONDITION_RULES: readonly AlertRule[] = ['stale', 'error_rate', 'long_running', 'stuck'];

/** Samples of successful attempts needed before a p95 is trusted. */
export const P95_MIN_SAMPLES = 5;
/** A long-running alert from the p95 rule never fires before this (a 50 ms task at 3 × p95 is noise). */
export const P95_FLOOR_MS = 60_000;

/** Runs longer than this may be left out of an error-rate window that their end falls in. */
export const RUN_SPAN_MS = 2 * 86_400_000;

/** Conditions that hold now: per pipeline of `projects` (stale, error rate) and per active run (long-running, stuck). */
export function currentConditions(ctx: RuleContext, projects: readonly ProjectConfig[]): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  for (const project of projects) {
    for (const pipeline of project.pipelines.values()) {
      const stale = staleCondition(ctx, project, pipeline.name, pipeline.alerts);
      if (stale) drafts.push(stale);
      const rate = errorRateCondition(ctx, project, pipeline.name, pipeline.alerts);
      if (rate) drafts.push(rate);
    }
  }
  for (const run of activeRuns(ctx.db)) drafts.push(...runConditions(ctx, run));
  return drafts;
}

/** Key of a per-pipeline condition alert. */
export function pipelineConditionKey(rule: 'stale' | 'error_rate', projectFile: string, pipeline: string): string {
  return `${rule}|${projectFile}|${pipeline}`;
}

function staleCondition(ctx: RuleContext, project: ProjectConfig, pipeline: string, rules: AlertRules): AlertDraft | null {
  if (rules.freshnessMs === null) return null;
  // Newest runs first, stopping at the first success: a full history of task runs is never read.
  const row = (stmt(
    ctx.db,
    `SELECT t.finished_at AS at FROM runs r NOT INDEXED CROSS JOIN task_runs t ON t.run_id = r.id AND t.pipeline = ?
     WHERE r.project_file = ? AND t.state IN ('succeeded', 'cached') ORDER BY r.id DESC LIMIT 1`,
  ).get(pipeline, project.file) as { at: number } | undefined) ?? { at: null };
  if (row.at !== null && ctx.now - row.at <= rules.freshnessMs) return null;
  const age = row.at === null ? 'no successful run yet' : `last success ${humanDuration(ctx.now - row.at)} ago`;
  return {
    ...pipelineDraft(ctx, project, pipeline, 'stale', 'warning'),
    title: `${pipeline} data is stale`,
    body: `${subjectLine(project.name, pipeline, null)}: ${age} (freshness ${humanDuration(rules.freshnessMs)})`,
  };
}

function errorRateCondition(ctx: RuleContext, project: ProjectConfig, pipeline: string, rules: AlertRules): AlertDraft | null {
  const rule = rules.errorRate;
  if (rule === null) return null;
  // From the runs index (project, created_at) to each run's task of this pipeline; a task that
  // finished in the window belongs to a run created at most RUN_SPAN_MS before it.
  const since = ctx.now - rule.windowMs;
  const row = stmt(
    ctx.db,
    `SELECT count(*) AS finished, coalesce(sum(t.state = 'failed'), 0) AS failed
     FROM runs r JOIN task_runs t ON t.run_id = r.id AND t.pipeline = ?
     WHERE r.project = ? AND r.created_at >= ? AND r.project_file = ? AND t.state IN ('succeeded', 'failed') AND t.finished_at >= ?`,
  ).get(pipeline, project.name, since - RUN_SPAN_MS, project.file, since) as { finished: number; failed: number };
  if (row.finished < rule.minRuns || row.failed / row.finished < rule.threshold) return null;
  const percent = Math.round((100 * row.failed) / row.finished);
  return {
    ...pipelineDraft(ctx, project, pipeline, 'error_rate', 'warning'),
    title: `${pipeline} is failing often`,
    body: `${subjectLine(project.name, pipeline, null)}: ${row.failed} of ${plural(row.finished, 'run')} failed in the last ${humanDuration(rule.windowMs)} (${percent}%, threshold ${Math.round(rule.threshold * 100)}%)`,
  };
}

function pipelineDraft(ctx: RuleContext, project: ProjectConfig, pipeline: string, rule: 'stale' | 'error_rate', severity: 'warning'): Omit<AlertDraft, 'title' | 'body'> {
  return {
    rule,
    key: pipelineConditionKey(rule, project.file, pipeline),
    severity,
    project: project.name,
    pipeline,
    runId: null,
    partitionKey: null,
    channels: ctx.channelsFor(project.file),
  };
}

function runConditions(ctx: RuleContext, run: RunRecord): AlertDraft[] {
  const drafts: AlertDraft[] = [];
  const running = stmt(
    ctx.db,
    `SELECT t.pipeline, a.started_at, a.number FROM attempts a JOIN task_runs t ON t.id = a.task_run_id
     WHERE t.run_id = ? AND a.state = 'running'`,
  ).all(run.id) as Array<{ pipeline: string; started_at: number; number: number }>;
  for (const attempt of running) {
    const draft = longRunning(ctx, run, attempt);
    if (draft) drafts.push(draft);
  }
  if (running.length === 0) {
    const draft = stuck(ctx, run);
    if (draft) drafts.push(draft);
  }
  return drafts;
}

function longRunning(ctx: RuleContext, run: RunRecord, attempt: { pipeline: string; started_at: number; number: number }): AlertDraft | null {
  const rules = ctx.rulesFor(run.projectFile, attempt.pipeline);
  const elapsed = ctx.now - attempt.started_at;
  let limit: string | null = null;
  if (rules.maxDurationMs !== null && elapsed > rules.maxDurationMs) limit = `max_duration ${humanDuration(rules.maxDurationMs)}`;
  else if (rules.p95Factor !== null && elapsed > P95_FLOOR_MS) {
    const p95 = successP95(ctx, run.projectFile, attempt.pipeline);
    if (p95 !== null && elapsed > rules.p95Factor * p95) limit = `${rules.p95Factor} × its p95 of ${humanDuration(p95)}`;
  }
  if (limit === null) return null;
  return {
    rule: 'long_running',
    key: `long_running|${run.id}|${attempt.pipeline}`,
    severity: 'warning',
    project: run.project,
    pipeline: attempt.pipeline,
    runId: run.id,
    partitionKey: run.partitionKey,
    title: `${attempt.pipeline} is running long`,
    body: `${subjectLine(run.project, attempt.pipeline, run.partitionKey)}: attempt ${attempt.number} running for ${humanDuration(elapsed)}, over ${limit} (run ${run.id})`,
    channels: ctx.channelsFor(run.projectFile),
  };
}

/** p95 of the last 100 successful attempts of a pipeline, or null with too few samples. */
function successP95(ctx: RuleContext, projectFile: string, pipeline: string): number | null {
  const rows = stmt(
    ctx.db,
    `SELECT a.finished_at - a.started_at AS ms FROM attempts a JOIN task_runs t ON t.id = a.task_run_id JOIN runs r ON r.id = t.run_id
     WHERE t.pipeline = ? AND r.project_file = ? AND a.state = 'succeeded' ORDER BY a.id DESC LIMIT 100`,
  ).all(pipeline, projectFile) as Array<{ ms: number }>;
  if (rows.length < P95_MIN_SAMPLES) return null;
  const sorted = rows.map((r) => r.ms).sort((a, b) => a - b);
  return p95(sorted);
}

function stuck(ctx: RuleContext, run: RunRecord): AlertDraft | null {
  const tasks = tasksOfRun(ctx.db, run.id);
  const open = tasks.filter((t) => !isTaskTerminal(t.state));
  // A retry waiting for its backoff is progressing on schedule.
  if (open.some((t) => t.state === 'retry_wait' && t.nextAttemptAt !== null && t.nextAttemptAt > ctx.now)) return null;
  const limits = open.map((t) => ctx.rulesFor(run.projectFile, t.pipeline).stuckAfterMs).filter((ms): ms is number => ms !== null);
  if (open.length > 0 && limits.length === 0) return null;
  const limit = limits.length ? Math.min(...limits) : ctx.rulesFor(run.projectFile, run.targets[0] ?? '').stuckAfterMs;
  if (limit === null) return null;
  // Progress is the run's own changes; the alert events about it are not.
  const last = stmt(ctx.db, "SELECT at FROM events WHERE run_id = ? AND kind != 'alert' ORDER BY seq DESC LIMIT 1").get(run.id) as { at: number } | undefined;
  const since = last?.at ?? run.createdAt;
  if (ctx.now - since <= limit) return null;
  const waiting = open.filter((t) => t.state === 'waiting' && t.gateSince !== null).map((t) => t.pipeline);
  const why =
    run.state === 'queued'
      ? 'queued behind other runs of the same targets'
      : waiting.length > 0
        ? `waiting for the wait_for gate of ${waiting.join(', ')}`
        : `no task running (${open.map((t) => `${t.pipeline} ${t.state}`).join(', ') || 'nothing left to do'})`;
  return {
    rule: 'stuck',
    key: `stuck|${run.id}`,
    severity: 'warning',
    project: run.project,
    pipeline: run.targets.join(','),
    runId: run.id,
    partitionKey: run.partitionKey,
    title: `run ${run.id} is stuck`,
    body: `${subjectLine(run.project, run.targets.join(', '), run.partitionKey)}: no progress for ${humanDuration(ctx.now - since)}; ${why}`,
    channels: ctx.channelsFor(run.projectFile),
  };
}
