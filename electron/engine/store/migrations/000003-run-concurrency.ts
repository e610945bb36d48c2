/** Migration 3 (never edit): how many runs of the same target may run at once, frozen on each run. */
export const migration000003 = `
ALTER TABLE runs ADD COLUMN max_active INTEGER;   -- null: no limit
CREATE INDEX runs_target_state ON runs(project_file, targets, state);
`;
