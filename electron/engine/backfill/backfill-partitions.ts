/**
 * The partitions a backfill covers: every date from..to (calendar days, or a
 * trading calendar's trading days — by default the calendar of the target's
 * schedule), times every combination of the static partition keys the target
 * fans out to (partition-fanout.ts) that `--partition` does not fix.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import { calendarByName } from '../calendar/registry.js';
import { addDays } from '../calendar/civil-date.js';
import { partitionFlagProblem, resolveDateFlag } from '../run/partition-flags.js';
import { fanOutPartitions } from '../run/partition-fanout.js';

/** What to backfill. */
export interface BackfillRange {
  /** The pipeline or job backfilled. */
  readonly target: string;
  readonly from: string;
  readonly to: string;
  /** A trading calendar's name, `none` for every calendar day; default: the target's schedule calendar. */
  readonly calendar?: string;
  /** Static keys fixed by --partition. */
  readonly fixed: Readonly<Record<string, string>>;
  readonly newestFirst?: boolean;
  /** The moment date words (`--to today`) are read at; default: now. */
  readonly now?: number;
}

/** The partitions in order (oldest first unless newestFirst), with the calendar and the dates used; or a usage error. */
export function backfillPartitions(
  project: ProjectConfig,
  asked: BackfillRange,
): { partitions: Partition[]; calendar: string | null; from: string; to: string } | string {
  const words = { project, targets: [asked.target], now: asked.now ?? Date.now() };
  const from = resolveDateFlag('--from', asked.from, words);
  if (!from.ok) return from.message;
  const to = resolveDateFlag('--to', asked.to, words);
  if (!to.ok) return to.message;
  const range = { ...asked, from: from.date, to: to.date };
  const problem = partitionFlagProblem(project, range.fixed, '--from/--to');
  if (problem) return problem;
  if (range.from > range.to) return `--from ${range.from} is after --to ${range.to}`;
  const calendarName = range.calendar === undefined ? targetCalendar(project, range.target) : range.calendar === 'none' ? null : range.calendar;
  let dates: string[];
  if (calendarName) {
    const calendar = calendarByName(calendarName);
    if (!calendar) return `--calendar ${calendarName}: unknown calendar (or none for every calendar day)`;
    dates = calendar.tradingDaysBetween(range.from, range.to);
  } else {
    dates = [];
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) dates.push(d);
  }
  if (dates.length === 0) {
    const from = range.calendar === undefined ? ` (the calendar of ${range.target}'s schedule; --calendar none counts every day)` : '';
    return `no ${calendarName} trading day from ${range.from} to ${range.to}${from}: nothing to backfill`;
  }
  const combos = fanOutPartitions(project, { targets: [range.target], selection: 'upstream', fixed: range.fixed });
  if (typeof combos === 'string') return combos;
  const ordered = range.newestFirst ? [...dates].reverse() : dates;
  return { partitions: ordered.flatMap((date) => combos.map((combo) => ({ ...range.fixed, ...combo, date }) as Partition)), calendar: calendarName, from: range.from, to: range.to };
}

/** The trading calendar of the target's own schedule, if it has one. */
function targetCalendar(project: ProjectConfig, target: string): string | null {
  const schedule = project.pipelines.get(target)?.schedule ?? project.jobs.get(target)?.schedule;
  return schedule?.calendar ?? null;
}
