/**
 * `--project DIR` on commands that read the store (runs, logs, cancel,
 * resume, advance): the store keeps each run's tickwork.yaml path
 * (runs.project_file), so a project is matched by that file, not by its name
 * (two checkouts of one project share a name). The file need not be valid
 * YAML: listing a project's runs must work while its config is broken.
 */
import fs from 'node:fs';
import type { Db } from '../engine/store/open-store.js';
import type { RunRecord } from '../../shared/run-model.js';
import { getRun, listRuns } from '../engine/store/run-store.js';
import { CliExit, projectFileFor } from './context.js';

/** The project a command was limited to. */
export interface ProjectScope {
  /** The --project value as given, for messages. */
  readonly option: string;
  /** Spellings of its tickwork.yaml as a run may have stored it: as resolved, and with links resolved. */
  readonly files: readonly string[];
}

/** The scope `--project DIR` names, or null without the option (every project of the home). */
export function projectScope(option: string | undefined): ProjectScope | null {
  if (option === undefined) return null;
  const file = projectFileFor(option);
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // projectFileFor saw it a moment ago; a vanished file still has its resolved path
  }
  return { option, files: real === file ? [file] : [file, real] };
}

/** True when `run` belongs to the scope (always without one). */
export function inScope(scope: ProjectScope | null, run: Pick<RunRecord, 'projectFile'>): boolean {
  return scope === null || scope.files.includes(run.projectFile);
}

/** The project name the store last recorded for the scope's file (for tables keyed by name, e.g. alerts), or null. */
export function storedProjectName(db: Db, scope: ProjectScope): string | null {
  return listRuns(db, { projectFiles: scope.files, limit: 1 })[0]?.project ?? null;
}

/**
 * Exits 2 unless run `id` exists and belongs to the scope: asking for a run by
 * id under another project's --project is a mistake worth naming.
 */
export function requireRunInScope(db: Db, command: string, id: number, scope: ProjectScope | null): RunRecord {
  const run = getRun(db, id);
  if (!run) throw new CliExit(2, [`tickwork ${command}: no run ${id}`]);
  if (!inScope(scope, run)) {
    throw new CliExit(2, [`tickwork ${command}: run ${id} belongs to project ${run.project} (${run.projectFile}), not to --project ${scope!.option}`]);
  }
  return run;
}
