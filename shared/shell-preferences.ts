/**
 * The desktop app's preferences: what the shell persists, and the part of
 * it the dashboard's Preferences view may read and change over IPC (never
 * `projects`: which tickwork.yaml files the app's daemon serves decides
 * which commands run, so only the shell itself sets it).
 */
import type { AlertRule } from './alert-model.js';

/** The shell's persisted choices (app-preferences.json in the home). */
export interface ShellPreferences {
  /** Start at login, hidden in the tray. */
  readonly launchAtLogin: boolean;
  /** On quit: leave the daemon running (schedules keep firing) or stop the daemon the app started. */
  readonly keepRunningOnQuit: boolean;
  /** Desktop notifications per alert kind (absent kind: on). */
  readonly notify: Readonly<Record<string, boolean>>;
  /** tickwork.yaml files the app's daemon serves when the app starts one. */
  readonly projects: readonly string[];
}

/** The preferences a person edits in the Preferences view. */
export type DesktopPreferences = Pick<ShellPreferences, 'launchAtLogin' | 'keepRunningOnQuit' | 'notify'>;

/** The alert kinds the Preferences view offers a switch for, in its order, with their labels. */
export const NOTIFIABLE_ALERT_KINDS: ReadonlyArray<{ readonly rule: AlertRule; readonly label: string }> = [
  { rule: 'run_failed', label: 'Run failed' },
  { rule: 'retries_exhausted', label: 'Retries exhausted' },
  { rule: 'stale', label: 'Stale' },
  { rule: 'stuck', label: 'Stuck' },
  { rule: 'long_running', label: 'Long-running' },
  { rule: 'config_invalid', label: 'Config invalid' },
];

/** Whether alerts of `rule` notify under `notify` (a kind never switched is on). */
export function notifies(notify: DesktopPreferences['notify'], rule: string): boolean {
  return notify[rule] !== false;
}
