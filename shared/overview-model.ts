/**
 * What the dashboard's Overview draws: one summary per pipeline and job of
 * the served projects (`overview.targets`), the runs of the schedule
 * timeline's window (`timeline.runs`) and a trading calendar's closed days
 * (`calendar.days`). Times are UTC ms.
 */
import type { RunState, TaskState } from './state-machines.js';
import type { RunTrigger } from './run-model.js';

/** One past (or current) run of a target: a pipeline's task run, or a job's run. */
export interface TargetRunPoint {
  readonly runId: number;
  readonly state: RunState | TaskState;
  readonly trigger: RunTrigger;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** A pipeline or job as the Overview lists it. */
export interface TargetSummary {
  /** `<tickwork.yaml>#<pipeline|job>:<name>`, the same spelling as a schedule's key. */
  readonly key: string;
  readonly project: string;
  readonly projectFile: string;
  /** The project's `timezone` (a schedule's zone unless it names its own). */
  readonly timezone: string;
  readonly kind: 'pipeline' | 'job';
  readonly name: string;
  readonly description: string | null;
  /** A job's pipelines; a pipeline's depends_on. */
  readonly members: readonly string[];
  /** The key of its schedule (schedules.list), or null when it has none. */
  readonly scheduleKey: string | null;
  /**
   * Its newest runs, newest first (at most the `recent` asked for): for a
   * pipeline its task runs in any run of the project (as a target or as
   * upstream); for a job the runs whose targets are exactly the job.
   */
  readonly recent: readonly TargetRunPoint[];
  /** When it last succeeded (a pipeline: succeeded or cached), or null. */
  readonly lastSuccessAt: number | null;
  /** A pipeline's `freshness` alert rule; a job's tightest among its pipelines; null when none is set. */
  readonly freshnessMs: number | null;
  /** A pipeline: `freshness` is set and its last success is older (or there is none). A job: one of its pipelines is stale. */
  readonly stale: boolean;
  /** Open alerts about it (a job: about it or one of its pipelines). */
  readonly openAlerts: number;
}

/** A run as the schedule timeline draws it (a bar in the lane of each of its targets). */
export interface TimelineRun {
  readonly id: number;
  readonly projectFile: string;
  readonly targets: readonly string[];
  readonly state: RunState;
  readonly trigger: RunTrigger;
  readonly partitionKey: string;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

/** The runs of timeline.runs' answer, decoded (`decodeTimelineRuns` in timeline-columns.ts). */
export interface TimelineRuns {
  readonly from: number;
  readonly to: number;
  /** Oldest first. */
  readonly runs: readonly TimelineRun[];
  /** True when more runs fell in the window than the limit (the oldest were left out). */
  readonly truncated: boolean;
}

/** A day a trading calendar does not trade, as the span it covers in the calendar's zone. */
export interface ClosedDay {
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly why: 'weekend' | 'holiday';
  /** The holiday's name (holidays only). */
  readonly name: string | null;
  /** Local midnight of the day and of the next, in the answer's zone (UTC ms). */
  readonly startsAt: number;
  readonly endsAt: number;
}

/** The answer to calendar.days. */
export interface CalendarDays {
  readonly calendar: string;
  /** The zone the day spans are computed in (the exchange's: America/New_York for NYSE). */
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  /** Closed days from..to, ascending. */
  readonly closed: readonly ClosedDay[];
  /** Trading days that close early (13:00 in the exchange's zone). */
  readonly earlyCloses: ReadonlyArray<{ readonly date: string; readonly name: string }>;
}
