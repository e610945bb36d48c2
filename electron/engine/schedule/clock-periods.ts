/**
 * Recording the laptop's own time for the timeline: sleeps (a wall-clock
 * jump the scheduler's heartbeat noticed, or the shell's suspend/resume),
 * clock changes, and the gap between the previous daemon's last heartbeat
 * and this daemon's start. Each recorded period is also a `clock` event, so
 * live views draw it at once.
 *
 * A heartbeat cannot tell a sleep from a clock set forward (both move wall
 * time and not monotonic time): it records a forward jump as a sleep and a
 * backward one as a clock change; a power event says which it was.
 */
import type { Db } from '../store/open-store.js';
import type { ClockPeriod } from '../../../shared/schedule-model.js';
import { appendEvent } from '../store/event-journal.js';
import { recordPeriod } from '../store/clock-period-store.js';
import { inTransaction } from '../store/statements.js';

/** Records `period` (merged with the same sleep told another way) and its event; returns it as stored. */
export function notePeriod(db: Db, period: ClockPeriod, now: number): ClockPeriod {
  return inTransaction(db, () => {
    const stored = recordPeriod(db, period, now);
    appendEvent(db, { at: now, kind: 'clock', data: { ...stored } });
    return stored;
  });
}

/**
 * The period a heartbeat's jump stands for: wall time moved `drift` ms more
 * (or less) than monotonic time since the beat at `lastWall`.
 */
export function jumpPeriod(lastWall: number, wall: number, drift: number): ClockPeriod {
  if (drift > 0) return { kind: 'sleep', startedAt: lastWall, endedAt: wall, source: 'heartbeat' };
  return { kind: 'clock_change', startedAt: wall, endedAt: wall, source: 'heartbeat' };
}

/** The daemon-down period before a start at `now`, given the previous daemon's last heartbeat; null when the gap is short. */
export function downPeriod(lastBeatAt: number | null, now: number, minGapMs: number): ClockPeriod | null {
  if (lastBeatAt === null || now - lastBeatAt <= minGapMs) return null;
  return { kind: 'daemon_down', startedAt: lastBeatAt, endedAt: now, source: 'daemon_start' };
}
