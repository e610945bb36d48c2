/**
 * The Runs list as pages fetched by cursor (newest first), and the pure merge
 * that keeps them current: when events say some runs changed, the daemon is
 * asked for those runs under the list's filters, and `patchRunPages` puts
 * the answer in — replacing a changed run where it stands, dropping one that
 * no longer matches the filters, and inserting a new or newly matching one at
 * its place by id (newest first). Records come from the store, never from an
 * event's payload, so a late event cannot roll a row back.
 */
import type { RunRecord } from '../../shared/run-model.js';

/** Runs per page of the list. */
export const RUN_PAGE_SIZE = 200;

/** One fetched page: its runs (ids descending) and the cursor of the next page (null at the end). */
export interface RunPage {
  readonly runs: readonly RunRecord[];
  readonly nextBefore: number | null;
}

/** Makes a page of an answer to runs.list asked with `limit` = RUN_PAGE_SIZE. */
export function toRunPage(runs: readonly RunRecord[], limit = RUN_PAGE_SIZE): RunPage {
  return { runs, nextBefore: runs.length >= limit ? runs[runs.length - 1]!.id : null };
}

/**
 * Merges `fresh` (the changed runs that match the list's filters) into
 * `pages`; `changed` holds every id that was asked about, so a run among
 * them that is not in `fresh` left the filter and is dropped.
 */
export function patchRunPages(pages: readonly RunPage[], fresh: readonly RunRecord[], changed: ReadonlySet<number>): RunPage[] {
  const byId = new Map(fresh.map((run) => [run.id, run]));
  const placed = new Set<number>();
  const next = pages.map((page) => {
    const runs: RunRecord[] = [];
    for (const run of page.runs) {
      const update = byId.get(run.id);
      if (update) {
        runs.push(update);
        placed.add(run.id);
      } else if (!changed.has(run.id)) runs.push(run);
    }
    return { runs, nextBefore: page.nextBefore };
  });
  const newcomers = fresh.filter((run) => !placed.has(run.id)).sort((a, b) => b.id - a.id);
  for (const run of newcomers) insertByIdDesc(next, run);
  return next;
}

/** Puts `run` into the page whose id range covers it; a run older than everything loaded waits for its page to be fetched. */
function insertByIdDesc(pages: RunPage[], run: RunRecord): void {
  if (pages.length === 0) {
    pages.push({ runs: [run], nextBefore: null });
    return;
  }
  for (let p = 0; p < pages.length; p++) {
    const page = pages[p]!;
    // A page holds ids down to its cursor (the next page starts below it); the end page holds everything older.
    if (page.nextBefore === null || run.id > page.nextBefore) {
      const runs = [...page.runs];
      const at = runs.findIndex((r) => r.id < run.id);
      runs.splice(at === -1 ? runs.length : at, 0, run);
      pages[p] = { runs, nextBefore: page.nextBefore };
      return;
    }
  }
}

/** All runs of the pages in order. */
export function flattenRunPages(pages: readonly RunPage[]): RunRecord[] {
  return pages.flatMap((page) => page.runs);
}
