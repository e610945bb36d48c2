/**
 * Migration 9 (never edit): the journal stays append-only, except that the
 * events of a run that `tickwork prune` deleted may go with it (retention).
 * An event of a run still in the store, or of no run at all, can still never
 * be deleted: prune deletes the run row first, then its events, in one
 * transaction.
 */
export const migration000009 = `
DROP TRIGGER events_append_only_delete;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
  WHEN OLD.run_id IS NULL OR EXISTS (SELECT 1 FROM runs WHERE id = OLD.run_id)
  BEGIN SELECT RAISE(ABORT, 'events are append-only (only the events of a pruned run may go)'); END;
`;
