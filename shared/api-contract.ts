/**
 * The local API: one map of method → params and result, and the events it
 * pushes. The daemon serves it over HTTP on 127.0.0.1 (POST /api/<method>
 * with JSON params; GET /api/events as Server-Sent Events); the Electron app
 * will carry the same contract over IPC.
 */
import type { RunState } from './state-machines.js';
import type { AttemptRecord, RunRecord, RunTrigger, Selection, TaskRunRecord, EventRecord } from './run-model.js';
import type { AlertRecord } from './alert-model.js';
import type { RerunAnswer, RerunMode, RunPreview } from './preview-model.js';
import type { ClockPeriod, SchedulePause, ScheduleInfo, TimelinePeriods } from './schedule-model.js';
import type { HealthAnswer } from './health-model.js';
import type { RerunChoices } from './rerun-choice-model.js';
import type { LogFirstErrorParams, LogSearchAnswer, LogSearchParams, LogWindow, LogWindowParams } from './log-model.js';
import type { PartitionMatrix, ProjectGraph } from './project-model.js';
import type { CalendarDays, TargetSummary } from './overview-model.js';
import type { TimelineRunColumns } from './timeline-columns.js';
import type { BackfillPartitionRecord, BackfillPreview, BackfillRecord, BackfillRequest, BackfillStartRequest } from './backfill-model.js';
import type { LakeListing, LakePreview, LakePreviewRequest } from './lake-model.js';
import type { SweepRecord, SweepTrialRecord } from './sweep-model.js';

