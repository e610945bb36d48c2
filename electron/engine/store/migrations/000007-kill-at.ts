/**
 * Migration 7 (never edit): when an attempt's kill was asked for (its SIGTERM
 * sent), so an engine that adopts the attempt after a crash, or a sweep of a
 * cancelled run's leftovers, can send the SIGKILL that is due `kill_grace`
 * later instead of waiting on a process that ignores SIGTERM. The partial
 * index keeps that sweep's look for running attempts cheap on a long history.
 */
export const migration000007 = `
ALTER TABLE attempts ADD COLUMN kill_at INTEGER;
CREATE INDEX attempts_running ON attempts(task_run_id) WHERE state = 'running';
`;
