/** Migration 4 (never edit): data-ready marks on runs, and when a task began waiting on its gate. */
export const migration000004 = `
ALTER TABLE runs ADD COLUMN data_ready_at INTEGER;
ALTER TABLE task_runs ADD COLUMN gate_since INTEGER;
`;
