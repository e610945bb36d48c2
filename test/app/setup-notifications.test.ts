import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../shared/alert-model.js';
import type { DesktopNotification } from '../../shared/api-contract.js';
import type { ShellContext } from '../../electron/app/shell-context.js';
import { setupNotifications } from '../../electron/app/setup-notifications.js';

/** Electron's Notification, recorded: options, shown, closed, and its handlers to fire. */
class FakeNotification {
  static supported = true;
  static instances: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  readonly handlers = new Map<string, (...args: unknown[]) => void>();
  shown = false;
  closed = false;
  constructor(readonly options: { title: string; body: string; actions: Array<{ text: string }> }) {
    FakeNotification.instances.push(this);
  }
  on(event: string, handler: (...args: unknown[]) => void): this {
    this.handlers.set(event, handler);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
  fire(event: string, ...args: unknown[]): void {
    this.handlers.get(event)!({}, ...args);
  }
}

function shell(platform: NodeJS.Platform, notify: Record<string, boolean> = {}) {
  const routes: Array<string | undefined> = [];
  const calls: Array<[string, unknown]> = [];
  const quit: Array<() => Promise<void> | void> = [];
  let push: (n: DesktopNotification) => void = () => {};
  const ctx = {
    electron: { Notification: FakeNotification },
    platform,
    log: () => {},
    prefs: { get: () => ({ launchAtLogin: false, keepRunningOnQuit: true, notify, projects: [] }) },
    windows: { show: (route?: string) => void routes.push(route) },
    lifecycle: { onQuit: (step: () => Promise<void> | void) => void quit.push(step) },
    daemon: {
      call: (method: string, params: unknown) => {
        calls.push([method, params]);
        return Promise.resolve({ id: 13 });
      },
      onNotification: (listener: (n: DesktopNotification) => void) => {
        push = listener;
        return () => void (push = () => {});
      },
    },
  } as unknown as ShellContext;
  return { ctx, routes, calls, quit, push: (n: DesktopNotification) => push(n) };
}

const failed = (deliveryId: number, rule: AlertRecord['rule'] = 'run_failed'): DesktopNotification => ({
  deliveryId,
  change: 'opened',
  task: 'metrics',
  attempt: 1,
  alert: {
    id: 3, rule, key: 'k', severity: 'error', state: 'open', project: 'desk', pipeline: 'metrics', runId: 12, partitionKey: 'date=2026-11-20', title: 'metrics failed',
    body: 'desk · metrics · 2026-11-20: exit code 3 (run 12)', count: 1, openedAt: 1, lastSeenAt: 1, resolvedAt: null, resolution: null, acknowledgedAt: null, snoozedUntil: null,
  },
});

describe('setupNotifications on a fake Electron surface', () => {
  it('shows a pushed delivery once; a click opens the failing task’s log; Retry re-runs from failure', async () => {
    FakeNotification.instances = [];
    const s = shell('darwin');
    setupNotifications(s.ctx);
    s.push(failed(40));
    s.push(failed(40)); // replayed after a reconnect
    expect(FakeNotification.instances).toHaveLength(1);
    const [note] = FakeNotification.instances;
    expect([note!.shown, note!.options.title, note!.options.actions.map((a) => a.text)]).toEqual([true, 'metrics failed · 2026-11-20', ['Retry']]);
    note!.fire('click');
    expect(s.routes).toEqual(['/runs/12/tasks/metrics?attempt=1']);
    note!.fire('action', 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.calls).toEqual([['runs.rerun', { id: 12, mode: 'from_failure' }]]);
    expect(s.routes.at(-1)).toBe('/runs/13');
  });

  it('is silent for a kind switched off, shows no Retry on Linux, and shows nothing where notifications are unsupported', async () => {
    FakeNotification.instances = [];
    const off = shell('linux', { run_failed: false });
    setupNotifications(off.ctx);
    off.push(failed(1));
    expect(FakeNotification.instances).toHaveLength(0);
    off.push(failed(2, 'retries_exhausted'));
    expect(FakeNotification.instances.map((n) => n.options.actions)).toEqual([[]]);
    // Quit closes what is still on screen.
    for (const step of off.quit) await step();
    expect(FakeNotification.instances[0]!.closed).toBe(true);

    FakeNotification.supported = false;
    FakeNotification.instances = [];
    const none = shell('darwin');
    setupNotifications(none.ctx);
    none.push(failed(3));
    expect(FakeNotification.instances).toHaveLength(0);
    FakeNotification.supported = true;
  });
});
