/**
 * The Overview's row of every pipeline and job: its newest runs (the last
 * one's state, time and duration, and a sparkline's worth of durations), its
 * last success against its `freshness` rule, and its open alerts.
 *
 * Each read is one prepared statement walking an index newest first and
 * stopping after `recent` rows, so the cost does not grow with history: a
 * pipeline's task runs by `task_runs_pipeline` (pipeline, rowid), a job's
 * runs by `runs_target_state` (project_file, targets, state, rowid), open
 * alerts by `alerts_state`.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { TargetRunPoint, TargetSummary } from '../../../shared/overview-model.js';
import type { Db } from '../store/open-store.js';
import { stmt } from '../store/statements.js';
import { RUN_STATES } from '../../../shared/state-machines.js';

/** Runs a summary carries by default (the sparkline's width). */
export const DEFAULT_RECENT = 30;

const PIPELINE_RECENT = `SELECT t.run_id AS runId, t.state, r.trigger, t.created_at AS createdAt, t.started_at AS startedAt, t.finished_at AS finishedAt
  FROM task_runs t JOIN runs r ON r.id = t.run_id
  WHERE t.pipeline = ? AND r.project_file = ? ORDER BY t.id DESC LIMIT ?`;
const PIPELINE_LAST_SUCCESS = `SELECT t.finished_at FROM task_runs t JOIN runs r ON r.id = t.run_id
  WHERE t.pipeline = ? AND r.project_file = ? AND t.state IN ('succeeded', 'cached') ORDER BY t.id DESC LIMIT 1`;
/**
 * A job's newest runs: runs_target_state (project_file, targets, state) keeps
 * each state's runs in id order, so the newest of each state is an index walk
 * that stops at the limit; the union of the five picks the newest overall
 * (sorting every run of the target would grow with its history).
 */
const JOB_RECENT = `SELECT * FROM (${RUN_STATES.map(
  (state) => `SELECT * FROM (SELECT id AS runId, state, trigger, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt
    FROM runs WHERE project_file = @file AND targets = @targets AND state = '${state}' ORDER BY id DESC LIMIT @limit)`,
).join(' UNION ALL ')}) ORDER BY runId DESC LIMIT @limit`;
const JOB_LAST_SUCCESS = `SELECT finished_at FROM runs WHERE project_file = ? AND targets = ? AND state = 'succeeded' ORDER BY id DESC LIMIT 1`;
const OPEN_ALERTS = `SELECT project, pipeline, count(*) AS n FROM alerts WHERE state = 'open' GROUP BY project, pipeline`;

/** Every pipeline and job of `projects` (jobs first, then pipelines, in config order), at `now`. */
export function targetSummaries(db: Db, projects: readonly ProjectConfig[], now: number, recent = DEFAULT_RECENT): TargetSummary[] {
  const alerts = openAlertCounts(db);
  return projects.flatMap((project) => {
    const alertsOf = (name: string): number => alerts.get(`${project.name}\u0000${name}`) ?? 0;
    const pipelines = new Map([...project.pipelines.values()].map((p) => [p.name, pipelineSummary(db, project, p.name, now, recent, alertsOf(p.name))] as const));
    const jobs = [...project.jobs.values()].map((job): TargetSummary => {
      const members = job.pipelines.map((name) => pipelines.get(name)).filter((m): m is TargetSummary => m !== undefined);
      const targets = JSON.stringify([job.name]);
      const freshness = members.map((m) => m.freshnessMs).filter((ms): ms is number => ms !== null);
      return {
        ...identity(project, 'job', job.name, job.description, job.pipelines, job.schedule !== undefined),
        recent: stmt(db, JOB_RECENT).all({ file: project.file, targets, limit: recent }) as TargetRunPoint[],
        lastSuccessAt: (stmt(db, JOB_LAST_SUCCESS).pluck().get(project.file, targets) as number | null | undefined) ?? null,
        freshnessMs: freshness.length ? Math.min(...freshness) : null,
        stale: members.some((m) => m.stale),
        openAlerts: alertsOf(job.name) + job.pipelines.reduce((sum, name) => sum + alertsOf(name), 0),
      };
    });
    return [...jobs, ...pipelines.values()];
  });
}

function pipelineSummary(db: Db, project: ProjectConfig, name: string, now: number, recent: number, openAlerts: number): TargetSummary {
  const pipeline = project.pipelines.get(name)!;
  const lastSuccessAt = (stmt(db, PIPELINE_LAST_SUCCESS).pluck().get(name, project.file) as number | null | undefined) ?? null;
  const freshnessMs = pipeline.alerts.freshnessMs;
  return {
    ...identity(project, 'pipeline', name, pipeline.description, pipeline.dependsOn, pipeline.schedule !== undefined),
    recent: stmt(db, PIPELINE_RECENT).all(name, project.file, recent) as TargetRunPoint[],
    lastSuccessAt,
    freshnessMs,
    stale: freshnessMs !== null && (lastSuccessAt === null || now - lastSuccessAt > freshnessMs),
    openAlerts,
  };
}

function identity(project: ProjectConfig, kind: 'pipeline' | 'job', name: string, description: string | undefined, members: readonly string[], scheduled: boolean) {
  const key = `${project.file}#${kind}:${name}`;
  return {
    key,
    project: project.name,
    projectFile: project.file,
    timezone: project.timezone,
    kind,
    name,
    description: description ?? null,
    members: [...members],
    scheduleKey: scheduled ? key : null,
  };
}

/** Open alerts per (project, pipeline) — a job's own alerts (schedule_failed) carry its name as the pipeline. */
function openAlertCounts(db: Db): Map<string, number> {
  const rows = stmt(db, OPEN_ALERTS).all() as Array<{ project: string | null; pipeline: string | null; n: number }>;
  return new Map(rows.map((row) => [`${row.project ?? ''}\u0000${row.pipeline ?? ''}`, row.n]));
}
