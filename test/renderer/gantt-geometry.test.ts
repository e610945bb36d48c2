import { describe, expect, it } from 'vitest';
import {
  axisTicks, elapsedLabel, ganttDomain, ganttRows, hitTest, layoutBars, peakConcurrency, stepSegment, tickStep, timeAt, timeScale, visibleRows, xOf,
  type GanttAttempt, type GanttTask,
} from '../../renderer/timeline/gantt-geometry.js';

const T0 = 1_700_000_000_000;

function task(id: number, pipeline: string, over: Partial<GanttTask> = {}): GanttTask {
  return { id, pipeline, topoIndex: id, state: 'succeeded', createdAt: T0, finishedAt: null, isTarget: false, ...over };
}

function attempt(taskRunId: number, number: number, startedAt: number, finishedAt: number | null, over: Partial<GanttAttempt> = {}): GanttAttempt {
  return { taskRunId, number, state: finishedAt === null ? 'running' : 'succeeded', startedAt, finishedAt, exitCode: finishedAt === null ? null : 0, signal: null, error: null, killReason: null, ...over };
}

const kinds = (rows: ReturnType<typeof ganttRows>) => rows.map((row) => [row.task.pipeline, row.segments.map((s) => `${s.kind}${s.attempt ?? ''}:${s.start - T0}-${s.end - T0}${s.open ? '…' : ''}${s.marker ? '◆' : ''}`)]);

describe('Gantt rows', () => {
  it('gives every attempt its own segment, the wait before the first and the retry waits between them, in topological order', () => {
    const rows = ganttRows({
      runStartedAt: T0 + 100,
      now: T0 + 10_000,
      tasks: [task(2, 'flaky', { topoIndex: 1, finishedAt: T0 + 5_000 }), task(1, 'fetch', { topoIndex: 0, finishedAt: T0 + 1_000 })],
      attempts: [
        attempt(2, 2, T0 + 4_000, T0 + 5_000),
        attempt(2, 1, T0 + 1_000, T0 + 2_000, { state: 'failed', exitCode: 3 }),
        attempt(1, 1, T0 + 100, T0 + 1_000),
      ],
    });
    expect(kinds(rows)).toEqual([
      ['fetch', ['succeeded1:100-1000']],
      ['flaky', ['waiting:100-1000', 'failed1:1000-2000', 'retry_wait2:2000-4000', 'succeeded2:4000-5000']],
    ]);
    expect(rows.map((r) => r.index)).toEqual([0, 1]);
    expect(rows[1]!.segments[1]!.source).toMatchObject({ exitCode: 3 });
  });

  it('runs open segments to now: a running attempt, a task waiting on its upstream, a task waiting to retry', () => {
    const rows = ganttRows({
      runStartedAt: T0,
      now: T0 + 9_000,
      tasks: [task(1, 'long', { state: 'running' }), task(2, 'after', { state: 'waiting' }), task(3, 'retrying', { state: 'retry_wait' })],
      attempts: [attempt(1, 1, T0 + 500, null), attempt(3, 1, T0, T0 + 2_000, { state: 'failed' })],
    });
    expect(kinds(rows)).toEqual([
      ['long', ['waiting:0-500', 'running1:500-9000…']],
      ['after', ['waiting:0-9000…']],
      ['retrying', ['failed1:0-2000', 'retry_wait2:2000-9000…']],
    ]);
  });

  it('marks a task that ended without an attempt as a point: cached at once, upstream_failed after its wait, cancelled in a queued run', () => {
    const rows = ganttRows({
      runStartedAt: T0 + 50,
      now: T0 + 9_000,
      tasks: [
        task(1, 'reused', { state: 'cached', finishedAt: T0 + 50 }),
        task(2, 'blocked', { state: 'upstream_failed', finishedAt: T0 + 3_000 }),
      ],
      attempts: [],
    });
    expect(kinds(rows)).toEqual([
      ['reused', ['cached:50-50◆']],
      ['blocked', ['waiting:50-3000', 'upstream_failed:3000-3000◆']],
    ]);
    const queued = ganttRows({ runStartedAt: null, now: T0 + 900, tasks: [task(1, 'never', { state: 'cancelled', createdAt: T0, finishedAt: T0 + 400 })], attempts: [] });
    expect(kinds(queued)).toEqual([['never', ['waiting:0-400', 'cancelled:400-400◆']]]);
  });

  it("spans the run's start to its end, or to now while it runs, and never less than a second", () => {
    const rows = ganttRows({ runStartedAt: T0, now: T0 + 5_000, tasks: [task(1, 'a', { state: 'running' })], attempts: [attempt(1, 1, T0, null)] });
    expect(ganttDomain(rows, { createdAt: T0 - 200, startedAt: T0, finishedAt: null }, T0 + 5_000)).toEqual({ start: T0, end: T0 + 5_500 }); // room past now
    expect(ganttDomain([], { createdAt: T0, startedAt: null, finishedAt: null }, T0 + 10)).toEqual({ start: T0, end: T0 + 1_000 });
    expect(ganttDomain([], { createdAt: T0, startedAt: T0, finishedAt: T0 + 60_000 }, T0 + 99_999_999)).toEqual({ start: T0, end: T0 + 60_000 });
  });
});

