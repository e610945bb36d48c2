/**
 * Checks of the partition a user names on the command line (or through the
 * API): a date flag, and `--partition key=value` against the project's static
 * partition keys. Shared by `run`/`ensure` (plan-run.ts) and `backfill`.
 * Each returns the usage message, or null when the input is fine.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { isCivilDate } from '../calendar/civil-date.js';

/** `flag date` must be a real calendar date written YYYY-MM-DD. */
export function dateFlagProblem(flag: string, date: string): string | null {
  return isCivilDate(date) ? null : `${flag} ${date}: expected a calendar date as YYYY-MM-DD`;
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
