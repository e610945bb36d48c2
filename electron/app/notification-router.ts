/**
 * What the shell shows for a desktop delivery (pure; setup-notifications.ts
 * shows it with Electron's Notification).
 *
 * Who shows a delivery is the daemon's choice, made per delivery
 * (engine/alerts/desktop-claims.ts): it pushes it on the app's event stream
 * while the app holds the desktop channel, and gives it to node-notifier
 * only when no app holds it — so exactly one of them, never both. A delivery
 * the app is handed is therefore its own to show or drop: an alert kind
 * switched off in the Preferences is silent (node-notifier does not show it
 * either: the daemon already gave it to the app).
 *
 * The content: title "<alert title> · <partition>", body the alert's reason,
 * a click target per alert kind (a failure opens the failing task's log at
 * its attempt), and a "Retry" action (re-run from failure) on macOS and
 * Windows, the platforms whose notifications carry action buttons.
 */
import type { AlertRule } from '../../shared/alert-model.js';
import type { DesktopNotification } from '../../shared/api-contract.js';
import { assertNever } from '../../shared/state-machines.js';
import { partitionLabel } from '../engine/alerts/alert-text.js';
import { notifies } from '../../shared/shell-preferences.js';

/** A notification to show. */
export interface NotificationContent {
  readonly deliveryId: number;
  readonly title: string;
  readonly body: string;
  /** The dashboard route a click opens. */
  readonly route: string;
  /** Action buttons, in order (Electron's `actions`). */
  readonly actions: ReadonlyArray<{ readonly type: 'button'; readonly text: string }>;
  /** The run "Retry" re-runs from failure (index 0 of `actions`), or null when there is no Retry. */
  readonly retryRunId: number | null;
  readonly urgency: 'normal' | 'critical';
}

/** Inputs of appNotification. */
export interface AppNotificationInput {
  /** A delivery the daemon pushed on the app's claiming stream. */
  readonly notification: DesktopNotification;
  /** Preferences: notifications per alert kind (absent: on). */
  readonly notify: Readonly<Record<string, boolean>>;
  readonly platform: NodeJS.Platform;
}

/** The notification the app shows for a delivery it was handed, or null when its alert kind is switched off. */
export function appNotification(input: AppNotificationInput): NotificationContent | null {
  return notifies(input.notify, input.notification.alert.rule) ? notificationContent(input.notification, input.platform) : null;
}

/** The rules whose notification offers "Retry": a run that failed. */
const RETRYABLE: ReadonlySet<AlertRule> = new Set(['run_failed', 'retries_exhausted']);

/** Title, body, click target and actions of a pushed delivery. */
export function notificationContent(notification: DesktopNotification, platform: NodeJS.Platform): NotificationContent {
  const { alert } = notification;
  const partition = partitionLabel(alert.partitionKey);
  const title = `${alert.title}${partition && !alert.title.includes(partition) ? ` · ${partition}` : ''}${notification.change === 'reminder' ? ' (still open)' : ''}`;
  const retry = (platform === 'darwin' || platform === 'win32') && RETRYABLE.has(alert.rule) && alert.runId !== null;
  return {
    deliveryId: notification.deliveryId,
    title,
    body: alert.body,
    route: clickRoute(notification),
    actions: retry ? [{ type: 'button', text: 'Retry' }] : [],
    retryRunId: retry ? alert.runId : null,
    urgency: alert.severity === 'error' ? 'critical' : 'normal',
  };
}

/** The dashboard route a click opens, per alert kind (routes of renderer/app.tsx). */
export function clickRoute(notification: DesktopNotification): string {
  const { alert, task, attempt } = notification;
  switch (alert.rule) {
    case 'run_failed':
    case 'retries_exhausted':
    case 'long_running':
      if (alert.runId === null) return '/alerts';
      if (task === null) return `/runs/${alert.runId}`;
      return `/runs/${alert.runId}/tasks/${encodeURIComponent(task)}${attempt !== null ? `?attempt=${attempt}` : ''}`;
    case 'stuck':
      return alert.runId === null ? '/alerts' : `/runs/${alert.runId}`;
    case 'stale':
    case 'schedule_failed':
      return alert.pipeline === null ? '/' : `/?target=${encodeURIComponent(alert.pipeline)}`;
    case 'error_rate':
      return alert.pipeline === null ? '/runs?state=failed' : `/runs?pipeline=${encodeURIComponent(alert.pipeline)}&state=failed`;
    case 'config_invalid':
      return '/health';
    default:
      return assertNever(alert.rule);
  }
}

/**
 * Delivery ids already shown: a reconnect that hands the same delivery again
 * shows nothing. Bounded (the oldest ids are forgotten first): ids only grow,
 * and a replay is of recent ones.
 */
export class ShownDeliveries {
  private readonly ids = new Set<number>();

  constructor(private readonly limit = 500) {}

  /** True the first time `id` is seen (and remembers it), false after. */
  first(id: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
