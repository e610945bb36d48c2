/**
 * When a schedule fires next: croner computes the cron's occurrences in the
 * schedule's zone (DST-correct: a 02:30 fire on a spring-forward day moves to
 * 03:00, a 01:30 fire on a fall-back day happens once), then a trading
 * calendar, if any, drops the fires that fall on days it is closed.
 */
import { Cron } from 'croner';
import type { ScheduleConfig } from '../../../shared/config-model.js';
import { calendarByName } from '../calendar/registry.js';
import { todayIn } from '../run/plan-run.js';

/** Upper bound on occurrences examined per call (a calendar can skip many). */
const MAX_EXAMINED = 10_000;

/** The next `count` fire times (epoch ms) strictly after `after`. */
export function nextFires(schedule: ScheduleConfig, after: number, count: number): number[] {
  const cron = cronOf(schedule);
  const calendar = schedule.calendar ? calendarByName(schedule.calendar) : undefined;
  const fires: number[] = [];
  let cursor = new Date(after);
  for (let examined = 0; fires.length < count && examined < MAX_EXAMINED; examined++) {
    const next = cron.nextRun(cursor);
    if (!next) break;
    cursor = next;
    if (calendar && !calendar.isTradingDay(todayIn(schedule.timezone, next.getTime()))) continue;
    fires.push(next.getTime());
  }
  return fires;
}

/** The schedule's parsed cron, built once per schedule (configs are immutable; a reload makes new ones). */
const crons = new WeakMap<ScheduleConfig, Cron>();

function cronOf(schedule: ScheduleConfig): Cron {
  let cron = crons.get(schedule);
  if (!cron) {
    cron = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
    crons.set(schedule, cron);
  }
  return cron;
}
