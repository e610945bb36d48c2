/**
 * The runs the schedule timeline draws for a window: those of the served
 * projects created in it, or created up to a day before it and still going
 * (or finished) inside it. One range scan per project over
 * `runs_project_created` (project, created_at), newest first, stopping at
 * the limit.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import type { TimelineRun, TimelineRuns } from '../../../shared/overview-model.js';
import type { RunState } from '../../../shared/state-machines.js';
import type { RunTrigger } from '../../../shared/run-model.js';
import type { Db } from '../store/open-store.js';
import { stmt } from '../store/statements.js';

/** How far before the window a run may have been created and still show (a long run crossing its start). */
export const TIMELINE_LOOKBACK_MS = 86_400_000;
/** Runs one answer carries at most by default. */
export const DEFAULT_TIMELINE_LIMIT = 20_000;

const RUNS_IN_WINDOW = `SELECT id, project_file, targets, state, trigger, partition_key, created_at, started_at, finished_at FROM runs
  WHERE project = ? AND created_at >= ? AND created_at < ? AND (finished_at IS NULL OR finished_at >= ?)
  ORDER BY created_at DESC LIMIT ?`;

interface Row {
  id: number;
  project_file: string;
  targets: string;
  state: RunState;
  trigger: RunTrigger;
  partition_key: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** The runs of `projects` in [from, to), oldest first, at most `limit` (the newest kept). */
export function timelineRuns(db: Db, projects: readonly ProjectConfig[], from: number, to: number, limit = DEFAULT_TIMELINE_LIMIT): TimelineRuns {
  const files = new Set(projects.map((p) => p.file));
  const names = [...new Set(projects.map((p) => p.name))];
  const rows: Row[] = [];
  let truncated = false;
  for (const name of names) {
    const found = stmt(db, RUNS_IN_WINDOW).all(name, from - TIMELINE_LOOKBACK_MS, to, from, limit + 1) as Row[];
    if (found.length > limit) truncated = true;
    rows.push(...found.slice(0, limit).filter((row) => files.has(row.project_file)));
  }
  rows.sort((a, b) => b.created_at - a.created_at || b.id - a.id);
  if (rows.length > limit) truncated = true;
  const runs = rows.slice(0, limit).reverse().map(toTimelineRun);
  return { from, to, runs, truncated };
}

function toTimelineRun(row: Row): TimelineRun {
  return {
    id: row.id,
    projectFile: row.project_file,
    targets: JSON.parse(row.targets) as string[],
    state: row.state,
    trigger: row.trigger,
    partitionKey: row.partition_key,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
