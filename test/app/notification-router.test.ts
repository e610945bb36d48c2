import { describe, expect, it } from 'vitest';
import type { AlertRecord, AlertRule } from '../../shared/alert-model.js';
import type { DesktopNotification } from '../../shared/api-contract.js';
import { appNotification, clickRoute, notificationContent, ShownDeliveries } from '../../electron/app/notification-router.js';

function alert(rule: AlertRule, patch: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 7, rule, key: `${rule}|k`, severity: 'error', state: 'open', project: 'desk', pipeline: 'metrics', runId: 12, partitionKey: 'date=2026-11-20,region=US',
    title: 'metrics failed', body: 'desk · metrics · 2026-11-20 region=US: exit code 3 (run 12)', count: 1, openedAt: 1, lastSeenAt: 1, resolvedAt: null, resolution: null,
    acknowledgedAt: null, snoozedUntil: null, ...patch,
  };
}
function note(rule: AlertRule, patch: Partial<AlertRecord> = {}, extra: Partial<DesktopNotification> = {}): DesktopNotification {
  return { deliveryId: 40, change: 'opened', alert: alert(rule, patch), task: 'metrics', attempt: 2, ...extra };
}

describe('the notification router', () => {
  it('opens the failing task’s log at its attempt for a failed run, retries exhausted and a long-running attempt', () => {
    expect(clickRoute(note('run_failed'))).toBe('/runs/12/tasks/metrics?attempt=2');
    expect(clickRoute(note('retries_exhausted'))).toBe('/runs/12/tasks/metrics?attempt=2');
    expect(clickRoute(note('long_running', { severity: 'warning' }))).toBe('/runs/12/tasks/metrics?attempt=2');
    expect(clickRoute(note('run_failed', {}, { task: 'a b/c', attempt: null }))).toBe('/runs/12/tasks/a%20b%2Fc');
    expect(clickRoute(note('run_failed', {}, { task: null, attempt: null }))).toBe('/runs/12');
  });

  it('opens the run for a stuck one, the target on the Overview for stale data and a failed schedule, failed runs for an error rate, Health for an invalid config', () => {
    expect(clickRoute(note('stuck', { pipeline: 'metrics,report' }, { task: null, attempt: null }))).toBe('/runs/12');
    expect(clickRoute(note('stale', { runId: null }, { task: null, attempt: null }))).toBe('/?target=metrics');
    expect(clickRoute(note('schedule_failed', { runId: null, pipeline: 'daily' }, { task: null, attempt: null }))).toBe('/?target=daily');
    expect(clickRoute(note('error_rate', { runId: null }, { task: null, attempt: null }))).toBe('/runs?pipeline=metrics&state=failed');
    expect(clickRoute(note('config_invalid', { runId: null, pipeline: null, partitionKey: null }, { task: null, attempt: null }))).toBe('/health');
    expect(clickRoute(note('run_failed', { runId: null }, { task: null, attempt: null }))).toBe('/alerts');
  });

  it('titles with the pipeline and partition, and the body carries the reason', () => {
    const content = notificationContent(note('run_failed'), 'linux');
    expect([content.title, content.body, content.urgency]).toEqual(['metrics failed · 2026-11-20 region=US', 'desk · metrics · 2026-11-20 region=US: exit code 3 (run 12)', 'critical']);
    expect(notificationContent(note('stale', { partitionKey: null, severity: 'warning', title: 'metrics data is stale' }), 'linux')).toMatchObject({ title: 'metrics data is stale', urgency: 'normal' });
    expect(notificationContent(note('run_failed', {}, { change: 'reminder' }), 'linux').title).toBe('metrics failed · 2026-11-20 region=US (still open)');
  });

  it('offers Retry on macOS and Windows only, and only for a failed run', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      expect(notificationContent(note('run_failed'), platform)).toMatchObject({ actions: [{ type: 'button', text: 'Retry' }], retryRunId: 12 });
      expect(notificationContent(note('retries_exhausted'), platform).retryRunId).toBe(12);
      expect(notificationContent(note('stale', { runId: null }), platform)).toMatchObject({ actions: [], retryRunId: null });
      expect(notificationContent(note('long_running'), platform)).toMatchObject({ actions: [], retryRunId: null });
    }
    expect(notificationContent(note('run_failed'), 'linux')).toMatchObject({ actions: [], retryRunId: null });
  });

  it('shows a delivery the daemon handed it, unless its alert kind is switched off (node-notifier never sees it: see desktop-claims.test.ts)', () => {
    const n = note('run_failed');
    expect(appNotification({ notification: n, notify: {}, platform: 'darwin' })).toEqual(notificationContent(n, 'darwin'));
    expect(appNotification({ notification: n, notify: {}, platform: 'darwin' })?.route).toBe('/runs/12/tasks/metrics?attempt=2');
    expect(appNotification({ notification: n, notify: { run_failed: false }, platform: 'darwin' })).toBeNull();
    expect(appNotification({ notification: n, notify: { stale: false, run_failed: true }, platform: 'linux' })).not.toBeNull();
  });

  it('shows a delivery once: a reconnect handing it again is dropped, and the memory stays bounded', () => {
    const shown = new ShownDeliveries(3);
    expect([shown.first(1), shown.first(1), shown.first(2), shown.first(3), shown.first(4)]).toEqual([true, false, true, true, true]);
    expect(shown.first(1)).toBe(true); // the oldest was forgotten
    expect(shown.first(4)).toBe(false);
  });
});
