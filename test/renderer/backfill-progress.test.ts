import { describe, expect, it } from 'vitest';
import { canRetry, doneCount, etaText, progressText } from '../../renderer/views/backfill/backfill-progress.js';
import type { BackfillCounts } from '../../shared/backfill-model.js';

const counts = (c: Partial<BackfillCounts>): BackfillCounts => {
  const all = { pending: 0, already_done: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, ...c };
  return { ...all, total: Object.values(all).reduce((a, b) => a + b, 0) };
};

describe('how backfill progress reads', () => {
  it('counts succeeded, already done, failed and cancelled partitions as done', () => {
    const c = counts({ succeeded: 4, already_done: 2, failed: 1, cancelled: 1, running: 2, pending: 10 });
    expect(doneCount(c)).toBe(8);
    expect(progressText(c)).toBe('8 of 20 partitions done, 2 running, 1 failed, 1 cancelled');
    expect(progressText(counts({ succeeded: 1 }))).toBe('1 of 1 partition done');
  });

  it('says the time left while running, how long it took once finished', () => {
    const running = { state: 'running' as const, createdAt: 0, finishedAt: null };
    expect(etaText({ ...running, etaMs: null, meanPartitionMs: null })).toBe('time left: known once a partition has finished');
    expect(etaText({ ...running, etaMs: 125_000, meanPartitionMs: 2_500 })).toBe('about 2m left (2.50s per partition)');
    expect(etaText({ ...running, etaMs: 300, meanPartitionMs: 85 })).toBe('less than a second left (85ms per partition)');
    expect(etaText({ state: 'succeeded', createdAt: 0, finishedAt: 3_700_000, etaMs: null, meanPartitionMs: 1000 })).toBe('took 1h 1m');
  });

  it('offers a retry only for a finished backfill with something left to run', () => {
    expect(canRetry({ state: 'running', counts: counts({ failed: 1 }) })).toBe(false);
    expect(canRetry({ state: 'failed', counts: counts({ failed: 1, succeeded: 3 }) })).toBe(true);
    expect(canRetry({ state: 'cancelled', counts: counts({ pending: 3 }) })).toBe(true);
    expect(canRetry({ state: 'succeeded', counts: counts({ succeeded: 3, already_done: 1 }) })).toBe(false);
  });
});
