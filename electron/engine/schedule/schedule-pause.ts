/**
 * Pausing and resuming a schedule: the transitions (each with its journal
 * event, so every view hears of it), shared by the API and the CLI.
 *
 *   active → paused            pauseSchedule (until: optional)
 *   paused → paused            pauseSchedule again: takes the new `until`
 *   paused → active            resumeSchedule (catchUp: the policy picks which paused slots fire)
 *   paused(until ≤ now) → active   expirePause, called by the scheduler's tick
 *
 * The scheduler honours the pause (scheduler.ts): slots due while it holds
 * are recorded `paused` and never fire.
 */
import type { Db } from '../store/open-store.js';
import type { ScheduleConfig } from '../../../shared/config-model.js';
import type { SchedulePause } from '../../../shared/schedule-model.js';
import { appendEvent } from '../store/event-journal.js';
import { deletePause, pauseHolds, pauseOf, upsertPause } from '../store/schedule-pause-store.js';
import { markCatchUpPending, pausedSlotsSince } from '../store/slot-store.js';
import { inWriteTransaction } from '../store/statements.js';

/** What a pause or resume did: whether anything changed, and the pause in force afterwards. */
export interface PauseAnswer {
  readonly changed: boolean;
  readonly paused: SchedulePause | null;
  /** Slots whose catch-up a resume asked for (they fire at the scheduler's next tick). */
  readonly catchUp: readonly number[];
}

/** Pauses `key` from `now` until `until` (null: until resumed). */
export function pauseSchedule(db: Db, key: string, until: number | null, now: number, reason: string | null = null): PauseAnswer {
  return inWriteTransaction(db, () => {
    const before = pauseOf(db, key);
    const holding = pauseHolds(before, now) ? before : null;
    const pause: SchedulePause = { pausedAt: holding?.pausedAt ?? now, until, reason: reason ?? holding?.reason ?? null };
    if (!holding && before) deletePause(db, key); // an expired pause is not extended: this is a new one
    if (holding && holding.until === until) return { changed: false, paused: holding, catchUp: [] };
    upsertPause(db, key, pause);
    appendEvent(db, { at: now, kind: 'schedule', data: { key, change: 'paused', until, ...(pause.reason && { reason: pause.reason }) } });
    return { changed: true, paused: pauseOf(db, key), catchUp: [] };
  });
}

/**
 * Resumes `key`. Nothing paused is caught up unless `catchUp`: then the
 * schedule's policy picks from the slots this pause skipped — `all` every
 * one inside the catch-up window, otherwise the newest — and marks them
 * catch_up_pending for the scheduler's next tick.
 */
export function resumeSchedule(db: Db, key: string, schedule: ScheduleConfig, catchUp: boolean, now: number): PauseAnswer {
  return inWriteTransaction(db, () => {
    const before = pauseOf(db, key);
    if (!before || !pauseHolds(before, now)) {
      if (before) expirePause(db, key, now);
      return { changed: false, paused: null, catchUp: [] };
    }
    const skipped = catchUp ? pausedSlotsSince(db, key, before.pausedAt) : [];
    const chosen = schedule.catchup === 'all' ? skipped.filter((slot) => slot >= now - schedule.catchupWindowMs) : skipped.slice(-1);
    markCatchUpPending(db, key, chosen, now);
    deletePause(db, key);
    appendEvent(db, { at: now, kind: 'schedule', data: { key, change: 'resumed', catchUp: chosen } });
    return { changed: true, paused: null, catchUp: chosen };
  });
}

/** Ends a pause whose `until` has passed (the scheduler calls it in its tick's transaction). */
export function expirePause(db: Db, key: string, now: number): void {
  const pause = pauseOf(db, key);
  if (!pause || pauseHolds(pause, now)) return;
  deletePause(db, key);
  appendEvent(db, { at: now, kind: 'schedule', data: { key, change: 'resumed', by: 'until', until: pause.until } });
}