describe('Gantt scale and axis', () => {
  it('maps time to x and back', () => {
    const scale = timeScale({ start: T0, end: T0 + 10_000 }, 200, 1200);
    expect(xOf(scale, T0)).toBe(200);
    expect(xOf(scale, T0 + 5_000)).toBe(700);
    expect(xOf(scale, T0 + 10_000)).toBe(1200);
    expect(timeAt(scale, 450)).toBe(T0 + 2_500);
  });

  it('puts ticks at readable whole steps since the start, at least the asked gap apart', () => {
    const minute = timeScale({ start: T0, end: T0 + 60_000 }, 0, 600);
    expect(tickStep(minute, 70)).toBe(10_000);
    expect(axisTicks(minute, 70).map((t) => [t.label, t.x])).toEqual([['0s', 0], ['10s', 100], ['20s', 200], ['30s', 300], ['40s', 400], ['50s', 500], ['1m', 600]]);
    const hours = timeScale({ start: T0, end: T0 + 5 * 3_600_000 }, 0, 500);
    expect(axisTicks(hours, 110).map((t) => t.label)).toEqual(['0s', '2h', '4h']);
    const fast = timeScale({ start: T0, end: T0 + 300 }, 0, 900);
    expect(axisTicks(fast, 200).map((t) => t.label)).toEqual(['0s', '100ms', '200ms', '300ms']);
    const years = timeScale({ start: T0, end: T0 + 400 * 86_400_000 }, 0, 400);
    expect(tickStep(years, 100)).toBeGreaterThanOrEqual(100 * 86_400_000);
  });

  it('labels elapsed time compactly', () => {
    expect([0, 250, 1_200, 2_250, 45_000, 90_000, 3_600_000, 8_100_000, 86_400_000, 108_000_000].map(elapsedLabel)).toEqual(['0s', '250ms', '1.2s', '2.25s', '45s', '1m 30s', '1h', '2h 15m', '1d', '1d 6h']);
  });
});

describe('Gantt bars and hits', () => {
  const rows = ganttRows({
    runStartedAt: T0,
    now: T0 + 10_000,
    tasks: [task(1, 'a', { finishedAt: T0 + 4_000 }), task(2, 'b', { finishedAt: T0 + 10_000 }), task(3, 'c', { state: 'cached', finishedAt: T0 })],
    attempts: [attempt(1, 1, T0, T0 + 4_000), attempt(2, 1, T0 + 4_000, T0 + 4_003), attempt(2, 2, T0 + 6_000, T0 + 10_000, { state: 'failed' })],
  });
  const scale = timeScale({ start: T0, end: T0 + 10_000 }, 100, 1100);

  it('draws only the visible rows', () => {
    expect(visibleRows(1000, 20, 0, 100, 30)).toEqual({ rowHeight: 20, top: 30, first: 0, last: 3 });
    expect(visibleRows(1000, 20, 4_000, 100, 30)).toEqual({ rowHeight: 20, top: -3_970, first: 198, last: 203 });
    expect(visibleRows(3, 20, 0, 500)).toMatchObject({ first: 0, last: 2 });
    const window = visibleRows(rows.length, 20, 20, 20);
    expect(new Set(layoutBars(rows, scale, window).map((bar) => bar.row))).toEqual(new Set([1]));
  });

  it('draws attempts as bars at least 2 px wide, waits as thin lines, outcomes without an attempt as points', () => {
    const bars = layoutBars(rows, scale, visibleRows(rows.length, 20, 0, 60));
    expect(bars.map((b) => [b.row, b.kind, b.shape, Math.round(b.x), Math.round(b.w)])).toEqual([
      [0, 'succeeded', 'bar', 100, 400],
      [1, 'waiting', 'line', 100, 400],
      [1, 'succeeded', 'bar', 500, 2],
      [1, 'retry_wait', 'line', 500, 200],
      [1, 'failed', 'bar', 700, 400],
      [2, 'cached', 'marker', 96, 8],
    ]);
    const bar = bars.find((b) => b.row === 1 && b.shape === 'bar')!;
    const line = bars.find((b) => b.row === 1 && b.shape === 'line')!;
    expect(bar.h).toBeGreaterThan(line.h);
    expect(bar.y + bar.h / 2).toBe(line.y + line.h / 2);
  });

  it('finds the segment under the pointer, an attempt before the wait around it, nothing in empty space', () => {
    const window = { rowHeight: 20, top: 0 };
    expect(hitTest(rows, scale, window, 300, 10)).toEqual({ row: 0, seg: 0 });
    expect(hitTest(rows, scale, window, 501, 30)).toEqual({ row: 1, seg: 1 }); // the 3 ms attempt, not the waits beside it
    expect(hitTest(rows, scale, window, 600, 30)).toEqual({ row: 1, seg: 2 });
    expect(hitTest(rows, scale, window, 98, 50)).toEqual({ row: 2, seg: 0 });
    expect(hitTest(rows, scale, window, 900, 10)).toBeNull();
    expect(hitTest(rows, scale, window, 300, 500)).toBeNull();
  });

  it('counts the most attempts that overlapped, back-to-back ones not overlapping', () => {
    expect(peakConcurrency(rows)).toEqual({ count: 1, at: T0 });
    const parallel = ganttRows({
      runStartedAt: T0,
      now: T0,
      tasks: [task(1, 'a'), task(2, 'b'), task(3, 'c')],
      attempts: [attempt(1, 1, T0, T0 + 100), attempt(2, 1, T0 + 50, T0 + 150), attempt(3, 1, T0 + 60, T0 + 70)],
    });
    expect(peakConcurrency(parallel)).toEqual({ count: 3, at: T0 + 60 });
  });
});

