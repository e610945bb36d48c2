/**
 * The runs the schedule timeline draws for a window: those of the served
 * projects created in it, or created up to a day before it and still going
 * (or finished) inside it. One range scan per project over
 * `runs_project_created` (project, created_at), newest first, stopping at
 * the limit. The answer is columnar (shared/timeline-columns.ts): the
 * store's `targets` text is parsed once per distinct list.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { encodeTimelineRuns, type TimelineRunColumns } from '../../../shared/timeline-columns.js';
import type { RunState } from '../../../shared/state-machines.js';
import type { RunTrigger } from '../../../shared/run-model.js';
import type { Db } from '../store/open-store.js';
import { stmt } from '../store/statements.js';

/** How far before the window a run may have been created and still show (a long run crossing its start). */
export const TIMELINE_LOOKBACK_MS = 86_400_000;
/** Runs one answer carries at most by default. */
export const DEFAULT_TIMELINE_LIMIT = 20_000;

const RUNS_IN_WINDOW = `SELECT id, project_file AS projectFile, targets, state, trigger, partition_key AS partitionKey, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt FROM runs
  WHERE project = ? AND created_at >= ? AND created_at < ? AND (finished_at IS NULL OR finished_at >= ?)
  ORDER BY created_at DESC LIMIT ?`;

interface Row {
  id: number;
  projectFile: string;
  targets: string;
  state: RunState;
  trigger: RunTrigger;
  partitionKey: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** The runs of `projects` in [from, to), oldest first, at most `limit` (the newest kept). */
export function timelineRuns(db: Db, projects: readonly ProjectConfig[], from: number, to: number, limit = DEFAULT_TIMELINE_LIMIT): TimelineRunColumns {
  const files = new Set(projects.map((p) => p.file));
  const names = [...new Set(projects.map((p) => p.name))];
  const rows: Row[] = [];
  let truncated = false;
  for (const name of names) {
    const found = stmt(db, RUNS_IN_WINDOW).all(name, from - TIMELINE_LOOKBACK_MS, to, from, limit + 1) as Row[];
    if (found.length > limit) truncated = true;
    for (let i = 0; i < Math.min(found.length, limit); i++) if (files.has(found[i]!.projectFile)) rows.push(found[i]!);
  }
  rows.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  if (rows.length > limit) truncated = true;
  const runs = rows.slice(0, limit).reverse();
  return encodeTimelineRuns({ from, to, truncated }, runs, (targets) => JSON.parse(targets) as string[]);
}
