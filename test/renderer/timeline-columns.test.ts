import { describe, expect, it } from 'vitest';
import type { TimelineRun } from '../../shared/overview-model.js';
import { decodeTimelineRuns, encodeTimelineRuns } from '../../shared/timeline-columns.js';

const T0 = Date.UTC(2025, 0, 6, 12);
const run = (id: number, targets: string[], createdAt: number, startedAt: number | null, finishedAt: number | null, state: TimelineRun['state'] = 'succeeded'): TimelineRun =>
  ({ id, projectFile: id % 2 ? '/a/tickwork.yaml' : '/b/tickwork.yaml', targets, state, trigger: id % 3 ? 'schedule' : 'cli', partitionKey: `date=2025-01-0${id % 4}`, createdAt, startedAt, finishedAt });

describe('timeline.runs as columns', () => {
  it('decodes to the runs it was made from: queued, running and finished ones, before and inside the window, the tables interned', () => {
    const runs = [
      run(3, ['prices'], T0 - 3_600_000, T0 - 3_599_000, T0 - 3_500_000),
      run(7, ['daily'], T0 + 1_000, T0 + 1_500, null, 'running'),
      run(8, ['prices'], T0 + 2_000, null, null, 'queued'),
      run(12, ['daily', 'prices'], T0 + 2_000, T0 + 2_000, T0 + 9_000, 'failed'),
      run(13, ['prices'], T0 + 5_000, null, T0 + 5_000, 'cancelled'),
    ];
    const columns = encodeTimelineRuns({ from: T0, to: T0 + 86_400_000, truncated: true }, runs, (targets) => targets);
    expect(columns.idStep).toEqual([3, 4, 1, 4, 1]);
    expect(columns.createdStep).toEqual([-3_600_000, 3_601_000, 1_000, 0, 3_000]);
    expect([columns.targetLists.length, columns.states, columns.projectFiles]).toEqual([5, ['succeeded', 'running', 'queued', 'failed', 'cancelled'], ['/a/tickwork.yaml', '/b/tickwork.yaml']]); // arrays are keys by identity
    const decoded = decodeTimelineRuns(JSON.parse(JSON.stringify(columns)));
    expect(decoded).toEqual({ from: T0, to: T0 + 86_400_000, truncated: true, runs });
  });

  it('shares one targets array among the runs whose stored lists are the same text', () => {
    const text = [JSON.stringify(['prices']), JSON.stringify(['daily']), JSON.stringify(['prices'])];
    const rows = text.map((targets, i) => ({ ...run(i + 1, [], T0 + i, T0 + i, T0 + i + 10), targets }));
    const decoded = decodeTimelineRuns(encodeTimelineRuns({ from: T0, to: T0 + 1000, truncated: false }, rows, (t) => JSON.parse(t) as string[]));
    expect(decoded.runs.map((r) => r.targets)).toEqual([['prices'], ['daily'], ['prices']]);
    expect(decoded.runs[0]!.targets).toBe(decoded.runs[2]!.targets);
  });
});
