/**
 * Alerts: conditions worth a human's attention, stored, deduplicated and
 * resolved when the condition clears.
 *
 * An alert is `open` from the moment its condition is first seen until it
 * clears, then `resolved` (final). While open, seeing the same condition
 * again (same dedupe key) only bumps `count` and `lastSeenAt`: one problem,
 * one notification. A later recurrence after resolution opens a new alert.
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
}