/** Every method with its params and result. */
export interface ApiMethods {
  /** Newest first: `limit` runs (default 50) matching the filters, older than the `before` cursor (a run id); `ids` asks for just those runs. */
  'runs.list': { params: RunListFilters & { before?: number; ids?: number[]; limit?: number }; result: RunRecord[] };
  'runs.get': { params: { id: number }; result: { run: RunRecord; tasks: TaskRunRecord[] } };
  'runs.trigger': {
    params: {
      targets: string[];
      /** tickwork.yaml of the project (default: the daemon's first project). */
      project?: string;
      date?: string;
      partition?: Record<string, string>;
      params?: Record<string, string>;
      selection?: Selection;
      force?: boolean;
      /** Who asks: `api` (default), `backfill` (a backfill driven through the daemon) or `tray`. */
      trigger?: Extract<RunTrigger, 'api' | 'backfill' | 'tray'>;
      /** The caller's values of the project's env_passthrough names (the CLI sends its own); absent: the daemon's environment (tray, UI). Never stored. */
      passthrough?: Record<string, string>;
    };
    /** `ids`: one run per partition the request fans out to (static keys it does not fix); `id` is the first. */
    result: { id: number; ids: number[] };
  };
  /** What runs.trigger with these params would create — one preview per partition it fans out to: order, pools, commands (secrets masked), cached tasks. Creates nothing. */
  'runs.preview': { params: ApiMethods['runs.trigger']['params']; result: { runs: RunPreview[] } };
  /**
   * Runs a finished run again as a new run: `all` its tasks, `from_failure` (failed, cancelled and upstream_failed tasks
   * and their downstream), or `selected` tasks and their downstream; the others reuse its results. `preview`: the plan only.
   * 404 no such run, 409 a run still queued/running (or nothing failed to re-run from), 400 bad params.
   */
  'runs.rerun': { params: { id: number; mode: RerunMode; tasks?: string[]; preview?: boolean; passthrough?: Record<string, string> }; result: RerunAnswer };
  /** Exactly one run per (project, targets, partition); marks its data ready when asked. */
  'runs.ensure': {
    params: { project?: string; targets?: string[]; date: string; partition?: Record<string, string>; dataReady?: boolean; passthrough?: Record<string, string> };
    /** `runs`: one per partition the request fans out to; `id`/`created` describe the first. */
    result: { id: number; created: boolean; runs: Array<{ id: number; created: boolean }> };
  };
  /** Every attempt of run `id`'s tasks (by task, then number): its times, pid, exit and kill reason — the Gantt's segments. 404 no such run. */
  'runs.attempts': { params: { id: number }; result: AttemptRecord[] };
  /** Run `id`'s journal, oldest first: up to `limit` (default 200, at most 1000) events after seq `after`; `next` is the cursor of the next page, null at the end. 404 no such run. */
  'runs.events': { params: { id: number; after?: number; limit?: number }; result: { events: EventRecord[]; next: number | null } };
  /** Which runs.rerun modes run `id` allows now, each with why not (the message runs.rerun would refuse with) or how many tasks would run and be reused. Creates nothing. 404 no such run. */
  'runs.rerunChoices': { params: { id: number }; result: RerunChoices };
  /** `state` is the run's state afterwards; `alreadyFinished` when it had ended before the call (nothing was cancelled). */
  'runs.cancel': { params: { id: number }; result: { state: string; alreadyFinished: boolean; stoppedProcesses: number } };
  /** The projects the daemon serves (their last good config). */
  'projects.list': { params: Record<string, never>; result: Array<{ name: string; file: string; timezone: string; pipelines: string[]; jobs: string[] }> };
  /** Every scheduled pipeline and job of the served projects (of `project`, a tickwork.yaml, when given): cron, zone, calendar, partitions, pause, the next `next` fires (default 5, at most 100). */
  'schedules.list': { params: { project?: string; next?: number }; result: ScheduleInfo[] };
  /** Pauses a schedule (`key` from schedules.list) until `until` (UTC ms; null or absent: until resumed): its slots are recorded as skipped, never fired. 404 unknown key, 400 an `until` not in the future. */
  'schedules.pause': { params: { key: string; until?: number | null; reason?: string }; result: ScheduleActionAnswer };
  /** Resumes a paused schedule; nothing skipped is caught up unless `catchUp` (then its catch-up policy picks which paused slots fire). */
  'schedules.resume': { params: { key: string; catchUp?: boolean }; result: ScheduleActionAnswer };
  /** What the timeline shades and marks in [from, to) (UTC ms): sleeps, clock changes, daemon-down gaps; paused, caught-up and skipped-by-policy slots. */
  'timeline.periods': { params: { from: number; to: number }; result: TimelinePeriods };
  /** The runs the schedule timeline draws in [from, to) (UTC ms; created in it, or up to a day before and not finished before it), oldest first; at most `limit` (default 20 000, the newest kept); as columns (shared/timeline-columns.ts, `decodeTimelineRuns` gives the runs). 400 for a bad window. */
  'timeline.runs': { params: { from: number; to: number; limit?: number }; result: TimelineRunColumns };
  /** Every pipeline and job of the served projects (of `project` when given), jobs first: its newest `recent` runs (default 30, at most 200), last success and freshness, open alerts, schedule key. */
  'overview.targets': { params: { project?: string; recent?: number }; result: TargetSummary[] };
  /** A trading calendar's closed days from..to (YYYY-MM-DD inclusive, at most 3 years; default NYSE), each as its span in the exchange's zone (`timezone` for a calendar without one), and its early closes. */
  'calendar.days': { params: { calendar?: string; from: string; to: string; timezone?: string }; result: CalendarDays };
  /** The shell reports a power event (`at`: UTC ms, default now): the daemon records the sleep or clock change and looks at its schedules at once. */
  'power.event': { params: { kind: 'suspend' | 'resume' | 'clock_change'; at?: number }; result: { recorded: ClockPeriod | null } };
  /** The active (queued or running) runs with a task of a `keep_awake: true` pipeline: while there is one, the app keeps the machine from sleeping. */
  'power.keepAwake': { params: Record<string, never>; result: { runs: number[] } };
  /** `tickwork health` (scheduler, store, disk, memory, schedule failures; each served project's pipelines, or `project`'s) plus the problems of invalid project files — the daemon keeps their last good config (`keepsLastGood`). */
  'health.get': { params: { project?: string }; result: HealthAnswer };
  /** One project's DAG (default: the first served): pipelines in topological order, jobs, edges, schedules, partitions, param defaults (masked). */
  'projects.graph': { params: { project?: string }; result: ProjectGraph };
  /** Dates `from`..`to` (YYYY-MM-DD, at most 3660 days) × the static partition values `target` fans out to: the latest run of the target per cell. 400 unknown target or bad dates. */
  'partitions.matrix': { params: { project?: string; target: string; from: string; to: string }; result: PartitionMatrix };
  /** What backfills.start would do now (shared/backfill-model.ts): the partitions from..to (trading days of `calendar`, default the target's schedule's; `none` every day) × the static values not fixed by `partition`, how many would run and how many are already done. 400 unknown target, bad or reversed dates, an empty range (with why). */
  'backfills.preview': { params: BackfillRequest; result: BackfillPreview };
  /** Starts a backfill the daemon drives, `concurrency` runs at a time (default 1), oldest date first unless `newestFirst`; persisted, resumed by a daemon restart. 400 as for backfills.preview. */
  'backfills.start': { params: BackfillStartRequest; result: { id: number; backfill: BackfillRecord } };
  /** A backfill with its progress counts and ETA (`partitions: true` adds each partition's state and run). 404 no such backfill. */
  'backfills.get': { params: { id: number; partitions?: boolean }; result: { backfill: BackfillRecord; partitions?: BackfillPartitionRecord[] } };
  /** The newest `limit` backfills (default 20, at most 200), newest first. */
  'backfills.list': { params: { limit?: number }; result: BackfillRecord[] };
  /** Cancels a running backfill: its runs in flight are cancelled, its pending partitions never start. 404 no such backfill, 409 not running. */
  'backfills.cancel': { params: { id: number }; result: { backfill: BackfillRecord } };
  /** Runs a finished backfill's failed, cancelled and never-started partitions again. 404 no such backfill, 409 still running or nothing to retry. */
  'backfills.retryFailed': { params: { id: number }; result: { backfill: BackfillRecord } };
  /** Open alerts newest first (all alerts with `all`). */
  'alerts.list': { params: { all?: boolean; limit?: number }; result: AlertRecord[] };
  /** Acknowledges an open alert: it notifies no more (its resolution still reaches the webhook). 404 for no such alert. */
  'alerts.ack': { params: { id: number }; result: AlertActionAnswer };
  /** Snoozes an open alert for `forMs`: it, and a recurrence of it, notifies again only when the snooze ends. */
  'alerts.snooze': { params: { id: number; forMs: number }; result: AlertActionAnswer };
  /** A window of an attempt's log (shared/log-model.ts): lines with their byte offsets from an offset, before one, from a line number, or at the tail; reads only about the window's bytes. 404 unknown run, task or attempt; 400 bad offsets. */
  'logs.window': { params: LogWindowParams; result: LogWindow };
  /** The next line matching `query` at or after fromByte, or the previous one before it, scanned by the daemon in blocks (for a 1 GB log); `done: false` asks to call again from `scannedTo`. 400 for a bad query or offset. */
  'logs.search': { params: LogSearchParams; result: LogSearchAnswer };
  /** The first line matching FIRST_ERROR_PATTERN (a traceback, an error, FATAL, a non-zero exit) at or after fromByte; `done: false` as for logs.search. */
  'logs.firstError': { params: LogFirstErrorParams; result: LogSearchAnswer };
  /** A served project's datasets (declared, or only found in its lake), each with every published partition newest first: hash, bytes, rows, producing run and task, time (shared/lake-model.ts); `dataset` narrows to one. 404 unknown project or dataset. */
  'lake.list': { params: { project?: string; dataset?: string }; result: LakeListing };
  /** A dataset's schema, row count and first `limit` rows (default 20, at most 10 000), read by DuckDB: its latest partition, or every partition `date`/`partition` match (newest version of each, hive-partitioned). 404 unknown dataset or no matching partition, 400 a key it is not partitioned by. */
  'lake.preview': { params: LakePreviewRequest & { project?: string }; result: LakePreview };
  /** The newest `limit` sweeps (`tickwork sweep`; default 20, at most 200), newest first, with their trial counts by state; only those of `project` (a tickwork.yaml) and / or named `name` when given. */
  'sweeps.list': { params: { project?: string; name?: string; limit?: number }; result: SweepRecord[] };
  /** A sweep's results table (shared/sweep-model.ts): sweep `id`, or the newest sweep named `name` (of `project` when given); one row per trial, in the sweep's sort order. 404 no such sweep, 400 neither id nor name. */
  'sweeps.results': { params: { id?: number; name?: string; project?: string }; result: { sweep: SweepRecord; trials: SweepTrialRecord[] } };
}

