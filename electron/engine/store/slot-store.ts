/**
 * Owns `schedule_slots`: the slots that did not simply fire on time, as the
 * timeline draws them. A slot has one record; a later outcome replaces an
 * earlier one only along paused → catch_up_pending → caught_up.
 */
import type { Db } from './open-store.js';
import type { SlotOutcome, SlotRecord } from '../../../shared/schedule-model.js';
import { stmt } from './statements.js';

/** Records `slots` of `key` with `outcome` (a slot already recorded keeps its record). */
export function recordSlots(db: Db, key: string, slots: readonly number[], outcome: SlotOutcome, now: number): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO schedule_slots (schedule_key, slot, outcome, run_id, recorded_at) VALUES (?, ?, ?, NULL, ?)');
  for (const slot of slots) insert.run(key, slot, outcome, now);
}

/** Records that `slot` was caught up late by `runId` (whatever was recorded of it before). */
export function recordCaughtUp(db: Db, key: string, slot: number, runId: number, now: number): void {
  stmt(
    db,
    `INSERT INTO schedule_slots (schedule_key, slot, outcome, run_id, recorded_at) VALUES (?, ?, 'caught_up', ?, ?)
     ON CONFLICT(schedule_key, slot) DO UPDATE SET outcome = 'caught_up', run_id = excluded.run_id, recorded_at = excluded.recorded_at`,
  ).run(key, slot, runId, now);
}

/** The paused slots of `key` recorded at or after `since` (this pause's), oldest first. */
export function pausedSlotsSince(db: Db, key: string, since: number): number[] {
  return stmt(db, "SELECT slot FROM schedule_slots WHERE schedule_key = ? AND outcome = 'paused' AND recorded_at >= ? ORDER BY slot")
    .pluck()
    .all(key, since) as number[];
}

/** Marks paused slots of `key` as catch-up asked for (resume with catchUp). */
export function markCatchUpPending(db: Db, key: string, slots: readonly number[], now: number): void {
  const update = stmt(db, "UPDATE schedule_slots SET outcome = 'catch_up_pending', recorded_at = ? WHERE schedule_key = ? AND slot = ? AND outcome = 'paused'");
  for (const slot of slots) update.run(now, key, slot);
}

/** Gives a pending catch-up that did not fire (it could not be planned, or an overlap policy declined it) its final outcome. */
export function settleCatchUp(db: Db, key: string, slot: number, outcome: SlotOutcome, now: number): void {
  stmt(db, "UPDATE schedule_slots SET outcome = ?, recorded_at = ? WHERE schedule_key = ? AND slot = ? AND outcome = 'catch_up_pending'").run(outcome, now, key, slot);
}

/** The slots of `key` whose catch-up was asked for and not fired yet, oldest first. */
export function pendingCatchUps(db: Db, key: string): number[] {
  return stmt(db, "SELECT slot FROM schedule_slots WHERE schedule_key = ? AND outcome = 'catch_up_pending' ORDER BY slot").pluck().all(key) as number[];
}

/** Every record with a slot in [from, to), oldest first (uses the slot index). */
export function slotsBetween(db: Db, from: number, to: number): SlotRecord[] {
  const rows = stmt(db, 'SELECT schedule_key, slot, outcome, run_id, recorded_at FROM schedule_slots WHERE slot >= ? AND slot < ? ORDER BY slot, schedule_key').all(from, to) as Array<{
    schedule_key: string;
    slot: number;
    outcome: SlotOutcome;
    run_id: number | null;
    recorded_at: number;
  }>;
  return rows.map((row) => ({ key: row.schedule_key, slot: row.slot, outcome: row.outcome, runId: row.run_id, recordedAt: row.recorded_at }));
}
