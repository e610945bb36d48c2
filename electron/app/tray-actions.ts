/**
 * A tray click made real: API calls on the daemon (run, cancel, pause,
 * resume) or a window route. No rules here: the daemon decides whether a
 * cancel or a pause changes anything, and its event stream tells the tray.
 */
import type { DaemonLink, DashboardWindows } from './shell-context.js';
import type { TrayAction } from './tray-model.js';
import type { TrayState } from './tray-state.js';
import { pauseDeadline } from './tray-text.js';

/** What performing a tray action may touch. */
export interface TrayActionContext {
  readonly daemon: Pick<DaemonLink, 'call'>;
  readonly windows: DashboardWindows;
  /** The schedules to pause or resume: the tray's current state. */
  readonly state: () => TrayState;
  readonly now: () => number;
  readonly quit: () => void;
  /** Hears a call the daemon refused (a user-facing line; the tray has nowhere else to say it). */
  readonly log: (line: string) => void;
}

/** The dashboard route a window action opens (null for an action that opens no window). */
export function trayRoute(action: TrayAction): string | null {
  switch (action.kind) {
    case 'open-run':
      return `/runs/${action.id}`;
    case 'choose-launch':
      return '/launch';
    case 'open-dashboard':
      return '/';
    case 'preferences':
      return '/preferences';
    default:
      return null;
  }
}

/** Performs `action`; resolves once every API call it made has answered (refusals are logged, not thrown). */
export async function performTrayAction(action: TrayAction, ctx: TrayActionContext): Promise<void> {
  const route = trayRoute(action);
  if (route !== null) return ctx.windows.show(route);
  const settle = async (what: string, calls: ReadonlyArray<Promise<unknown>>): Promise<void> => {
    for (const result of await Promise.allSettled(calls)) {
      if (result.status === 'rejected') ctx.log(`tray: ${what} failed: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
    }
  };
  switch (action.kind) {
    case 'cancel-run':
      return settle(`cancel run ${action.id}`, [ctx.daemon.call('runs.cancel', { id: action.id })]);
    case 'run-target':
      return settle(`run ${action.target}`, [ctx.daemon.call('runs.trigger', { project: action.project, targets: [action.target], trigger: 'tray' })]);
    case 'pause': {
      const until = pauseDeadline(action.until, ctx.now());
      return settle('pause', ctx.state().schedules.map((s) => ctx.daemon.call('schedules.pause', { key: s.key, until, reason: 'paused from the tray' })));
    }
    case 'resume':
      return settle('resume', ctx.state().schedules.filter((s) => s.paused).map((s) => ctx.daemon.call('schedules.resume', { key: s.key })));
    case 'quit':
      return ctx.quit();
  }
}
