/** The scheduled pipelines and jobs of a project, with the keys their ticks are stored under. */
import type { ProjectConfig, ScheduleConfig } from '../../../shared/config-model.js';
import { calendarByName } from '../calendar/registry.js';
import { todayIn } from '../run/plan-run.js';

/** One schedule to watch. */
export interface ScheduledTarget {
  /** Stable identity: project file, kind and name. */
  readonly key: string;
  readonly project: ProjectConfig;
  readonly kind: 'pipeline' | 'job';
  readonly name: string;
  readonly schedule: ScheduleConfig;
}

/** Every pipeline and job of `project` that has a schedule. */
export function scheduledTargets(project: ProjectConfig): ScheduledTarget[] {
  const out: ScheduledTarget[] = [];
  const add = (kind: 'pipeline' | 'job', name: string, schedule: ScheduleConfig | undefined): void => {
    if (schedule) out.push({ key: `${project.file}#${kind}:${name}`, project, kind, name, schedule });
  };
  for (const p of project.pipelines.values()) add('pipeline', p.name, p.schedule);
  for (const j of project.jobs.values()) add('job', j.name, j.schedule);
  return out;
}

/**
 * The partition date of a run fired at `slot`: the slot's date in the
 * schedule's zone; with a trading calendar, the trading day being closed
 * (that date if it trades, else the trading day before it).
 */
export function slotDate(schedule: ScheduleConfig, slot: number): string {
  const date = todayIn(schedule.timezone, slot);
  const calendar = schedule.calendar ? calendarByName(schedule.calendar) : undefined;
  if (!calendar || calendar.isTradingDay(date)) return date;
  return calendar.previousTradingDay(date);
}
