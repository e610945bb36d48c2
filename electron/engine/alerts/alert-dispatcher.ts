/**
 * Sends queued alert deliveries (the outbox in delivery-store.ts): a desktop
 * notification for each opened alert, a webhook POST for each opened and
 * resolved one, a reminder for one still open when its snooze ended. Failed
 * tries go back to the queue with a doubling delay until their tries run
 * out; what an ack or a snooze made unwanted or early is dropped or moved
 * (deliveryVerdict). One pass at a time; the daemon calls `pump()`
 * after every evaluation and on its poll.
 *
 * A desktop delivery goes to the desktop app when one has claimed the
 * channel (desktop-claims.ts), else to node-notifier: one notification
 * either way, never both.
 */
import type { AlertRecord } from '../../../shared/alert-model.js';
import type { DesktopNotification } from '../../../shared/api-contract.js';
import type { Db } from '../store/open-store.js';
import { alertById } from '../store/alert-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { deferDelivery, dueDeliveries, markDropped, markSent, markTryFailed, type DeliveryRecord } from '../store/delivery-store.js';
import { deliveryVerdict } from './alert-attention.js';
import { postWebhook, webhookPayload } from './webhook.js';
import { sendDesktopNotification } from './desktop-notifier.js';
import type { DesktopClaims } from './desktop-claims.js';

/** Construction options of an AlertDispatcher. */
export interface AlertDispatcherOptions {
  readonly db: Db;
  readonly now: () => number;
  readonly log?: (line: string) => void;
  /** The desktop app's claims on the desktop channel (absent: node-notifier always). */
  readonly desktop?: DesktopClaims;
}

/** See the file comment. */
export class AlertDispatcher {
  private running: Promise<number> | null = null;
  private again = false;
  private stopping = false;

  constructor(private readonly options: AlertDispatcherOptions) {}

  /** Sends everything due now; resolves with the number of deliveries tried. Calls during a pass queue one more pass. */
  pump(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the pass in progress, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => 0);
  }

  /** Finishes the delivery in flight and sends no more (the rest stay queued for the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.idle();
  }

  private async drain(): Promise<number> {
    let tried = 0;
    do {
      this.again = false;
      for (const delivery of dueDeliveries(this.options.db, this.options.now())) {
        if (this.stopping) return tried;
        tried++;
        await this.deliver(delivery);
      }
    } while (this.again && !this.stopping);
    return tried;
  }

  private async deliver(delivery: DeliveryRecord): Promise<void> {
    const { db, now, log } = this.options;
    try {
      const alert = alertById(db, delivery.alertId);
      if (!alert) throw new Error(`alert ${delivery.alertId} is gone`);
      const verdict = deliveryVerdict(alert, delivery, now());
      if (verdict.kind === 'drop') return markDropped(db, delivery.id);
      if (verdict.kind === 'defer') return deferDelivery(db, delivery.id, verdict.until);
      await this.send(delivery, alert);
      markSent(db, delivery.id, now());
    } catch (error) {
      const message = (error as Error).message;
      try {
        markTryFailed(db, delivery, message, now());
      } catch (storeError) {
        log?.(`alert ${delivery.alertId}: could not record a failed ${delivery.channel} try: ${(storeError as Error).message}`);
        return;
      }
      const last = delivery.tries + 1 >= delivery.maxTries;
      log?.(`alert ${delivery.alertId}: ${delivery.channel} delivery failed (try ${delivery.tries + 1} of ${delivery.maxTries}${last ? ', giving up' : ''}): ${message}`);
    }
  }

  private send(delivery: DeliveryRecord, alert: AlertRecord): Promise<void> {
    if (delivery.channel === 'webhook') {
      return postWebhook(delivery.target ?? '', webhookPayload(alert, delivery.change));
    }
    const claims = this.options.desktop;
    if (claims && claims.count() > 0 && claims.push(this.desktopNotification(delivery, alert))) return Promise.resolve();
    const title = `Tickwork: ${alert.title}${delivery.change === 'reminder' ? ' (still open)' : ''}`;
    return sendDesktopNotification({ title, body: alert.body, urgency: alert.severity === 'error' ? 'critical' : 'normal' });
  }

  /** The pushed form of a desktop delivery, with the run's task the alert is about (the app opens its log). */
  private desktopNotification(delivery: DeliveryRecord, alert: AlertRecord): DesktopNotification {
    const task = alert.runId === null ? undefined : tasksOfRun(this.options.db, alert.runId).find((t) => t.pipeline === alert.pipeline);
    return {
      deliveryId: delivery.id,
      change: delivery.change === 'reminder' ? 'reminder' : 'opened',
      alert,
      task: task?.pipeline ?? null,
      attempt: task && task.attempts > 0 ? task.attempts : null,
    };
  }
}
