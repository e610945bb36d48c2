/**
 * Migration 7 (never edit): when an attempt's kill was asked for (its SIGTERM
 * sent), so an engine that adopts the attempt after a crash, or a sweep of a
 * cancelled run's leftovers, can send the SIGKILL that is due `kill_grace`
 * later instead of waiting on a process that ignores SIGTERM.
 */
export const migration000007 = `
ALTER TABLE attempts ADD COLUMN kill_at INTEGER;
`;