describe('keyboard steps through segments', () => {
  const rows = ganttRows({
    runStartedAt: T0,
    now: T0 + 10_000,
    tasks: [task(1, 'a', { finishedAt: T0 + 2_000 }), task(2, 'b', { finishedAt: T0 + 9_000 }), task(3, 'c', { finishedAt: T0 + 9_000 })],
    attempts: [attempt(1, 1, T0, T0 + 2_000), attempt(2, 1, T0 + 2_000, T0 + 3_000, { state: 'failed' }), attempt(2, 2, T0 + 8_000, T0 + 9_000), attempt(3, 1, T0 + 8_500, T0 + 9_000)],
  });

  it('starts at the first segment and moves left and right within a row, stopping at its ends', () => {
    expect(stepSegment(rows, null, 'ArrowDown')).toEqual({ row: 0, seg: 0 });
    const waitFirst = ganttRows({ runStartedAt: T0, now: T0, tasks: [task(9, 'late', { finishedAt: T0 + 9 })], attempts: [attempt(9, 1, T0 + 5, T0 + 9)] });
    expect(stepSegment(waitFirst, null, 'ArrowDown')).toEqual({ row: 0, seg: 1 }); // its attempt, not the wait before it
    expect(stepSegment(rows, { row: 1, seg: 0 }, 'ArrowRight')).toEqual({ row: 1, seg: 1 });
    expect(stepSegment(rows, { row: 1, seg: 3 }, 'ArrowRight')).toEqual({ row: 1, seg: 3 });
    expect(stepSegment(rows, { row: 1, seg: 0 }, 'ArrowLeft')).toEqual({ row: 1, seg: 0 });
    expect(stepSegment(rows, { row: 1, seg: 1 }, 'End')).toEqual({ row: 1, seg: 3 });
    expect(stepSegment(rows, { row: 1, seg: 3 }, 'Home')).toEqual({ row: 1, seg: 0 });
  });

  it('moves up and down to the segment nearest in time, a page of rows at most to the last', () => {
    expect(stepSegment(rows, { row: 0, seg: 0 }, 'ArrowDown')).toEqual({ row: 1, seg: 0 }); // b's wait covers a's attempt
    expect(stepSegment(rows, { row: 1, seg: 3 }, 'ArrowDown')).toEqual({ row: 2, seg: 1 }); // c's attempt, not its wait
    expect(stepSegment(rows, { row: 2, seg: 1 }, 'ArrowDown')).toEqual({ row: 2, seg: 1 });
    expect(stepSegment(rows, { row: 0, seg: 0 }, 'PageDown')).toMatchObject({ row: 2 });
    expect(stepSegment(rows, { row: 2, seg: 1 }, 'PageUp')).toEqual({ row: 0, seg: 0 });
    expect(stepSegment([], null, 'ArrowDown')).toBeNull();
  });
});
