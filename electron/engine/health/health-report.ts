/**
 * `tickwork health`: is the machinery alive and are the pipelines healthy?
 * Scheduler heartbeat age, store size and integrity, free disk for the home
 * and the logs, memory, and per pipeline its last success, error rate and
 * durations over a window.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Db } from '../store/open-store.js';
import type { HomePaths } from '../home.js';
import { lastBeat } from '../store/schedule-store.js';
import { isSameProcessAlive } from '../util/process-probe.js';
import { stmt } from '../store/statements.js';
import { p95 } from '../util/percentile.js';
import { openAlertsOf } from '../store/alert-store.js';
import type { DiskSpace, HealthReport, PipelineHealth } from '../../../shared/health-model.js';

export type { DiskSpace, HealthReport, PipelineHealth } from '../../../shared/health-model.js';

/** Builds the report; `project` adds per-pipeline health. */
export function healthReport(db: Db, home: HomePaths, project: ProjectConfig | null, now: number, windowMs = 30 * 86_400_000): HealthReport {
  const beat = lastBeat(db, 'scheduler');
  return {
    at: now,
    windowMs,
    scheduler: beat ? { heartbeatAt: beat.at, ageMs: now - beat.at, pid: beat.pid, alive: isSameProcessAlive(beat.pid, null) } : null,
    store: { path: home.database, bytes: storeBytes(home.database), integrity: String(db.pragma('quick_check', { simple: true })) },
    disk: [diskSpace(home.root), diskSpace(home.logs)],
    memory: { freeBytes: os.freemem(), totalBytes: os.totalmem(), processRssBytes: process.memoryUsage().rss },
    pipelines: project ? [...project.pipelines.keys()].map((name) => pipelineHealth(db, project, name, now, windowMs)) : [],
    scheduleFailures: scheduleFailures(db, project?.name ?? null),
  };
}

/** Open schedule_failed alerts, of one project when named. */
export function scheduleFailures(db: Db, projectName: string | null): HealthReport['scheduleFailures'] {
  return openAlertsOf(db, ['schedule_failed'])
    .filter((a) => projectName === null || a.project === projectName)
    .map(({ id, pipeline, title, body, openedAt, count }) => ({ id, pipeline, title, body, openedAt, count }));
}

/** The health of one pipeline of `project` over the window ending `now`. */
export function pipelineHealth(db: Db, project: ProjectConfig, pipeline: string, now: number, windowMs: number): PipelineHealth {
  const since = now - windowMs;
  const freshnessMs = project.pipelines.get(pipeline)?.alerts.freshnessMs ?? null;
  const rows = stmt(
    db,
    `SELECT t.state, t.started_at, t.finished_at FROM task_runs t JOIN runs r ON r.id = t.run_id
     WHERE r.project_file = ? AND t.pipeline = ? AND t.finished_at >= ? AND t.state IN ('succeeded', 'failed')`,
  ).all(project.file, pipeline, since) as Array<{ state: string; started_at: number | null; finished_at: number }>;
  const last = stmt(
    db,
    `SELECT max(t.finished_at) AS at FROM task_runs t JOIN runs r ON r.id = t.run_id WHERE r.project_file = ? AND t.pipeline = ? AND t.state IN ('succeeded', 'cached')`,
  ).get(project.file, pipeline) as { at: number | null };
  const failed = rows.filter((r) => r.state === 'failed').length;
  const durations = rows.filter((r) => r.state === 'succeeded' && r.started_at !== null).map((r) => r.finished_at - r.started_at!).sort((a, b) => a - b);
  return {
    pipeline,
    lastSuccessAt: last.at,
    freshnessMs,
    stale: freshnessMs !== null && (last.at === null || now - last.at > freshnessMs),
    finished: rows.length,
    failed,
    errorRate: rows.length ? failed / rows.length : null,
    avgMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
    p95Ms: p95(durations),
  };
}

function storeBytes(file: string): number {
  return [file, `${file}-wal`, `${file}-shm`].reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
}

function diskSpace(path: string): DiskSpace {
  const stats = fs.statfsSync(path);
  return { path, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
}
