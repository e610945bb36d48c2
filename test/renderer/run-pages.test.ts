import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../shared/run-model.js';
import { flattenRunPages, patchRunPages, toRunPage, type RunPage } from '../../renderer/api/run-pages.js';

function run(id: number, state: RunRecord['state'] = 'succeeded'): RunRecord {
  return {
    id, project: 'p', projectFile: '/p/tickwork.yaml', targets: ['a'], selection: 'upstream', force: false, partition: { date: '2024-01-02' },
    partitionKey: 'date=2024-01-02', params: {}, pools: {}, trigger: 'cli', idempotencyKey: null, maxActive: null, dataReadyAt: null, state,
    reason: null, ownerToken: null, ownerPid: null, ownerStart: null, createdAt: id, startedAt: null, finishedAt: null,
  };
}
const page = (ids: number[], nextBefore: number | null): RunPage => ({ runs: ids.map((id) => run(id)), nextBefore });
const shape = (pages: readonly RunPage[]) => pages.map((p) => ({ ids: p.runs.map((r) => r.id), states: p.runs.map((r) => r.state), nextBefore: p.nextBefore }));

describe('the Runs list pages', () => {
  it('makes a page with the cursor of the next one, or none at the end', () => {
    expect(toRunPage([run(9), run(8)], 2).nextBefore).toBe(8);
    expect(toRunPage([run(9)], 2).nextBefore).toBeNull();
  });

  it('replaces a changed run where it stands and drops one that left the filters', () => {
    const pages = [page([10, 9, 8], 8), page([7, 6], null)];
    const next = patchRunPages(pages, [run(9, 'running')], new Set([9, 6]));
    expect(shape(next)).toEqual([
      { ids: [10, 9, 8], states: ['succeeded', 'running', 'succeeded'], nextBefore: 8 },
      { ids: [7], states: ['succeeded'], nextBefore: null },
    ]);
    expect(pages[0]!.runs[1]!.state).toBe('succeeded'); // the old pages are left as they were
  });

  it('puts new runs at the top, newest first, and a newly matching older run at its place by id', () => {
    const next = patchRunPages([page([10, 8], 8), page([5, 3], 3)], [run(12, 'queued'), run(11, 'queued'), run(4)], new Set([11, 12, 4]));
    expect(shape(next).map((p) => p.ids)).toEqual([[12, 11, 10, 8], [5, 4, 3]]);
  });

  it('leaves a run older than every loaded page to the page that will fetch it', () => {
    const next = patchRunPages([page([10, 9], 9)], [run(2)], new Set([2]));
    expect(flattenRunPages(next).map((r) => r.id)).toEqual([10, 9]);
  });

  it('starts the first page of an empty list', () => {
    expect(shape(patchRunPages([], [run(1)], new Set([1])))).toEqual([{ ids: [1], states: ['succeeded'], nextBefore: null }]);
    expect(shape(patchRunPages([page([], null)], [run(1)], new Set([1])))[0]!.ids).toEqual([1]);
  });
});
