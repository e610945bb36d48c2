/**
 * Shows the daemon's desktop deliveries as Electron notifications
 * (notification-router.ts decides what and whether). The daemon link's
 * stream claims the desktop channel, so while the app is connected the
 * daemon's node-notifier stays quiet and each alert notifies once.
 *
 * Each shown notification is kept in a set until it is clicked, closed or
 * fails: Electron drops the handlers of a notification the garbage collector
 * took, and a click would then do nothing.
 */
import type { Notification as ElectronNotification } from 'electron';
import type { DesktopNotification } from '../../shared/api-contract.js';
import type { ShellContext } from './shell-context.js';
import { appNotification, ShownDeliveries, type NotificationContent } from './notification-router.js';

/** See the file comment. */
export function setupNotifications(ctx: ShellContext): void {
  const { Notification } = ctx.electron;
  if (!Notification.isSupported()) {
    ctx.log('notifications: not supported on this desktop; alerts stay in the dashboard');
    return;
  }
  const live = new Set<ElectronNotification>();
  const shown = new ShownDeliveries();

  const show = (content: NotificationContent): void => {
    const note = new Notification({ title: content.title, body: content.body, actions: [...content.actions], urgency: content.urgency });
    const forget = (): void => void live.delete(note);
    note.on('click', () => {
      forget();
      ctx.windows.show(content.route);
    });
    note.on('action', (_event, index) => {
      forget();
      if (index !== 0 || content.retryRunId === null) return;
      ctx.daemon.call('runs.rerun', { id: content.retryRunId, mode: 'from_failure' }).then(
        (answer) => ctx.windows.show(answer.id !== null ? `/runs/${answer.id}` : content.route),
        (error: Error) => ctx.log(`notifications: Retry of run ${content.retryRunId} failed: ${error.message}`),
      );
    });
    note.on('close', forget);
    note.on('failed', (_event, error) => {
      forget();
      ctx.log(`notifications: could not show "${content.title}": ${error}`);
    });
    live.add(note);
    note.show();
  };

  const onNotification = (notification: DesktopNotification): void => {
    if (!shown.first(notification.deliveryId)) return; // a replay after a reconnect
    // Pushed on the claiming stream: the daemon gave this delivery to the app, not to node-notifier.
    const content = appNotification({ notification, notify: ctx.prefs.get().notify, platform: ctx.platform });
    if (content) show(content);
  };
  const unsubscribe = ctx.daemon.onNotification(onNotification);
  ctx.lifecycle.onQuit(() => {
    unsubscribe();
    for (const note of live) note.close();
    live.clear();
  });
}
