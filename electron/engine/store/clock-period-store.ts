/**
 * Owns `clock_periods`: when the machine slept (or its clock changed) as the
 * daemon saw it, and when no daemon ran. The same sleep is often told twice
 * — by the shell's power events and by the scheduler's heartbeat — so a new
 * period overlapping (or within MERGE_GAP_MS of) one of the same kind is
 * merged into it rather than added; a power event's bounds win over a
 * heartbeat's estimate.
 */
import type { Db } from './open-store.js';
import type { ClockPeriod } from '../../../shared/schedule-model.js';
import { inTransaction, stmt } from './statements.js';

/** Periods of one kind closer than this are one period. */
export const MERGE_GAP_MS = 15_000;

/** Records `period` (merged with an overlapping one of its kind); returns the period as stored. */
export function recordPeriod(db: Db, period: ClockPeriod, now: number): ClockPeriod {
  return inTransaction(db, () => {
    const near = stmt(
      db,
      'SELECT id, started_at, ended_at, source FROM clock_periods WHERE kind = ? AND ended_at >= ? AND started_at <= ? ORDER BY started_at',
    ).all(period.kind, period.startedAt - MERGE_GAP_MS, period.endedAt + MERGE_GAP_MS) as Array<{ id: number; started_at: number; ended_at: number; source: ClockPeriod['source'] }>;
    if (near.length === 0) {
      stmt(db, 'INSERT INTO clock_periods (kind, started_at, ended_at, source, recorded_at) VALUES (?, ?, ?, ?, ?)').run(period.kind, period.startedAt, period.endedAt, period.source, now);
      return period;
    }
    const [keep, ...rest] = near;
    // The shell's word is the more exact one: a power event sets the bounds, a heartbeat only widens heartbeat periods.
    const told = near.filter((p) => p.source === 'power_event');
    const bounds = period.source === 'power_event' ? [period] : told.length > 0 ? told.map(toPeriod) : [period, ...near.map(toPeriod)];
    const startedAt = Math.min(...bounds.map((p) => p.startedAt));
    const endedAt = Math.max(...bounds.map((p) => p.endedAt));
    const source = period.source === 'power_event' || told.length > 0 ? 'power_event' : keep!.source;
    stmt(db, 'UPDATE clock_periods SET started_at = ?, ended_at = ?, source = ?, recorded_at = ? WHERE id = ?').run(startedAt, endedAt, source, now, keep!.id);
    for (const other of rest) stmt(db, 'DELETE FROM clock_periods WHERE id = ?').run(other.id);
    return { kind: period.kind, startedAt, endedAt, source };
  });
}

/** Periods overlapping [from, to), oldest first. */
export function periodsBetween(db: Db, from: number, to: number): ClockPeriod[] {
  const rows = stmt(db, 'SELECT kind, started_at, ended_at, source FROM clock_periods WHERE ended_at >= ? AND started_at < ? ORDER BY started_at, id').all(from, to) as Array<{
    kind: ClockPeriod['kind'];
    started_at: number;
    ended_at: number;
    source: ClockPeriod['source'];
  }>;
  return rows.map((row) => ({ kind: row.kind, startedAt: row.started_at, endedAt: row.ended_at, source: row.source }));
}

function toPeriod(row: { started_at: number; ended_at: number }): { startedAt: number; endedAt: number } {
  return { startedAt: row.started_at, endedAt: row.ended_at };
}
