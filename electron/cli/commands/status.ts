/**
 * `tickwork status [--project DIR] [--json]`: per pipeline, its last run,
 * state, duration and next action — the next scheduled fire when a schedule
 * runs it (its own, a job's, or a downstream target's), and `tickwork logs`
 * only for a task that ran; then how many schedules the project has.
 */
import { parse, str, flag } from '../args.js';
import { loadProjectOrExit, openHomeStore } from '../context.js';
import { latestTaskPerPipelinePartition, tasksOfRun } from '../../engine/store/task-store.js';
import type { Db } from '../../engine/store/open-store.js';
import { schedulesOfPipelines, type PipelineSchedule } from '../../engine/schedule/pipeline-schedules.js';
import { scheduledTargets } from '../../engine/schedule/scheduled-targets.js';
import { zonedTimestamp } from '../../../shared/zoned-time.js';
import { plural } from '../../../shared/plural.js';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import { iso, span, table, time } from '../format.js';
import { orphanedRuns } from '../../engine/run/run-owner.js';
import { isTaskTerminal } from '../../../shared/state-machines.js';
import { scheduleFailures } from '../../engine/health/health-report.js';

/** Options the parser accepts (help.ts describes each). */
export const statusOptions = { project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs the command; resolves to the exit code. */
export async function statusCommand(argv: readonly string[]): Promise<number> {
  const args = parse('status', argv, statusOptions, 'none');
  const project = loadProjectOrExit(str(args, 'project'));
  const { db } = openHomeStore();
  // One row per pipeline and static partition it ran for: a failed EU run stays visible beside a later US success.
  const latest = new Map<string, Array<{ staticKey: string; task: TaskRunRecord }>>();
  for (const row of latestTaskPerPipelinePartition(db, project.name)) latest.set(row.task.pipeline, [...(latest.get(row.task.pipeline) ?? []), row]);
  const now = Date.now();
  const engineless = new Set(orphanedRuns(db).map((run) => run.id));
  const failures = scheduleFailures(db, project.name);
  const schedules = schedulesOfPipelines(project, now);
  const entries = [...project.pipelines.keys()].flatMap((name) => {
    const rows: Array<{ staticKey: string; task: TaskRunRecord | undefined }> = latest.get(name) ?? [{ staticKey: '', task: undefined }];
    return rows.map(({ staticKey, task }) => {
      const next = nextAction(name, task, { db, now, schedule: schedules.get(name)?.[0] });
      // An unfinished task whose run lost its engine moves no further until an engine adopts the run.
      const stalled = task !== undefined && !isTaskTerminal(task.state) && engineless.has(task.runId);
      return { name, staticKey, task, next: stalled ? `${next}; its run has no engine: tickwork resume` : next };
    });
  });
  if (flag(args, 'json')) {
    const out = entries.map(({ name, staticKey, task, next }) => ({
      pipeline: name,
      partition: staticKey || null,
      last_run: task?.runId ?? null,
      state: task?.state ?? null,
      attempts: task?.attempts ?? 0,
      started_at: iso(task?.startedAt ?? null),
      finished_at: iso(task?.finishedAt ?? null),
      duration_ms: task?.startedAt && task.finishedAt ? task.finishedAt - task.startedAt : null,
      reason: task?.reason ?? null,
      next_action: next,
      next_fire: iso(schedules.get(name)?.[0]?.nextAt ?? null),
      scheduled_by: (schedules.get(name) ?? []).map((s) => ({ kind: s.target.kind, name: s.target.name })),
      schedule_failed: failures.filter((f) => f.pipeline === name).map((f) => ({ alert: f.id, title: f.title, reason: f.body }))[0] ?? null,
    }));
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const rows = entries.map(({ name, staticKey, task, next }) => [
    staticKey ? `${name} [${staticKey}]` : name,
    task ? String(task.runId) : '-',
    task?.state ?? 'never run',
    time(task?.finishedAt ?? task?.startedAt ?? null),
    task ? span(task.startedAt, task.finishedAt, now) : '-',
    next,
  ]);
  process.stdout.write(table(['PIPELINE', 'LAST RUN', 'STATE', 'WHEN', 'DURATION', 'NEXT'], rows) + '\n');
  const targets = scheduledTargets(project);
  process.stdout.write(`\n${plural(targets.length, 'schedule')}${targets.length ? `: ${targets.map((t) => `${t.kind} ${t.name}`).join(', ')}` : ''}\n`);
  // A schedule that created nothing is the one thing a table of last runs cannot show.
  for (const f of failures) process.stdout.write(`\n! ${f.title}: ${f.body} (alert ${f.id}; tickwork alerts)\n`);
  return 0;
}

/** What nextAction needs besides the task. */
interface NextContext {
  readonly db: Db;
  readonly now: number;
  /** The soonest schedule that runs the pipeline, if any. */
  readonly schedule: PipelineSchedule | undefined;
}

function nextAction(name: string, task: TaskRunRecord | undefined, ctx: NextContext): string {
  const upcoming = ctx.schedule ? scheduledText(name, ctx.schedule) : null;
  if (!task) return upcoming ? `${upcoming}; or now: tickwork run ${name}` : `run it: tickwork run ${name}`;
  switch (task.state) {
    case 'running':
      return `running (attempt ${task.attempts})`;
    case 'retry_wait':
      return `retry at ${time(task.nextAttemptAt)}${task.nextAttemptAt && task.nextAttemptAt < ctx.now ? ' (due)' : ''}`;
    case 'ready':
      return 'waiting for a pool slot';
    case 'pending':
    case 'waiting':
      return 'waiting for upstream';
    case 'failed':
      // No attempt (a wait_for gate timed out, say): there is no output to read.
      if (task.attempts === 0) return `did not run (${task.reason ?? 'failed'}); re-run: tickwork run ${name}`;
      return `fix and re-run: tickwork logs ${task.runId} --task ${name}`;
    case 'upstream_failed': {
      const root = failedUpstream(ctx.db, task);
      if (root && root.attempts > 0) return `not run: upstream ${root.pipeline} failed; see tickwork logs ${task.runId} --task ${root.pipeline}`;
      return `not run (${root ? `upstream ${root.pipeline}: ${root.reason ?? 'failed'}` : (task.reason ?? 'upstream failed')}); re-run: tickwork run ${name}`;
    }
    default:
      return upcoming ?? 'none (no schedule)';
  }
}

/** `next at 2026-12-03 19:00:00 -05:00 (job daily)`, in the schedule's zone. */
function scheduledText(name: string, { target, nextAt }: PipelineSchedule): string {
  const by = target.kind === 'pipeline' && target.name === name ? 'its schedule' : `${target.kind} ${target.name}`;
  return nextAt === null ? `no fire ahead (${by})` : `next at ${zonedTimestamp(nextAt, target.schedule.timezone)} (${by})`;
}

/** The failed task an upstream_failed task waited on (through other upstream_failed ones), if the run has it. */
function failedUpstream(db: Db, task: TaskRunRecord): TaskRunRecord | undefined {
  const byName = new Map(tasksOfRun(db, task.runId).map((t) => [t.pipeline, t]));
  const seen = new Set<string>();
  const queue = [...task.upstream];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const up = byName.get(name);
    if (up?.state === 'failed') return up;
    if (up?.state === 'upstream_failed') queue.push(...up.upstream);
  }
  return undefined;
}
