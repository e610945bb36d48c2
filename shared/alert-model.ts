/**
 * Alerts: conditions worth a human's attention, stored, deduplicated and
 * resolved when the condition clears.
 *
 * An alert is `open` from the moment its condition is first seen until it
 * clears, then `resolved` (final). While open, seeing the same condition
 * again (same dedupe key) only bumps `count` and `lastSeenAt`: one problem,
 * one notification. A later recurrence after resolution opens a new alert.
 *
 * What a person did about an open alert (its attention), beside its state:
 *
 *   unseen ──ack──► acknowledged          no reminders; a new alert after it resolves notifies again
 *   unseen | acknowledged ──snooze(until)──► snoozed
 *   snoozed ──until passes──► unseen     notified again (a reminder) if still open
 *   snoozed ──ack──► acknowledged        the reminder is dropped
 *   snoozed ──snooze(until')──► snoozed  the reminder moves to until'
 *
 * While snoozed nothing about the alert notifies, nor does a new alert for
 * the same key opened before the snooze ends (it inherits the snooze); its
 * resolution still reaches the webhook that heard of it. A resolved alert
 * takes neither action.
 */

/** What raised an alert. */
export type AlertRule = 'run_failed' | 'retries_exhausted' | 'stale' | 'error_rate' | 'long_running' | 'stuck' | 'config_invalid' | 'schedule_failed';

/** open → resolved, nothing else. */
export type AlertState = 'open' | 'resolved';

/** How loud an alert is: errors are failures, warnings are drifts (stale, slow, stuck). */
export type AlertSeverity = 'error' | 'warning';

/** One stored alert. */
export interface AlertRecord {
  readonly id: number;
  readonly rule: AlertRule;
  /** Identity of the condition: one open alert per key. */
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly state: AlertState;
  readonly project: string | null;
  readonly pipeline: string | null;
  readonly runId: number | null;
  readonly partitionKey: string | null;
  readonly title: string;
  readonly body: string;
  /** Times the condition was seen while open. */
  readonly count: number;
  readonly openedAt: number;
  readonly lastSeenAt: number;
  readonly resolvedAt: number | null;
  /** Why it was resolved (e.g. "succeeded in run 12"). */
  readonly resolution: string | null;
  /** When a person acknowledged it, or null. */
  readonly acknowledgedAt: number | null;
  /** Until when it is snoozed (notifications wait), or null. */
  readonly snoozedUntil: number | null;
}

/** What a person did about an open alert (see the file comment). */
export type AlertAttention = 'unseen' | 'acknowledged' | 'snoozed';

/** The alert's attention at `now` (a snooze that has ended counts as unseen). */
export function attentionOf(alert: Pick<AlertRecord, 'acknowledgedAt' | 'snoozedUntil'>, now: number): AlertAttention {
  if (alert.snoozedUntil !== null && alert.snoozedUntil > now) return 'snoozed';
  return alert.acknowledgedAt !== null ? 'acknowledged' : 'unseen';
}

/** What a person asks for: acknowledge, or snooze until a time. */
export type AlertAction = { readonly kind: 'ack' } | { readonly kind: 'snooze'; readonly until: number };

/** The attention columns after an action, or why the action changes nothing. */
export type AlertActionOutcome =
  | { readonly ok: true; readonly acknowledgedAt: number | null; readonly snoozedUntil: number | null }
  | { readonly ok: false; readonly why: 'resolved' | 'already_acknowledged' | 'not_in_future' };

/** The pure transition of an alert's attention (persisting it, and rescheduling its notifications, is alert-attention.ts's job). */
export function alertActionOutcome(alert: Pick<AlertRecord, 'state' | 'acknowledgedAt' | 'snoozedUntil'>, action: AlertAction, now: number): AlertActionOutcome {
  if (alert.state === 'resolved') return { ok: false, why: 'resolved' };
  if (action.kind === 'ack') {
    return attentionOf(alert, now) === 'acknowledged' ? { ok: false, why: 'already_acknowledged' } : { ok: true, acknowledgedAt: now, snoozedUntil: null };
  }
  return action.until > now ? { ok: true, acknowledgedAt: null, snoozedUntil: action.until } : { ok: false, why: 'not_in_future' };
}
