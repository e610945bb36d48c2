/**
 * Checks of the partition a user names on the command line (or through the
 * API): a date flag, and `--partition key=value` against the project's static
 * partition keys. Shared by `run`/`ensure` (plan-run.ts) and `backfill`.
 * Each returns the usage message, or null when the input is fine.
 *
 * A date flag also takes a word, resolved here and nowhere else, in the
 * project's time zone at the moment the command runs:
 * - `today`: the date now;
 * - `yesterday`: the calendar day before today;
 * - `last-trading-day`: today when today is a trading day (whatever the hour:
 *   a run for today's date may still wait for its data), else the last trading
 *   day before today. The calendar is the first one named by the targets'
 *   schedules, else by any schedule of the project, else NYSE.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { addDays, daysInMonth, isCivilDate, isSupportedYear } from '../calendar/civil-date.js';
import { calendarByName } from '../calendar/registry.js';
import { NYSE } from '../calendar/nyse.js';
import type { TradingCalendar } from '../calendar/trading-calendar.js';
import { todayIn } from '../calendar/today-in.js';

/** The words a date flag takes besides YYYY-MM-DD. */
export const DATE_WORDS = ['today', 'yesterday', 'last-trading-day'] as const;

/** What a date word is read against. */
export interface DateWordContext {
  /** Its time zone, schedules and calendars. */
  readonly project: ProjectConfig;
  /** The pipelines or jobs the date is for (their schedules' calendar comes first). */
  readonly targets: readonly string[];
  /** The moment the command runs (ms since the epoch). */
  readonly now: number;
}

/** A date flag's date, or the usage message. */
export type DateFlagResult = { readonly ok: true; readonly date: string } | { readonly ok: false; readonly message: string };

/** The date `value` of `flag` names: YYYY-MM-DD as given, or a word (see the file comment) resolved in `context`. */
export function resolveDateFlag(flag: string, value: string, context: DateWordContext): DateFlagResult {
  if (isCivilDate(value)) return { ok: true, date: value };
  const word = value.trim().toLowerCase();
  if (word === 'today' || word === 'yesterday' || word === 'last-trading-day') {
    const today = todayIn(context.project.timezone, context.now);
    if (word === 'today') return { ok: true, date: today };
    if (word === 'yesterday') return { ok: true, date: addDays(today, -1) };
    const calendar = dateWordCalendar(context.project, context.targets);
    return { ok: true, date: calendar.isTradingDay(today) ? today : calendar.previousTradingDay(today) };
  }
  return { ok: false, message: dateFlagProblem(flag, value)! };
}

/** The calendar `last-trading-day` counts in: the targets' schedules', else any schedule's of the project, else NYSE. */
export function dateWordCalendar(project: ProjectConfig, targets: readonly string[]): TradingCalendar {
  const scheduleOf = (name: string) => project.pipelines.get(name)?.schedule ?? project.jobs.get(name)?.schedule;
  const named = [
    ...targets.map((name) => scheduleOf(name)?.calendar),
    ...[...project.pipelines.values(), ...project.jobs.values()].map((target) => target.schedule?.calendar),
  ];
  for (const name of named) {
    const calendar = name ? calendarByName(name) : undefined;
    if (calendar) return calendar;
  }
  return NYSE;
}

/** `flag date` must be a real calendar date written YYYY-MM-DD (resolveDateFlag also takes the words). */
export function dateFlagProblem(flag: string, date: string): string | null {
  if (isCivilDate(date)) return null;
  // 2026-02-30 is written right but names no day: say why, not which format to use.
  const written = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (written) return `${flag} ${date}: there is no such date (${whyNoSuchDate(Number(written[1]), Number(written[2]))})`;
  // Anything else may be a mistyped word, so name the words too.
  return `${flag} ${date}: expected a calendar date as YYYY-MM-DD, or ${DATE_WORDS.slice(0, -1).join(', ')} or ${DATE_WORDS.at(-1)}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why YYYY-MM-DD names no day, given its year and month: `February 2026 has 28 days`. */
function whyNoSuchDate(year: number, month: number): string {
  if (!isSupportedYear(year)) return 'years run from 0001 to 9999';
  if (month < 1 || month > 12) return 'months run from 01 to 12';
  return `${MONTH_NAMES[month - 1]} ${String(year).padStart(4, '0')} has ${daysInMonth(year, month)} days`;
}

/**
 * Each `--partition key=value` must name a declared static key and one of its
 * values; the date is not one of them (`dateFlags` says how to set it instead).
 */
export function partitionFlagProblem(project: ProjectConfig, fixed: Readonly<Record<string, string>>, dateFlags: string): string | null {
  for (const [key, value] of Object.entries(fixed)) {
    if (key === 'date') return `--partition date=…: use ${dateFlags} to set the date`;
    const allowed = project.partitions[key];
    if (!allowed) {
      const known = Object.keys(project.partitions);
      return `--partition ${key}=${value}: unknown partition key "${key}" (${known.length ? `declared: ${known.join(', ')}` : 'tickwork.yaml declares no partitions'})`;
    }
    if (!allowed.includes(value)) return `--partition ${key}=${value}: expected one of ${allowed.join(', ')}`;
  }
  return null;
}
