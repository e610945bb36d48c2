/**
 * Keeps a loaded window of the schedule timeline current: when events say
 * some runs changed, the daemon is asked for those runs (runs.list by ids)
 * and `mergeTimelineRuns` puts the answer in — replacing a run where it is,
 * adding a new one that falls in the window, in creation order. Records come
 * from the store, never from an event's payload.
 */
import type { TimelineRun, TimelineRuns } from '../../shared/overview-model.js';
import type { RunRecord } from '../../shared/run-model.js';

/** How far before a window a run may have been created and still be drawn (the engine's TIMELINE_LOOKBACK_MS). */
export const TIMELINE_LOOKBACK_MS = 86_400_000;

/** The timeline's view of a run record. */
export function toTimelineRun(run: RunRecord): TimelineRun {
  const { id, projectFile, targets, state, trigger, partitionKey, createdAt, startedAt, finishedAt } = run;
  return { id, projectFile, targets, state, trigger, partitionKey, createdAt, startedAt, finishedAt };
}

/** `data` with `fresh` merged in (unchanged `data` when nothing of it concerns the window). */
export function mergeTimelineRuns(data: TimelineRuns, fresh: readonly RunRecord[]): TimelineRuns {
  const inWindow = fresh.filter((run) => run.createdAt >= data.from - TIMELINE_LOOKBACK_MS && run.createdAt < data.to);
  if (inWindow.length === 0) return data;
  const byId = new Map(inWindow.map((run) => [run.id, toTimelineRun(run)]));
  const runs = data.runs.map((run) => {
    const update = byId.get(run.id);
    if (update) byId.delete(run.id);
    return update ?? run;
  });
  if (byId.size > 0) {
    runs.push(...byId.values());
    runs.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  }
  return { ...data, runs };
}
