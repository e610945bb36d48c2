/**
 * The partition matrix of a target: every date of a range × each static-key
 * combination it fans out to (partition-fanout.ts), the cell holding the
 * latest run of the target for that partition. The dates come from the
 * calendar; the runs from one indexed query (store/partition-runs.ts).
 */
import type { Db } from '../store/open-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { MatrixCell, PartitionMatrix } from '../../../shared/project-model.js';
import type { Partition } from '../../../shared/run-model.js';
import { addDays, isCivilDate } from '../calendar/civil-date.js';
import { calendarByName } from '../calendar/registry.js';
import { partitionKey } from '../store/run-store.js';
import { latestRunPerPartition } from '../store/partition-runs.js';
import { fanOutPartitions } from './partition-fanout.js';

/** The longest range a matrix covers (ten years of days). */
export const MAX_MATRIX_DAYS = 3660;

/** The matrix of `target` from..to, or a usage message. */
export function partitionMatrix(db: Db, project: ProjectConfig, target: string, from: string, to: string): PartitionMatrix | string {
  if (!project.pipelines.has(target) && !project.jobs.has(target)) return `unknown pipeline or job "${target}" in ${project.name}`;
  if (!isCivilDate(from)) return `from: expected a date YYYY-MM-DD, not ${from}`;
  if (!isCivilDate(to)) return `to: expected a date YYYY-MM-DD, not ${to}`;
  if (from > to) return `from ${from} is after to ${to}`;
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (dates.length === MAX_MATRIX_DAYS) return `from…to may cover at most ${MAX_MATRIX_DAYS} days`;
    dates.push(d);
  }
  const combos = fanOutPartitions(project, { targets: [target], selection: 'upstream' });
  if (typeof combos === 'string') return combos;
  const calendarName = (project.pipelines.get(target)?.schedule ?? project.jobs.get(target)?.schedule)?.calendar ?? null;
  const calendar = calendarName ? calendarByName(calendarName) : undefined;
  // A cell is found by its partition key: the canonical text of date + static keys.
  const where = new Map<string, { date: string; column: number }>();
  for (const date of dates) combos.forEach((combo, column) => where.set(partitionKey({ ...combo, date } as Partition), { date, column }));
  const cells: MatrixCell[] = [];
  for (const row of latestRunPerPartition(db, project.file, [target], from, to)) {
    const at = where.get(row.partitionKey);
    if (at) cells.push({ ...at, runId: row.runId, state: row.state, runs: row.runs });
  }
  cells.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.column - b.column));
  return { target, from, to, dates, calendar: calendarName, closed: calendar ? dates.filter((d) => !calendar.isTradingDay(d)) : [], columns: combos, cells };
}
