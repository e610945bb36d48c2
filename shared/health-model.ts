/**
 * What `tickwork health` and the API's `health.get` report: the machinery
 * (scheduler heartbeat, store, disk, memory), per pipeline its last success,
 * error rate and durations over a window, and — through the API — the
 * config problems of project files whose last edit is invalid.
 */
import type { AlertRecord } from './alert-model.js';
import type { ConfigProblem } from './config-model.js';

/** Health of one pipeline over the window. */
export interface PipelineHealth {
  readonly pipeline: string;
  readonly lastSuccessAt: number | null;
  /** The pipeline's `freshness` alert rule (null: none set). */
  readonly freshnessMs: number | null;
  /** True when `freshness` is set and the last success is older (or there is none). */
  readonly stale: boolean;
  readonly finished: number;
  readonly failed: number;
  /** failed ÷ finished over the window, or null when nothing finished. */
  readonly errorRate: number | null;
  readonly avgMs: number | null;
  readonly p95Ms: number | null;
}

/** Free and total bytes of the filesystem holding a path. */
export interface DiskSpace {
  readonly path: string;
  readonly freeBytes: number;
  readonly totalBytes: number;
}

/** Everything `tickwork health` reports. */
export interface HealthReport {
  readonly at: number;
  readonly windowMs: number;
  readonly scheduler: { readonly heartbeatAt: number; readonly ageMs: number; readonly pid: number; readonly alive: boolean } | null;
  readonly store: { readonly path: string; readonly bytes: number; readonly integrity: string };
  readonly disk: readonly DiskSpace[];
  readonly memory: { readonly freeBytes: number; readonly totalBytes: number; readonly processRssBytes: number };
  readonly pipelines: readonly PipelineHealth[];
  /** Open `schedule_failed` alerts (of `project` when one is given): schedules whose slots created no run. */
  readonly scheduleFailures: ReadonlyArray<Pick<AlertRecord, 'id' | 'pipeline' | 'title' | 'body' | 'openedAt' | 'count'>>;
}

/** A project file whose last edit is invalid: its problems, and whether the daemon still serves its last good config. */
export interface ConfigFileProblems {
  readonly file: string;
  /** True when a last good config of this file stays in use; false when it never loaded (nothing of it is served). */
  readonly keepsLastGood: boolean;
  /** Each problem, and `file:line:col: field: message` as the CLI prints it. */
  readonly problems: ReadonlyArray<ConfigProblem & { readonly text: string }>;
}

/** The answer to health.get. */
export interface HealthAnswer {
  /** The machinery, and the schedule failures (of `project` when asked for one). */
  readonly report: HealthReport;
  /** Per served project (or the one asked for), its pipelines' health. */
  readonly projects: ReadonlyArray<{ readonly name: string; readonly file: string; readonly pipelines: readonly PipelineHealth[] }>;
  /** Invalid project files; empty when every file is valid. */
  readonly configProblems: readonly ConfigFileProblems[];
}
