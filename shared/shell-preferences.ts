/**
 * The desktop app's preferences: what the shell persists, and the part of
 * it the dashboard's Preferences view may read and change over IPC (never
 * `projects`: which tickwork.yaml files the app's daemon serves decides
 * which commands run, so only the shell itself sets it). `checkPreference`
 * is the one set of field checks, for both the file the shell reads
 * (electron/app/preferences.ts) and the Preferences view's IPC
 * (shell-contract.ts setPreferences).
 */
import type { AlertRule } from './alert-model.js';
import { assertNever } from './state-machines.js';
import { isAbsolutePath, isPlainObject } from './value-checks.js';

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

/** One preference value checked: the typed value, or where it is wrong (`notify` or `notify.<kind>`), what it must be and what it was. */
export type CheckedPreference<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly field: string; readonly expected: string; readonly got: unknown };

/** Alert kinds as notify keys: the rule names' shape (alert-model.ts AlertRule), bounded. */
const ALERT_KIND = /^[a-z_]{1,40}$/;

/** Checks the value of preference `name` (see the file comment). */
export function checkPreference<K extends keyof ShellPreferences>(name: K, value: unknown): CheckedPreference<ShellPreferences[K]> {
  const wrong = (expected: string, field: string = name, got: unknown = value) => ({ ok: false, field, expected, got }) as const;
  const right = (checked: unknown) => ({ ok: true, value: checked as ShellPreferences[K] }) as const;
  switch (name) {
    case 'launchAtLogin':
    case 'keepRunningOnQuit':
      return typeof value === 'boolean' ? right(value) : wrong('true or false');
    case 'notify': {
      if (!isPlainObject(value)) return wrong('an object of alert kind → true or false');
      for (const [kind, on] of Object.entries(value)) {
        if (!ALERT_KIND.test(kind) || typeof on !== 'boolean') return wrong('an alert kind set to true or false', `notify.${kind}`, on);
      }
      return right({ ...value });
    }
    case 'projects':
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && isAbsolutePath(item)) ? right([...value]) : wrong('a list of absolute tickwork.yaml paths');
    default:
      return assertNever(name);
  }
}