/** The filters of runs.list, all optional and combined (AND); the dashboard keeps them in its URL. */
export interface RunListFilters {
  /** Runs of this project (its tickwork.yaml). */
  readonly project?: string;
  /** Runs with a task of this pipeline. */
  readonly pipeline?: string;
  readonly state?: RunState;
  readonly trigger?: RunTrigger;
  /** Partition dates from and to (YYYY-MM-DD, both inclusive). */
  readonly from?: string;
  readonly to?: string;
  /** Partition values that must all match, e.g. {region: 'eu'}. */
  readonly partition?: Readonly<Record<string, string>>;
  /** Case-insensitive text in the run's targets, partition, params or reason; `#12` or `12` also finds run 12. */
  readonly text?: string;
}

/** A method name. */
export type ApiMethod = keyof ApiMethods;

/** The method names (derived lists for routers and preload bridges). */
export const API_METHODS: readonly ApiMethod[] = ['runs.list', 'runs.get', 'runs.trigger', 'runs.cancel', 'runs.ensure', 'runs.preview', 'runs.rerun', 'runs.attempts', 'runs.events', 'runs.rerunChoices', 'schedules.list', 'schedules.pause', 'schedules.resume', 'timeline.periods', 'timeline.runs', 'overview.targets', 'calendar.days', 'power.event', 'power.keepAwake', 'health.get', 'projects.list', 'projects.graph', 'partitions.matrix', 'backfills.preview', 'backfills.start', 'backfills.get', 'backfills.list', 'backfills.cancel', 'backfills.retryFailed', 'alerts.list', 'alerts.ack', 'alerts.snooze', 'logs.window', 'logs.search', 'logs.firstError', 'lake.list', 'lake.preview', 'sweeps.list', 'sweeps.results'];

