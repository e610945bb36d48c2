/**
 * `tickwork schedule [--project DIR] [--json] [--next N]`: the next fire times of every scheduled pipeline and job.
 * `tickwork schedule pause|resume NAME`: schedule-actions.ts.
 */
import { parse, str, flag, int } from '../args.js';
import { loadProjectOrExit } from '../context.js';
import { nextFires } from '../../engine/schedule/next-fires.js';
import { scheduledTargets } from '../../engine/schedule/scheduled-targets.js';
import { table } from '../format.js';
import { scheduleActionCommand } from './schedule-actions.js';

/** Options the parser accepts (help.ts describes each). */
export const scheduleOptions = { project: { type: 'string' }, json: { type: 'boolean' }, next: { type: 'string' } } as const;

/** Runs the command; resolves to the exit code. */
export async function scheduleCommand(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'pause' || argv[0] === 'resume') return scheduleActionCommand(argv[0], argv.slice(1));
  const args = parse('schedule', argv, scheduleOptions, 'none');
  const project = loadProjectOrExit(str(args, 'project'));
  const count = int(args, 'next', flag(args, 'json') ? 5 : 3, 'schedule');
  const now = Date.now();
  const rows = scheduledTargets(project).map(({ name, kind, schedule }) => ({ name, kind, schedule, fires: nextFires(schedule, now, count) }));
  if (flag(args, 'json')) {
    const out = rows.map(({ name, kind, schedule, fires }) => ({
      name,
      kind,
      cron: schedule.cron,
      timezone: schedule.timezone,
      calendar: schedule.calendar,
      catchup: schedule.catchup,
      catchup_window_ms: schedule.catchupWindowMs,
      next: fires.map((t) => new Date(t).toISOString()),
    }));
    process.stdout.write(JSON.stringify(out) + '\n');
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(`${project.name}: no pipeline or job has a schedule\n`);
    return 0;
  }
  const body = rows.map(({ name, kind, schedule, fires }) => [
    name,
    kind,
    schedule.cron,
    schedule.calendar ?? '-',
    fires.map((t) => zoned(t, schedule.timezone)).join(', ') || 'never',
  ]);
  process.stdout.write(table(['NAME', 'KIND', 'CRON', 'CALENDAR', `NEXT ${count}`], body) + '\n');
  return 0;
}

/** `2026-11-23 19:00 EST` in the schedule's own zone. */
function zoned(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
