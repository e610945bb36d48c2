/**
 * Migration 8 (never edit): what a person did about an alert — when it was
 * acknowledged, and until when it is snoozed (alert-attention.ts). Delivery
 * rows gain two values of existing TEXT columns, no schema change: `change`
 * `reminder` (an alert still open when its snooze ended) and `state`
 * `dropped` (a notification nobody needs any more).
 */
export const migration000008 = `
ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE alerts ADD COLUMN snoozed_until INTEGER;
CREATE INDEX alerts_key_snooze ON alerts(dedupe_key, snoozed_until);
`;
