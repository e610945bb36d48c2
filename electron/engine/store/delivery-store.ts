/**
 * Owns `alert_deliveries.state`: the outbox of notifications.
 *
 *   pending ──sent──► sent
 *      │ ├─failed try, tries left──► pending (next_at pushed back, doubling)
 *      │ ├─failed try, none left────► failed
 *      │ ├─its alert snoozed────────► pending (next_at moved to the snooze's end, no try used)
 *      └───no longer wanted─────────► dropped (its alert acknowledged; a reminder of a resolved alert)
 *
 * Rows are queued in the transaction that opened, resolved, snoozed or
 * acknowledged the alert and delivered after it commits, so a daemon killed
 * in between delivers them on its next start.
 */
import type { Db } from './open-store.js';
import { stmt } from './statements.js';

/** A channel that delivers alerts outside the event stream. */
export type DeliveryChannel = 'desktop' | 'webhook';

/** What happened to the alert that a delivery reports (`reminder`: still open when its snooze ended). */
export type DeliveryChange = 'opened' | 'resolved' | 'reminder';

/** A delivery to queue. */
export interface NewDelivery {
  readonly alertId: number;
  readonly channel: DeliveryChannel;
  readonly target: string | null;
  readonly change: DeliveryChange;
  readonly maxTries: number;
  readonly retryDelayMs: number;
}

/** A queued delivery. */
export interface DeliveryRecord extends NewDelivery {
  readonly id: number;
  readonly state: 'pending' | 'sent' | 'failed' | 'dropped';
  readonly tries: number;
  readonly nextAt: number;
  readonly lastError: string | null;
  readonly sentAt: number | null;
}

/** Queues a delivery, due at `dueAt` (default now). */
export function queueDelivery(db: Db, delivery: NewDelivery, now: number, dueAt = now): number {
  return Number(
    stmt(
      db,
      `INSERT INTO alert_deliveries (alert_id, channel, target, change, state, max_tries, retry_delay, next_at, created_at)
       VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
    ).run(delivery.alertId, delivery.channel, delivery.target, delivery.change, delivery.maxTries, delivery.retryDelayMs, dueAt, now).lastInsertRowid,
  );
}

/**
 * The webhook that heard (or is hearing) of an alert, where its resolution
 * goes too: its first webhook delivery that was sent or is an `opened` one
 * still being tried; null when it heard nothing (say the alert was snoozed
 * from the start and resolved before its reminder was due).
 */
export function webhookTargetOf(db: Db, alertId: number): { target: string; maxTries: number; retryDelayMs: number } | null {
  const row = stmt(
    db,
    `SELECT target, max_tries, retry_delay FROM alert_deliveries
     WHERE alert_id = ? AND channel = 'webhook' AND (state = 'sent' OR (change = 'opened' AND state IN ('pending', 'failed'))) ORDER BY id LIMIT 1`,
  ).get(alertId) as { target: string; max_tries: number; retry_delay: number } | undefined;
  return row ? { target: row.target, maxTries: row.max_tries, retryDelayMs: row.retry_delay } : null;
}

/** Pending deliveries due at `now`, oldest first. */
export function dueDeliveries(db: Db, now: number, limit = 50): DeliveryRecord[] {
  return (stmt(db, "SELECT * FROM alert_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT ?").all(now, limit) as DeliveryRow[]).map(
    toRecord,
  );
}

/** Deliveries of one alert, oldest first. */
export function deliveriesOf(db: Db, alertId: number): DeliveryRecord[] {
  return (stmt(db, 'SELECT * FROM alert_deliveries WHERE alert_id = ? ORDER BY id').all(alertId) as DeliveryRow[]).map(toRecord);
}

/** Drops the alert's pending notifications (not its resolution): a person acknowledged it. */
export function dropPendingNotifications(db: Db, alertId: number): void {
  stmt(db, "UPDATE alert_deliveries SET state = 'dropped' WHERE alert_id = ? AND state = 'pending' AND change != 'resolved'").run(alertId);
}

/**
 * Makes the alert notify again at `until` on each channel it notifies on:
 * a pending notification of that channel waits until then; else a
 * `reminder` is queued for then (one per channel, however often it is snoozed).
 */
export function remindAt(db: Db, alertId: number, until: number, now: number): void {
  const channels = stmt(
    db,
    "SELECT channel, target, max_tries, retry_delay FROM alert_deliveries WHERE alert_id = ? AND change != 'resolved' GROUP BY channel, target",
  ).all(alertId) as Array<{ channel: DeliveryChannel; target: string | null; max_tries: number; retry_delay: number }>;
  for (const c of channels) {
    const moved = stmt(
      db,
      "UPDATE alert_deliveries SET next_at = max(next_at, ?) WHERE alert_id = ? AND channel = ? AND target IS ? AND state = 'pending' AND change != 'resolved'",
    ).run(until, alertId, c.channel, c.target).changes;
    if (moved === 0) queueDelivery(db, { alertId, channel: c.channel, target: c.target, change: 'reminder', maxTries: c.max_tries, retryDelayMs: c.retry_delay }, now, until);
  }
}

/** Moves a pending delivery to `at` without using a try (its alert is snoozed). */
export function deferDelivery(db: Db, id: number, at: number): void {
  stmt(db, "UPDATE alert_deliveries SET next_at = ? WHERE id = ? AND state = 'pending'").run(at, id);
}

/** Drops one pending delivery (see deliveryVerdict). */
export function markDropped(db: Db, id: number): void {
  stmt(db, "UPDATE alert_deliveries SET state = 'dropped' WHERE id = ? AND state = 'pending'").run(id);
}

/** Records a successful try. */
export function markSent(db: Db, id: number, now: number): void {
  stmt(db, "UPDATE alert_deliveries SET state = 'sent', tries = tries + 1, sent_at = ?, last_error = NULL WHERE id = ? AND state = 'pending'").run(now, id);
}

/** Records a failed try: back to the queue with a doubled delay, or failed for good when no tries are left. */
export function markTryFailed(db: Db, delivery: DeliveryRecord, error: string, now: number): void {
  const tries = delivery.tries + 1;
  if (tries >= delivery.maxTries) {
    stmt(db, "UPDATE alert_deliveries SET state = 'failed', tries = ?, last_error = ? WHERE id = ? AND state = 'pending'").run(tries, error, delivery.id);
    return;
  }
  const delay = delivery.retryDelayMs * 2 ** (tries - 1);
  stmt(db, "UPDATE alert_deliveries SET tries = ?, next_at = ?, last_error = ? WHERE id = ? AND state = 'pending'").run(tries, now + delay, error, delivery.id);
}

interface DeliveryRow {
  id: number;
  alert_id: number;
  channel: string;
  target: string | null;
  change: string;
  state: string;
  tries: number;
  max_tries: number;
  retry_delay: number;
  next_at: number;
  last_error: string | null;
  sent_at: number | null;
}

function toRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    alertId: row.alert_id,
    channel: row.channel as DeliveryChannel,
    target: row.target,
    change: row.change as DeliveryChange,
    state: row.state as DeliveryRecord['state'],
    tries: row.tries,
    maxTries: row.max_tries,
    retryDelayMs: row.retry_delay,
    nextAt: row.next_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  };
}
