/** Owns `schedule_ticks`: the newest slot each schedule has handled. It only ever moves forward. */
import type { Db } from './open-store.js';
import { stmt } from './statements.js';

/** The newest slot handled for `key`, or null when the schedule never fired. */
export function lastSlot(db: Db, key: string): number | null {
  const row = stmt(db, 'SELECT last_slot FROM schedule_ticks WHERE schedule_key = ?').get(key) as { last_slot: number } | undefined;
  return row ? row.last_slot : null;
}

/** Records that `name` (e.g. the scheduler) is alive now. */
export function beat(db: Db, name: string, now: number): void {
  stmt(db, 'INSERT INTO heartbeats (name, pid, at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET pid = excluded.pid, at = excluded.at').run(name, process.pid, now);
}

/** The last heartbeat of `name`, or null. */
export function lastBeat(db: Db, name: string): { pid: number; at: number } | null {
  return (stmt(db, 'SELECT pid, at FROM heartbeats WHERE name = ?').get(name) as { pid: number; at: number } | undefined) ?? null;
}

/** Records `slot` as handled unless a newer one already is (a clock going backwards cannot rewind it). */
export function advanceSlot(db: Db, key: string, slot: number, now: number): void {
  stmt(
    db,
    `INSERT INTO schedule_ticks (schedule_key, last_slot, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(schedule_key) DO UPDATE SET last_slot = max(last_slot, excluded.last_slot), updated_at = excluded.updated_at`,
  ).run(key, slot, now);
}
