import { describe, expect, it } from 'vitest';
import { backfillEta } from '../../../electron/engine/backfill/backfill-eta.js';
import type { BackfillCounts } from '../../../shared/backfill-model.js';

const counts = (c: Partial<BackfillCounts>): BackfillCounts => {
  const all = { pending: 0, already_done: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, ...c };
  return { ...all, total: all.pending + all.already_done + all.running + all.succeeded + all.failed + all.cancelled };
};

describe('backfill ETA', () => {
  it('is unknown before a partition finished, and null once nothing is left', () => {
    expect(backfillEta({ counts: counts({ pending: 5, running: 1 }), meanMs: null, runningSince: [0], concurrency: 1, now: 10 })).toBeNull();
    expect(backfillEta({ counts: counts({ succeeded: 5 }), meanMs: 1000, runningSince: [], concurrency: 1, now: 10 })).toBeNull();
  });

  it('spreads the pending partitions and the rest of the running ones over the concurrency', () => {
    // 2 running with 0.4 s and 1 s left, then 8 pending of 1 s over the 2 lanes as they free up: 4 each.
    expect(backfillEta({ counts: counts({ pending: 8, running: 2, succeeded: 4 }), meanMs: 1000, runningSince: [10_000, 10_600], concurrency: 2, now: 10_600 })).toBe(5000);
    expect(backfillEta({ counts: counts({ pending: 7, running: 2, succeeded: 4 }), meanMs: 1000, runningSince: [10_000, 10_600], concurrency: 2, now: 10_600 })).toBe(4400);
    // More lanes than partitions left: the pending one starts now in a free lane.
    expect(backfillEta({ counts: counts({ pending: 1, running: 1, succeeded: 4 }), meanMs: 1000, runningSince: [10_000], concurrency: 8, now: 10_200 })).toBe(1000);
    // A run past the mean counts as about to end.
    expect(backfillEta({ counts: counts({ running: 1, succeeded: 4 }), meanMs: 1000, runningSince: [0], concurrency: 1, now: 5_000 })).toBe(0);
  });
});
