/** Migration 2 (never edit): how far each schedule has fired, so a restart or a wake-up catches up exactly once. */
export const migration000002 = `
CREATE TABLE schedule_ticks (
  schedule_key  TEXT PRIMARY KEY,   -- "<project file>#<pipeline|job>:<name>"
  last_slot     INTEGER NOT NULL,   -- epoch ms of the newest slot handled (fired or skipped)
  updated_at    INTEGER NOT NULL
);
`;
