/** Every schedule of the served projects as schedules.list shows it: its config, pause in force, next fires and last slot. */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { ScheduleInfo } from '../../../shared/schedule-model.js';
import { allPauses, pauseHolds } from '../store/schedule-pause-store.js';
import { lastSlot } from '../store/schedule-store.js';
import { nextFires } from './next-fires.js';
import { scheduledTargets, type ScheduledTarget } from './scheduled-targets.js';

/** The schedules of `projects` at `now`, with their next `count` fires, in project then config order. */
export function listSchedules(db: Db, projects: readonly ProjectConfig[], now: number, count: number): ScheduleInfo[] {
  const pauses = allPauses(db);
  return projects.flatMap(scheduledTargets).map((target) => {
    const pause = pauses.get(target.key) ?? null;
    const { schedule } = target;
    return {
      key: target.key,
      project: target.project.name,
      projectFile: target.project.file,
      kind: target.kind,
      name: target.name,
      cron: schedule.cron,
      timezone: schedule.timezone,
      calendar: schedule.calendar,
      catchup: schedule.catchup,
      catchupWindowMs: schedule.catchupWindowMs,
      partitions: schedule.partitions ?? null,
      paused: pause && pauseHolds(pause, now) ? pause : null,
      nextFires: nextFires(schedule, now, count),
      lastSlot: lastSlot(db, target.key),
    };
  });
}

/** The watched schedule with `key`, or undefined. */
export function scheduleByKey(projects: readonly ProjectConfig[], key: string): ScheduledTarget | undefined {
  return projects.flatMap(scheduledTargets).find((target) => target.key === key);
}
