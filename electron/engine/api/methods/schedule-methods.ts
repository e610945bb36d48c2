/** schedules.*: list the schedules, pause and resume one (transitions in schedule/schedule-pause.ts, honoured by the scheduler). */
import { listSchedules, scheduleByKey } from '../../schedule/schedule-list.js';
import { pauseSchedule, resumeSchedule } from '../../schedule/schedule-pause.js';
import { HttpError } from '../http-error.js';
import { wholeNumber } from './param-checks.js';
import { projectOf, type FamilyMethods, type MethodContext, type MethodHandlers } from './method-context.js';
import type { ScheduledTarget } from '../../schedule/scheduled-targets.js';

/** The handlers of the schedules family. */
export const scheduleMethods: MethodHandlers<FamilyMethods<'schedules'>> = {
  'schedules.list': (ctx, p) => {
    const next = p.next === undefined ? 5 : wholeNumber(p.next, 'next');
    if (next > 100) throw new HttpError(400, 'next must be at most 100');
    const projects = p.project === undefined ? ctx.projects() : [projectOf(ctx, p.project)];
    return listSchedules(ctx.db, projects, ctx.now(), next);
  },

  'schedules.pause': (ctx, p) => {
    const target = watched(ctx, p.key);
    const until = p.until === undefined || p.until === null ? null : wholeNumber(p.until, 'until');
    if (until !== null && until <= ctx.now()) throw new HttpError(400, 'until must be in the future (UTC ms)');
    if (p.reason !== undefined && typeof p.reason !== 'string') throw new HttpError(400, 'reason must be a string');
    const answer = ctx.scheduler ? ctx.scheduler.pause(target.key, until, p.reason ?? null) : pauseSchedule(ctx.db, target.key, until, ctx.now(), p.reason ?? null);
    ctx.journalChanged();
    return answer;
  },

  'schedules.resume': (ctx, p) => {
    const target = watched(ctx, p.key);
    if (p.catchUp !== undefined && typeof p.catchUp !== 'boolean') throw new HttpError(400, 'catchUp must be true or false');
    const catchUp = p.catchUp === true;
    const answer = ctx.scheduler ? ctx.scheduler.resume(target.key, catchUp) : resumeSchedule(ctx.db, target.key, target.schedule, catchUp, ctx.now());
    ctx.journalChanged();
    return answer;
  },
};

/** The served schedule with `key`, or a 400 (no key) / 404 (no such schedule). */
function watched(ctx: MethodContext, key: unknown): ScheduledTarget {
  if (typeof key !== 'string' || key === '') throw new HttpError(400, 'key (from schedules.list) is required');
  const target = scheduleByKey(ctx.projects(), key);
  if (!target) throw new HttpError(404, `no such schedule: ${key}`);
  return target;
}
