/**
 * Owns `alerts.state` (open → resolved), its attention columns
 * (acknowledged_at, snoozed_until: see shared/alert-model.ts) and the
 * monitor's journal cursor.
 * Opening or resolving an alert appends its `alert` event and queues its
 * deliveries in the same transaction, so a crash never loses a notification
 * nor sends one for an alert that was not stored.
 */
import type { AlertRecord, AlertRule, AlertSeverity } from '../../../shared/alert-model.js';
import type { AlertChannels } from '../../../shared/config-model.js';
import type { Db } from './open-store.js';
import { appendEvent } from './event-journal.js';
import { queueDelivery, webhookTargetOf } from './delivery-store.js';
import { inWriteTransaction, stmt } from './statements.js';
import { attentionOf } from '../../../shared/alert-model.js';

/** A condition as a rule sees it, before it is stored, with where its project delivers alerts. */
export type AlertDraft = Pick<AlertRecord, 'rule' | 'key' | 'severity' | 'project' | 'pipeline' | 'runId' | 'partitionKey' | 'title' | 'body'> & {
  readonly channels: AlertChannels;
};

/** Opens an alert for the draft's key, or — when one is open — counts the repeat. */
export function openAlert(db: Db, draft: AlertDraft, now: number): { alert: AlertRecord; opened: boolean } {
  return inWriteTransaction(db, () => {
    const open = openAlertByKey(db, draft.key);
    if (open) {
      stmt(db, 'UPDATE alerts SET count = count + 1, last_seen_at = ? WHERE id = ?').run(now, open.id);
      return { alert: { ...open, count: open.count + 1, lastSeenAt: now }, opened: false };
    }
    // A recurrence while its key is snoozed inherits the snooze: it notifies (as a reminder) only when the snooze ends.
    const snoozedUntil = snoozeOfKey(db, draft.key, now);
    const id = Number(
      stmt(
        db,
        `INSERT INTO alerts (rule, dedupe_key, severity, state, project, pipeline, run_id, partition_key, title, body, opened_at, last_seen_at, snoozed_until)
         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(draft.rule, draft.key, draft.severity, draft.project, draft.pipeline, draft.runId, draft.partitionKey, draft.title, draft.body, now, now, snoozedUntil)
        .lastInsertRowid,
    );
    const alert = alertById(db, id)!;
    appendEvent(db, { at: now, kind: 'alert', runId: draft.runId, from: null, to: 'open', data: eventData(alert) });
    const change = snoozedUntil === null ? 'opened' : 'reminder';
    const due = snoozedUntil ?? now;
    if (draft.channels.desktop) queueDelivery(db, { alertId: id, channel: 'desktop', target: null, change, maxTries: 3, retryDelayMs: 2_000 }, now, due);
    const hook = draft.channels.webhook;
    if (hook) queueDelivery(db, { alertId: id, channel: 'webhook', target: hook.url, change, maxTries: hook.retries + 1, retryDelayMs: hook.retryDelayMs }, now, due);
    return { alert, opened: true };
  });
}

/** Resolves the open alert of `key` (a no-op when none is open); the webhook hears about it too. */
export function resolveAlert(db: Db, key: string, resolution: string, now: number): AlertRecord | null {
  return inWriteTransaction(db, () => {
    const open = openAlertByKey(db, key);
    if (!open) return null;
    stmt(db, "UPDATE alerts SET state = 'resolved', resolved_at = ?, resolution = ? WHERE id = ? AND state = 'open'").run(now, resolution, open.id);
    const alert = alertById(db, open.id)!;
    appendEvent(db, { at: now, kind: 'alert', runId: alert.runId, from: 'open', to: 'resolved', data: eventData(alert) });
    const hook = webhookTargetOf(db, open.id);
    if (hook) queueDelivery(db, { alertId: open.id, channel: 'webhook', target: hook.target, change: 'resolved', maxTries: hook.maxTries, retryDelayMs: hook.retryDelayMs }, now);
    return alert;
  });
}

/** The attention columns of an open alert after a person acted on it, with the alert event that says so. */
export function setAlertAttention(db: Db, alert: AlertRecord, columns: Pick<AlertRecord, 'acknowledgedAt' | 'snoozedUntil'>, now: number): AlertRecord {
  stmt(db, "UPDATE alerts SET acknowledged_at = ?, snoozed_until = ? WHERE id = ? AND state = 'open'").run(columns.acknowledgedAt, columns.snoozedUntil, alert.id);
  const updated = alertById(db, alert.id)!;
  const data = { ...eventData(updated), attention: attentionOf(updated, now), ...(updated.snoozedUntil !== null && { snoozedUntil: updated.snoozedUntil }) };
  appendEvent(db, { at: now, kind: 'alert', runId: updated.runId, from: 'open', to: 'open', data });
  return updated;
}

/** The latest time an alert of `key` is snoozed until, if that is after `now`. */
function snoozeOfKey(db: Db, key: string, now: number): number | null {
  const row = stmt(db, 'SELECT max(snoozed_until) AS until FROM alerts WHERE dedupe_key = ? AND snoozed_until > ?').get(key, now) as { until: number | null };
  return row.until;
}

/** Refreshes the text of an open alert whose condition still holds (its count stays: it is the same occurrence). */
export function touchAlert(db: Db, key: string, body: string, now: number): void {
  stmt(db, "UPDATE alerts SET body = ?, last_seen_at = ? WHERE dedupe_key = ? AND state = 'open'").run(body, now, key);
}

/** The open alert with this key, if any. */
export function openAlertByKey(db: Db, key: string): AlertRecord | null {
  const row = stmt(db, "SELECT * FROM alerts WHERE dedupe_key = ? AND state = 'open'").get(key) as AlertRow | undefined;
  return row ? toRecord(row) : null;
}

/** Open alerts raised by any of `rules`. */
export function openAlertsOf(db: Db, rules: readonly AlertRule[]): AlertRecord[] {
  const rows = stmt(db, "SELECT * FROM alerts WHERE state = 'open' ORDER BY id").all() as AlertRow[];
  return rows.map(toRecord).filter((a) => rules.includes(a.rule));
}

/** Alerts newest first: open ones only unless `all`; only those of the project named `project` when given. */
export function listAlerts(db: Db, options: { all?: boolean; limit?: number; project?: string } = {}): AlertRecord[] {
  const where = [...(options.all ? [] : ["state = 'open'"]), ...(options.project !== undefined ? ['project = ?'] : [])];
  const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')} ` : ''}ORDER BY id DESC LIMIT ?`;
  const args = options.project !== undefined ? [options.project] : [];
  return (stmt(db, sql).all(...args, options.limit ?? 100) as AlertRow[]).map(toRecord);
}

/** One alert by id. */
export function alertById(db: Db, id: number): AlertRecord | null {
  const row = stmt(db, 'SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  return row ? toRecord(row) : null;
}

/** The last journal seq the alert monitor has read (0 before the first read). */
export function alertCursor(db: Db): number {
  const row = stmt(db, 'SELECT seq FROM alert_cursor WHERE id = 1').get() as { seq: number } | undefined;
  return row?.seq ?? 0;
}

/** Moves the monitor's cursor forward (never back). */
export function advanceAlertCursor(db: Db, seq: number): void {
  stmt(db, 'INSERT INTO alert_cursor (id, seq) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET seq = max(seq, excluded.seq)').run(seq);
}

interface AlertRow {
  id: number;
  rule: string;
  dedupe_key: string;
  severity: string;
  state: string;
  project: string | null;
  pipeline: string | null;
  run_id: number | null;
  partition_key: string | null;
  title: string;
  body: string;
  count: number;
  opened_at: number;
  last_seen_at: number;
  resolved_at: number | null;
  resolution: string | null;
  acknowledged_at: number | null;
  snoozed_until: number | null;
}

function toRecord(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    rule: row.rule as AlertRule,
    key: row.dedupe_key,
    severity: row.severity as AlertSeverity,
    state: row.state as AlertRecord['state'],
    project: row.project,
    pipeline: row.pipeline,
    runId: row.run_id,
    partitionKey: row.partition_key,
    title: row.title,
    body: row.body,
    count: row.count,
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    acknowledgedAt: row.acknowledged_at,
    snoozedUntil: row.snoozed_until,
  };
}

function eventData(alert: AlertRecord): Record<string, unknown> {
  return {
    alertId: alert.id,
    rule: alert.rule,
    severity: alert.severity,
    title: alert.title,
    body: alert.body,
    ...(alert.pipeline !== null && { pipeline: alert.pipeline }),
    ...(alert.partitionKey !== null && { partition: alert.partitionKey }),
    ...(alert.resolution !== null && { resolution: alert.resolution }),
  };
}
