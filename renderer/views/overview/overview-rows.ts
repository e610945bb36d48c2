/**
 * The Overview's rows and timeline lanes, joined from overview.targets and
 * schedules.list (pure; tested in vitest): each target's last run and its
 * duration, the sparkline's bars, the next fire its schedule will actually
 * make (a paused schedule skips the fires its pause holds over), and which
 * lanes the timeline draws a run in.
 */
import type { TargetRunPoint, TargetSummary, TimelineRun } from '../../../shared/overview-model.js';
import type { ScheduleInfo } from '../../../shared/schedule-model.js';

/** A bar of the duration sparkline, oldest first. */
export interface SparkBar {
  readonly runId: number;
  readonly state: TargetRunPoint['state'];
  /** Height share of the tallest bar, 0..1 (an unfinished or unstarted run: 0). */
  readonly share: number;
  readonly durationMs: number | null;
}

/** One row of the Overview's table. */
export interface OverviewRow {
  readonly target: TargetSummary;
  readonly schedule: ScheduleInfo | null;
  readonly last: TargetRunPoint | null;
  /** The last run's duration (up to now while it runs), or null before it started. */
  readonly lastDurationMs: number | null;
  readonly spark: readonly SparkBar[];
  /** The next fire that will run (null: none scheduled, or all listed fires are paused over). */
  readonly nextFire: number | null;
}

/** How long a run point took (up to `now` while unfinished), or null before it started. */
export function pointDuration(point: TargetRunPoint, now: number): number | null {
  if (point.startedAt === null) return null;
  return Math.max(0, (point.finishedAt ?? now) - point.startedAt);
}

/** The sparkline of `recent` (newest first, as the API gives it), oldest first, heights relative to the longest finished run. */
export function sparkBars(recent: readonly TargetRunPoint[], now: number): SparkBar[] {
  const points = [...recent].reverse();
  const durations = points.map((p) => (p.finishedAt !== null ? pointDuration(p, now) : null));
  const longest = Math.max(1, ...durations.map((d) => d ?? 0));
  return points.map((p, i) => ({ runId: p.runId, state: p.state, durationMs: durations[i] ?? null, share: durations[i] === null ? 0 : durations[i]! / longest }));
}

/** The first of `schedule`'s listed fires its pause does not hold over. */
export function nextRealFire(schedule: ScheduleInfo): number | null {
  const { paused } = schedule;
  return schedule.nextFires.find((at) => paused === null || (paused.until !== null && at >= paused.until)) ?? null;
}

/** The rows, in the order of `targets` (jobs first, then pipelines, per project). */
export function overviewRows(targets: readonly TargetSummary[], schedules: readonly ScheduleInfo[], now: number): OverviewRow[] {
  const byKey = new Map(schedules.map((s) => [s.key, s]));
  return targets.map((target) => {
    const schedule = target.scheduleKey ? (byKey.get(target.scheduleKey) ?? null) : null;
    const last = target.recent[0] ?? null;
    return {
      target,
      schedule,
      last,
      lastDurationMs: last ? pointDuration(last, now) : null,
      spark: sparkBars(target.recent, now),
      nextFire: schedule ? nextRealFire(schedule) : null,
    };
  });
}

/**
 * Finds the lane keys of a run's targets by its project file and names.
 * Runs of one answer share their `targets` arrays (decodeTimelineRuns), so
 * the keys are worked out once per distinct list and project, not per run.
 */
export function laneResolver(targets: readonly TargetSummary[]): (run: TimelineRun) => readonly string[] {
  const keys = new Map(targets.map((t) => [`${t.projectFile}\u0000${t.name}`, t.key]));
  const known = new Map<readonly string[], Map<string, string[]>>();
  return (run) => {
    let byProject = known.get(run.targets);
    if (!byProject) known.set(run.targets, (byProject = new Map()));
    let found = byProject.get(run.projectFile);
    if (!found) {
      found = run.targets.map((name) => keys.get(`${run.projectFile}\u0000${name}`)).filter((key): key is string => key !== undefined);
      byProject.set(run.projectFile, found);
    }
    return found;
  };
}

/** The timeline's lanes: every scheduled target, and every other one with a run in `runs`, in table order. */
export function timelineLanes(targets: readonly TargetSummary[], runs: readonly TimelineRun[], lanesOf = laneResolver(targets)): Array<{ key: string; label: string }> {
  const used = new Set<string>();
  for (const run of runs) for (const key of lanesOf(run)) used.add(key);
  const multiProject = new Set(targets.map((t) => t.projectFile)).size > 1;
  return targets
    .filter((t) => t.scheduleKey !== null || used.has(t.key))
    .map((t) => ({ key: t.key, label: `${multiProject ? `${t.project} · ` : ''}${t.name}` }));
}
