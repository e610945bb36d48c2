/** `tickwork status [--project DIR] [--json]`: per pipeline, its last run, state, duration and next action. */
import { parse, str, flag } from '../args.js';
import { loadProjectOrExit, openHomeStore } from '../context.js';
import { latestTaskPerPipeline } from '../../engine/store/task-store.js';
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
  const latest = new Map(latestTaskPerPipeline(db, project.name).map((t) => [t.pipeline, t]));
  const now = Date.now();
  const engineless = new Set(orphanedRuns(db).map((run) => run.id));
  const failures = scheduleFailures(db, project.name);
  const entries = [...project.pipelines.keys()].map((name) => {
    const task = latest.get(name);
    const next = nextAction(task, now);
    // An unfinished task whose run lost its engine moves no further until an engine adopts the run.
    const stalled = task !== undefined && !isTaskTerminal(task.state) && engineless.has(task.runId);
    return { name, task, next: stalled ? `${next}; its run has no engine: tickwork resume` : next };
  });
  if (flag(args, 'json')) {
    const out = entries.map(({ name, task, next }) => ({
      pipeline: name,
      last_run: task?.runId ?? null,
      state: task?.state ?? null,
      attempts: task?.attempts ?? 0,
      started_at: iso(task?.startedAt ?? null),
      finished_at: iso(task?.finishedAt ?? null),
      duration_ms: task?.startedAt && task.finishedAt ? task.finishedAt - task.startedAt : null,
      reason: task?.reason ?? null,
      next_action: next,
      schedule_failed: failures.filter((f) => f.pipeline === name).map((f) => ({ alert: f.id, title: f.title, reason: f.body }))[0] ?? null,
    }));
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  const rows = entries.map(({ name, task, next }) => [
    name,
    task ? String(task.runId) : '-',
    task?.state ?? 'never run',
    time(task?.finishedAt ?? task?.startedAt ?? null),
    task ? span(task.startedAt, task.finishedAt, now) : '-',
    next,
  ]);
  process.stdout.write(table(['PIPELINE', 'LAST RUN', 'STATE', 'WHEN', 'DURATION', 'NEXT'], rows) + '\n');
  // A schedule that created nothing is the one thing a table of last runs cannot show.
  for (const f of failures) process.stdout.write(`\n! ${f.title}: ${f.body} (alert ${f.id}; tickwork alerts)\n`);
  return 0;
}

function nextAction(task: TaskRunRecord | undefined, now: number): string {
  if (!task) return `run it: tickwork run <pipeline>`;
  switch (task.state) {
    case 'running':
      return `running (attempt ${task.attempts})`;
    case 'retry_wait':
      return `retry at ${time(task.nextAttemptAt)}${task.nextAttemptAt && task.nextAttemptAt < now ? ' (due)' : ''}`;
    case 'ready':
      return 'waiting for a pool slot';
    case 'pending':
    case 'waiting':
      return 'waiting for upstream';
    case 'failed':
    case 'upstream_failed':
      return `fix and re-run: tickwork logs ${task.runId} --task ${task.pipeline}`;
    default:
      return 'none (no schedule)';
  }
}
