import { describe, expect, it } from 'vitest';
import type { TargetRunPoint, TargetSummary, TimelineRun } from '../../shared/overview-model.js';
import type { ScheduleInfo } from '../../shared/schedule-model.js';
import type { RunRecord } from '../../shared/run-model.js';
import { laneResolver, nextRealFire, overviewRows, sparkBars, timelineLanes } from '../../renderer/views/overview/overview-rows.js';
import { mergeTimelineRuns } from '../../renderer/api/timeline-merge.js';

const NOW = 1_000_000;
const FILE = '/p/tickwork.yaml';

function point(runId: number, state: TargetRunPoint['state'], startedAt: number | null, finishedAt: number | null): TargetRunPoint {
  return { runId, state, trigger: 'schedule', createdAt: startedAt ?? NOW, startedAt, finishedAt };
}

function target(kind: 'job' | 'pipeline', name: string, recent: TargetRunPoint[] = [], scheduled = false): TargetSummary {
  const key = `${FILE}#${kind}:${name}`;
  return { key, project: 'p', projectFile: FILE, timezone: 'America/New_York', kind, name, description: null, members: [], scheduleKey: scheduled ? key : null, recent, lastSuccessAt: null, freshnessMs: null, stale: false, openAlerts: 0 };
}

function schedule(key: string, nextFires: number[], paused: ScheduleInfo['paused'] = null): ScheduleInfo {
  return { key, project: 'p', projectFile: FILE, kind: 'job', name: 'daily', cron: '0 19 * * 1-5', timezone: 'America/New_York', calendar: 'NYSE', catchup: 'latest', catchupWindowMs: 0, partitions: null, paused, nextFires, lastSlot: null } as ScheduleInfo;
}

describe('the Overview rows', () => {
  it('draws the sparkline oldest first, heights relative to the longest finished run, an unfinished run flat', () => {
    const bars = sparkBars([point(3, 'running', NOW - 50, null), point(2, 'failed', 100, 300), point(1, 'succeeded', 0, 400)], NOW);
    expect(bars.map((b) => [b.runId, b.share, b.durationMs])).toEqual([[1, 1, 400], [2, 0.5, 200], [3, 0, null]]);
  });

  it('gives each target its schedule, last run and its duration (up to now while it runs), and the next fire that will run', () => {
    const daily = target('job', 'daily', [point(9, 'running', NOW - 5_000, null)], true);
    const prices = target('pipeline', 'prices', [point(8, 'succeeded', 10, 1_010)]);
    const [row, plain] = overviewRows([daily, prices], [schedule(daily.key, [NOW + 10, NOW + 20])], NOW);
    expect([row!.schedule?.key, row!.last?.runId, row!.lastDurationMs, row!.nextFire]).toEqual([daily.key, 9, 5_000, NOW + 10]);
    expect([plain!.schedule, plain!.lastDurationMs, plain!.nextFire]).toEqual([null, 1_000, null]);
  });

  it('skips the fires a pause holds over: all of them until resumed, those before its until otherwise', () => {
    expect(nextRealFire(schedule('k', [1, 2, 3], { pausedAt: 0, until: null, reason: null }))).toBeNull();
    expect(nextRealFire(schedule('k', [1, 2, 3], { pausedAt: 0, until: 2, reason: null }))).toBe(2);
  });
});

describe('the timeline lanes', () => {
  const daily = target('job', 'daily', [], true);
  const prices = target('pipeline', 'prices');
  const signals = target('pipeline', 'signals');
  const run = (id: number, targets: string[]): TimelineRun => ({ id, projectFile: FILE, targets, state: 'succeeded', trigger: 'cli', partitionKey: 'date=2025-01-15', createdAt: id, startedAt: id, finishedAt: id + 1 });

  it('has a lane per scheduled target and per target that ran in the window, in table order', () => {
    expect(timelineLanes([daily, prices, signals], [run(1, ['signals'])]).map((l) => l.label)).toEqual(['daily', 'signals']);
  });

  it('puts a run in the lane of each target it names (a job and a pipeline of the same name stay apart by kind)', () => {
    const lanesOf = laneResolver([daily, prices, signals]);
    expect(lanesOf(run(1, ['daily', 'prices', 'gone']))).toEqual([daily.key, prices.key]);
    expect(lanesOf({ ...run(2, ['prices']), projectFile: '/other/tickwork.yaml' })).toEqual([]);
  });
});

describe('merging changed runs into a loaded timeline window', () => {
  const base = { from: 1_000_000_000, to: 1_000_100_000, truncated: false };
  const timelineRun = (id: number, createdAt: number, state: TimelineRun['state'] = 'running'): TimelineRun => ({ id, projectFile: FILE, targets: ['daily'], state, trigger: 'schedule', partitionKey: 'date=2025-01-15', createdAt, startedAt: createdAt, finishedAt: null });
  const record = (r: TimelineRun): RunRecord => ({ ...r, project: 'p', selection: 'upstream', force: false, partition: { date: '2025-01-15' }, params: {}, pools: {}, idempotencyKey: null, maxActive: null, dataReadyAt: null, reason: null, ownerToken: null, ownerPid: null, ownerStart: null }) as RunRecord;

  it('replaces a changed run where it is and adds a new one in creation order, ignoring runs outside the window', () => {
    const data = { ...base, runs: [timelineRun(1, base.from + 10), timelineRun(3, base.from + 30)] };
    const merged = mergeTimelineRuns(data, [record({ ...timelineRun(1, base.from + 10), state: 'succeeded', finishedAt: base.from + 20 }), record(timelineRun(2, base.from + 20)), record(timelineRun(4, base.to + 5))]);
    expect(merged.runs.map((r) => [r.id, r.state])).toEqual([[1, 'succeeded'], [2, 'running'], [3, 'running']]);
    expect(mergeTimelineRuns(data, [record(timelineRun(4, base.to + 5))])).toBe(data);
  });
});
