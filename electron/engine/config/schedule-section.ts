/**
 * Reading a `schedule:` of a pipeline or job: either a cron string, or a
 * mapping {cron, timezone, calendar, catchup, catchup_window}. The cron
 * expression is checked by croner, the library that later computes the fires
 * (cron-reading.ts words its problems).
 */
import { isMap } from 'yaml';
import type { CatchupPolicy, ConcurrencyConfig, OverlapPolicy, ScheduleConfig } from '../../../shared/config-model.js';
import { calendarNames } from '../calendar/registry.js';
import { cronProblem } from './cron-reading.js';
import { suggestionSuffix } from '../plan/did-you-mean.js';
import { readTimezone } from './project-sections.js';
import { readNarrowing } from './partition-narrowing.js';
import { checkKeys, entryFor, fail, readDuration, readInt, readMap, readText, type MapEntry, type ReadContext } from './yaml-nodes.js';

/** A schedule as read; its zone is the project's when it names none (filled in when the project is built). */
export type RawSchedule = Omit<ScheduleConfig, 'timezone'> & { readonly timezone: string | null };

const SCHEDULE_KEYS = ['cron', 'timezone', 'calendar', 'catchup', 'catchup_window', 'partitions'];
const CATCHUP: readonly CatchupPolicy[] = ['latest', 'all', 'none'];
const DEFAULT_CATCHUP_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Reads `schedule` (string or mapping); undefined (with problems reported) when invalid. */
export function readSchedule(entry: MapEntry, ctx: ReadContext): RawSchedule | undefined {
  if (!isMap(entry.value)) {
    const cron = readCron(entry.value, entry.field, ctx);
    return cron === undefined ? undefined : { cron, timezone: null, calendar: null, catchup: 'latest', catchupWindowMs: DEFAULT_CATCHUP_WINDOW_MS };
  }
  const body = readMap(entry.value, entry.field, ctx);
  if (body === undefined) return undefined;
  checkKeys(body, SCHEDULE_KEYS, ctx);
  const cronEntry = entryFor(body, 'cron', { ctx, required: { mapNode: entry.value, field: entry.field } });
  const zoneEntry = entryFor(body, 'timezone', { ctx });
  const calendarEntry = entryFor(body, 'calendar', { ctx });
  const catchupEntry = entryFor(body, 'catchup', { ctx });
  const windowEntry = entryFor(body, 'catchup_window', { ctx });
  const partitionsEntry = entryFor(body, 'partitions', { ctx });
  const partitions = partitionsEntry && readNarrowing(partitionsEntry, ctx);
  const cron = cronEntry && readCron(cronEntry.value, cronEntry.field, ctx);
  const timezone = zoneEntry ? readTimezone(zoneEntry.value, zoneEntry.field, ctx) : null;
  const calendar = calendarEntry ? readCalendar(calendarEntry, ctx) : null;
  const catchup = catchupEntry ? readChoice(catchupEntry, CATCHUP, ctx) : 'latest';
  const window = windowEntry ? readDuration(windowEntry.value, windowEntry.field, ctx) : DEFAULT_CATCHUP_WINDOW_MS;
  if (cron === undefined || timezone === undefined || calendar === undefined || catchup === undefined || window === undefined || window === null) return undefined;
  if (partitionsEntry !== undefined && partitions === undefined) return undefined;
  return { cron, timezone, calendar, catchup, catchupWindowMs: window, ...(partitions !== undefined && { partitions }) };
}

/** Resolves a read schedule against the project's zone. */
export function resolveSchedule(raw: RawSchedule, projectZone: string): ScheduleConfig {
  return { ...raw, timezone: raw.timezone ?? projectZone };
}

function readCron(node: unknown, field: string, ctx: ReadContext): string | undefined {
  const text = readText(node, field, ctx, { nonEmpty: true });
  if (text === undefined) return undefined;
  const problem = cronProblem(text);
  if (problem === undefined) return text.trim();
  fail(ctx, node, field, problem);
  return undefined;
}

function readCalendar(entry: MapEntry, ctx: ReadContext): string | undefined {
  const name = readText(entry.value, entry.field, ctx, { nonEmpty: true });
  if (name === undefined) return undefined;
  const known = calendarNames();
  if (known.includes(name)) return name;
  fail(ctx, entry.value, entry.field, `unknown calendar "${name}"${suggestionSuffix(name, known) || `; known calendars: ${known.join(', ')}`}`);
  return undefined;
}

function readChoice<T extends string>(entry: MapEntry, choices: readonly T[], ctx: ReadContext): T | undefined {
  const value = readText(entry.value, entry.field, ctx);
  if (value !== undefined && (choices as readonly string[]).includes(value)) return value as T;
  if (value !== undefined) fail(ctx, entry.value, entry.field, `expected one of ${choices.join(', ')}, got "${value}"${suggestionSuffix(value, choices)}`);
  return undefined;
}

const OVERLAP: readonly OverlapPolicy[] = ['queue', 'skip', 'cancel_previous'];

/** Keys of a pipeline or job that limit its concurrent runs. */
export const CONCURRENCY_KEYS = ['max_active_runs', 'overlap'];

/** Reads `max_active_runs` and `overlap` of a pipeline or job (undefined when unlimited or invalid). */
export function readConcurrency(entries: readonly MapEntry[], ctx: ReadContext): ConcurrencyConfig | undefined {
  const maxEntry = entryFor(entries, 'max_active_runs', { ctx });
  const overlapEntry = entryFor(entries, 'overlap', { ctx });
  const overlap = overlapEntry ? readChoice(overlapEntry, OVERLAP, ctx) : 'queue';
  if (!maxEntry) {
    if (overlapEntry) fail(ctx, overlapEntry.keyNode, overlapEntry.field, 'overlap needs max_active_runs (how many runs may be active at once)');
    return undefined;
  }
  const maxActiveRuns = readInt(maxEntry.value, maxEntry.field, ctx, 1);
  return maxActiveRuns === undefined || overlap === undefined ? undefined : { maxActiveRuns, overlap };
}
