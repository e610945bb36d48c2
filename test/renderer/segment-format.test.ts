import { describe, expect, it } from 'vitest';
import { ganttRows } from '../../renderer/timeline/gantt-geometry.js';
import { clockTime, segmentOutcome, segmentSentence, segmentTitle } from '../../renderer/format/segment-format.js';

const T0 = new Date(2024, 2, 5, 9, 7, 3, 25).getTime();

describe('how a Gantt segment reads', () => {
  const [row] = ganttRows({
    runStartedAt: T0,
    now: T0 + 60_000,
    tasks: [{ id: 1, pipeline: 'flaky', topoIndex: 0, state: 'running', createdAt: T0, finishedAt: null, isTarget: true }],
    attempts: [
      { taskRunId: 1, number: 1, state: 'failed', startedAt: T0 + 500, finishedAt: T0 + 1_500, exitCode: 3, signal: null, error: 'exit code 3', killReason: null },
      { taskRunId: 1, number: 2, state: 'cancelled', startedAt: T0 + 2_000, finishedAt: T0 + 2_500, exitCode: null, signal: 'SIGTERM', error: null, killReason: 'cancel' },
      { taskRunId: 1, number: 3, state: 'running', startedAt: T0 + 3_000, finishedAt: null, exitCode: null, signal: null, error: null, killReason: null },
    ],
  });
  const [waiting, failed, retry, cancelled, , running] = row!.segments;

  it('names the attempt, the wait before it, and how it ended', () => {
    expect(clockTime(T0)).toBe('09:07:03.025');
    expect(clockTime(Date.UTC(2024, 0, 15, 14, 30, 5, 7), 'America/New_York')).toBe('09:30:05.007');
    expect(clockTime(Date.UTC(2024, 6, 15, 14, 30, 5, 7), 'America/New_York')).toBe('10:30:05.007'); // daylight saving time
    expect(clockTime(Date.UTC(2024, 6, 15, 14, 30, 5, 999), 'UTC')).toBe('14:30:05.999');
    expect([waiting, failed, retry, running].map((s) => segmentTitle(s!))).toEqual(['before its first attempt', 'attempt 1', 'before attempt 2', 'attempt 3']);
    expect(segmentOutcome(failed!, null)).toBe('exit 3'); // not `exit 3 exit code 3`
    expect(segmentOutcome(cancelled!, null)).toBe('signal SIGTERM (cancel)');
    expect(segmentOutcome(waiting!, 'ignored')).toBe('');
  });

  it('says it all in one sentence for a screen reader, an open segment ending now', () => {
    expect(segmentSentence('flaky', failed!, null)).toBe('flaky, attempt 1, failed, 09:07:03.525 to 09:07:04.525, 1.00s, exit 3');
    expect(segmentSentence('flaky', running!, null)).toMatch(/^flaky, attempt 3, running, 09:07:06\.025 to now, 57\.0s$/);
    const [blocked] = ganttRows({ runStartedAt: T0, now: T0, attempts: [], tasks: [{ id: 2, pipeline: 'report', topoIndex: 0, state: 'upstream_failed', createdAt: T0, finishedAt: T0 + 10, isTarget: false }] });
    expect(segmentSentence('report', blocked!.segments[1]!, 'upstream flaky failed')).toBe('report, no attempt, upstream failed, at 09:07:03.035, upstream flaky failed');
  });
});
