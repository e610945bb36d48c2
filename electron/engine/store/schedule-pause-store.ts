/** Owns `schedule_pauses`: a row per paused schedule. The transitions (with their events) are in schedule/schedule-pause.ts. */
import type { Db } from './open-store.js';
import type { SchedulePause } from '../../../shared/schedule-model.js';
import { stmt } from './statements.js';

/** The pause row of `key` (expired or not), or null. */
export function pauseOf(db: Db, key: string): SchedulePause | null {
  const row = stmt(db, 'SELECT paused_at, until, reason FROM schedule_pauses WHERE schedule_key = ?').get(key) as PauseRow | undefined;
  return row ? toPause(row) : null;
}

/** Every pause row, by schedule key. */
export function allPauses(db: Db): Map<string, SchedulePause> {
  const rows = stmt(db, 'SELECT schedule_key, paused_at, until, reason FROM schedule_pauses').all() as Array<PauseRow & { schedule_key: string }>;
  return new Map(rows.map((row) => [row.schedule_key, toPause(row)]));
}

/** Writes the pause of `key` (a pause already there keeps its start, takes the new `until`). */
export function upsertPause(db: Db, key: string, pause: SchedulePause): void {
  stmt(
    db,
    `INSERT INTO schedule_pauses (schedule_key, paused_at, until, reason) VALUES (?, ?, ?, ?)
     ON CONFLICT(schedule_key) DO UPDATE SET until = excluded.until, reason = coalesce(excluded.reason, reason)`,
  ).run(key, pause.pausedAt, pause.until, pause.reason);
}

/** Deletes the pause of `key`; true when there was one. */
export function deletePause(db: Db, key: string): boolean {
  return stmt(db, 'DELETE FROM schedule_pauses WHERE schedule_key = ?').run(key).changes === 1;
}

/** True when `pause` holds at `now` (no `until`, or `until` still ahead). */
export function pauseHolds(pause: SchedulePause | null, now: number): boolean {
  return pause !== null && (pause.until === null || pause.until > now);
}

interface PauseRow {
  paused_at: number;
  until: number | null;
  reason: string | null;
}

function toPause(row: PauseRow): SchedulePause {
  return { pausedAt: row.paused_at, until: row.until, reason: row.reason };
}
