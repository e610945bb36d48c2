/**
 * The partitions a backfill covers: every date from..to (calendar days, or a
 * trading calendar's trading days), times every combination of the project's
 * static partition keys that `--partition` does not fix.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { Partition } from '../../../shared/run-model.js';
import { calendarByName } from '../calendar/registry.js';
import { addDays } from '../calendar/civil-date.js';
import { dateFlagProblem, partitionFlagProblem } from '../run/partition-flags.js';

/** What to backfill. */
export interface BackfillRange {
  readonly from: string;
  readonly to: string;
  readonly calendar?: string;
  /** Static keys fixed by --partition. */
  readonly fixed: Readonly<Record<string, string>>;
  readonly newestFirst?: boolean;
}

/** The partitions in order (oldest first unless newestFirst), or a usage error. */
export function backfillPartitions(project: ProjectConfig, range: BackfillRange): Partition[] | string {
  const problem =
    dateFlagProblem('--from', range.from) ?? dateFlagProblem('--to', range.to) ?? partitionFlagProblem(project, range.fixed, '--from/--to');
  if (problem) return problem;
  if (range.from > range.to) return `--from ${range.from} is after --to ${range.to}`;
  let dates: string[];
  if (range.calendar) {
    const calendar = calendarByName(range.calendar);
    if (!calendar) return `--calendar ${range.calendar}: unknown calendar`;
    dates = calendar.tradingDaysBetween(range.from, range.to);
  } else {
    dates = [];
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) dates.push(d);
  }
  let combos: Array<Record<string, string>> = [{ ...range.fixed }];
  for (const [key, values] of Object.entries(project.partitions)) {
    if (key in range.fixed) continue;
    combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [key]: value })));
  }
  const ordered = range.newestFirst ? [...dates].reverse() : dates;
  return ordered.flatMap((date) => combos.map((combo) => ({ ...combo, date }) as Partition));
}