/** The answer to an ack or snooze: the alert as it is now, and why nothing changed when nothing did. */
export interface AlertActionAnswer {
  readonly changed: boolean;
  readonly why?: 'resolved' | 'already_acknowledged';
  readonly alert: AlertRecord;
}

/** The answer to schedules.pause / resume: whether it changed anything, the pause in force afterwards, the slots a resume catches up. */
export interface ScheduleActionAnswer {
  readonly changed: boolean;
  readonly paused: SchedulePause | null;
  readonly catchUp: readonly number[];
}

/** An event pushed to subscribers: a row of the events journal (run, task, attempt and alert changes). */
export type ApiEvent = EventRecord;

/**
 * A `notification` message of GET /api/events?desktop=claim: one desktop
 * delivery of an alert, handed to the app that claimed the desktop channel
 * (node-notifier does not show it; see engine/alerts/desktop-claims.ts).
 * `task` and `attempt`: the run's task the alert is about (its failing or
 * long-running pipeline) and that task's latest attempt; null when the alert
 * names no run task.
 */
export interface DesktopNotification {
  readonly deliveryId: number;
  /** `reminder`: still open when its snooze ended. */
  readonly change: 'opened' | 'reminder';
  readonly alert: AlertRecord;
  readonly task: string | null;
  readonly attempt: number | null;
}

/** A `log` event of GET /api/logs?run=&task=[&attempt=][&offset=]: new output of the attempt; `end` carries no text. */
export interface ApiLogChunk {
  readonly attempt: number;
  /** Byte offset after this chunk (reconnect with it to resume). */
  readonly offset: number;
  readonly text?: string;
}

/** The error body of a failed call. */
export interface ApiError {
  readonly error: string;
}
