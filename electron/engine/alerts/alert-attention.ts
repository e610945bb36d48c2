/**
 * Acknowledging and snoozing alerts: the transitions the CLI (`tickwork
 * alerts ack|snooze`), the local API (`alerts.ack`, `alerts.snooze`) and the
 * dashboard share. Each is one write transaction: the pure transition
 * (alertActionOutcome in shared/alert-model.ts, whose comment draws the
 * machine), the alert's columns with their journal event, and the
 * rescheduled notifications; the dispatcher asks deliveryVerdict before each
 * send, so a notification queued earlier still honours them.
 */
import { alertActionOutcome, attentionOf, type AlertAction, type AlertRecord } from '../../../shared/alert-model.js';
import type { Db } from '../store/open-store.js';
import { alertById, setAlertAttention } from '../store/alert-store.js';
import { dropPendingNotifications, remindAt, type DeliveryRecord } from '../store/delivery-store.js';
import { inWriteTransaction } from '../store/statements.js';

/** What an ack or snooze did. */
export type AlertActionResult =
  | { readonly kind: 'not_found' }
  /** Nothing changed: the alert is resolved, or already acknowledged. */
  | { readonly kind: 'unchanged'; readonly why: 'resolved' | 'already_acknowledged'; readonly alert: AlertRecord }
  | { readonly kind: 'done'; readonly alert: AlertRecord };

/** Acknowledges alert `id`: it sends nothing more (no reminder, no pending notification); its resolution still reaches the webhook. */
export function acknowledgeAlert(db: Db, id: number, now: number): AlertActionResult {
  return act(db, id, { kind: 'ack' }, now);
}

/** Snoozes alert `id` until `until` (> now): it, and any new alert of its key, notifies again only then, if still open. */
export function snoozeAlert(db: Db, id: number, until: number, now: number): AlertActionResult {
  if (!(until > now)) throw new RangeError('a snooze must end in the future');
  return act(db, id, { kind: 'snooze', until }, now);
}

function act(db: Db, id: number, action: AlertAction, now: number): AlertActionResult {
  return inWriteTransaction(db, (): AlertActionResult => {
    const alert = alertById(db, id);
    if (!alert) return { kind: 'not_found' };
    const outcome = alertActionOutcome(alert, action, now);
    if (!outcome.ok) return { kind: 'unchanged', why: outcome.why === 'resolved' ? 'resolved' : 'already_acknowledged', alert };
    const updated = setAlertAttention(db, alert, outcome, now);
    if (action.kind === 'ack') dropPendingNotifications(db, id);
    else remindAt(db, id, action.until, now);
    return { kind: 'done', alert: updated };
  });
}

/** What the dispatcher does with a due delivery: send it, move it to a later time, or drop it. */
export type DeliveryVerdict = { readonly kind: 'send' } | { readonly kind: 'defer'; readonly until: number } | { readonly kind: 'drop' };

/**
 * A resolution always goes. A notification of an acknowledged alert is
 * dropped; of a snoozed one, waits for the snooze's end; a reminder of an
 * alert resolved meanwhile is dropped (an `opened` one still goes, as it
 * always has: the webhook hears of the alert before its resolution).
 */
export function deliveryVerdict(alert: AlertRecord, delivery: Pick<DeliveryRecord, 'change'>, now: number): DeliveryVerdict {
  if (delivery.change === 'resolved') return { kind: 'send' };
  const attention = attentionOf(alert, now);
  if (attention === 'acknowledged') return { kind: 'drop' };
  if (attention === 'snoozed' && alert.state === 'open') return { kind: 'defer', until: alert.snoozedUntil! };
  if (delivery.change === 'reminder' && alert.state === 'resolved') return { kind: 'drop' };
  return { kind: 'send' };
}
