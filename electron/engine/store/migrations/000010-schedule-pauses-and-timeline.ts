/**
 * Migration 10 (never edit): what the timeline draws besides runs.
 * - schedule_pauses: a row while a schedule is paused (until a time, or until resumed);
 * - schedule_slots: slots that did not simply fire on time — skipped while paused, caught
 *   up late by a run, passed over by the catch-up policy or window, or a catch-up asked
 *   for on resume and not fired yet;
 * - clock_periods: when the machine slept (or its clock was changed) as the daemon saw it,
 *   and when no daemon ran at all.
 * run_id has no foreign key: prune may delete a run, the slot's record stays.
 */
export const migration000010 = `
CREATE TABLE schedule_pauses (
  schedule_key  TEXT PRIMARY KEY,   -- "<project file>#<pipeline|job>:<name>"
  paused_at     INTEGER NOT NULL,
  until         INTEGER,            -- resumes by itself at this instant; NULL: until resumed
  reason        TEXT
);

CREATE TABLE schedule_slots (
  schedule_key  TEXT    NOT NULL,
  slot          INTEGER NOT NULL,   -- epoch ms of the slot
  outcome       TEXT    NOT NULL,   -- paused | caught_up | skipped_by_policy | catch_up_pending
  run_id        INTEGER,            -- the run a caught-up slot led to (its first partition's)
  recorded_at   INTEGER NOT NULL,
  PRIMARY KEY (schedule_key, slot)
) WITHOUT ROWID;
CREATE INDEX schedule_slots_slot ON schedule_slots(slot);

CREATE TABLE clock_periods (
  id            INTEGER PRIMARY KEY,
  kind          TEXT    NOT NULL,   -- sleep | daemon_down | clock_change
  started_at    INTEGER NOT NULL,
  ended_at      INTEGER NOT NULL,
  source        TEXT    NOT NULL,   -- heartbeat | power_event | daemon_start
  recorded_at   INTEGER NOT NULL
);
CREATE INDEX clock_periods_end ON clock_periods(ended_at);
`;
