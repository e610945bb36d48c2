/**
 * Desktop notifications for alerts, through node-notifier: `notify-send`
 * (libnotify) on Linux and the BSDs, Notification Center on macOS, toasts on
 * Windows and WSL.
 *
 * node-notifier reports a failing `notify-send` (no D-Bus session, no
 * notification daemon) as the callback's error, but it remembers a missing
 * `notify-send` for the rest of the process and looks it up on the engine's
 * own PATH; we look it up on the caller's PATH first, so a missing binary is
 * a clear rejection every time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * node-notifier, imported on first delivery: loading it costs ~20 ms (every
 * platform's backend), which every CLI command would otherwise pay.
 */
async function loadNotifier(): Promise<typeof import('node-notifier')> {
  return (await import('node-notifier')).default;
}

/** What an alert shows on the desktop. */
export interface DesktopNote {
  readonly title: string;
  readonly body: string;
  readonly urgency?: 'low' | 'normal' | 'critical';
}

/** Where to deliver: the environment the notifier process runs with (default: process.env). */
export interface DesktopNotifyOptions {
  readonly env?: NodeJS.ProcessEnv;
}

/** True when this platform's notifier can be started with `env` (on Linux: `notify-send` is on its PATH). */
export function desktopNotifierAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return !usesNotifySend() || findOnPath('notify-send', env.PATH) !== null;
}

/** Shows `note` on the desktop; rejects with the reason when it was not delivered. */
export function sendDesktopNotification(note: DesktopNote, options: DesktopNotifyOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  if (usesNotifySend() && findOnPath('notify-send', env.PATH) === null) {
    return Promise.reject(new Error(`desktop notification "${note.title}" was not delivered: notify-send is not on PATH (install libnotify-bin)`));
  }
  return loadNotifier().then((notifier) => new Promise((resolve, reject) => {
    const done = (err: Error | string | null): void => {
      // Exit status decides: node-notifier passes notify-send's stderr as `err` even when it exited 0.
      if (err instanceof Error) {
        reject(new Error(`desktop notification "${note.title}" was not delivered: ${reason(err)}`, { cause: err }));
      } else {
        resolve();
      }
    };
    // node-notifier has no env option: it spawns with process.env. The spawn happens synchronously
    // inside notify(), so swapping process.env around that call hands `env` to the child alone.
    withProcessEnv(env, () => notifier.notify({ title: note.title, message: note.body, urgency: note.urgency ?? 'normal' }, done));
  }));
}

/** "notify-send exited with code 1: <its stderr>" for a failed child process, else the error's message. */
function reason(err: Error & { cmd?: unknown; code?: unknown }): string {
  if (typeof err.cmd !== 'string') return err.message.trim();
  // child_process words it "Command failed: <command line>\n<stderr>".
  const output = err.message.slice(err.message.indexOf('\n') + 1).trim();
  return `${err.cmd.split(' ')[0]} exited with code ${String(err.code)}${output ? `: ${output}` : ''}`;
}

/** node-notifier's own choice of backend: notify-send on Linux (not WSL) and the BSDs. */
function usesNotifySend(): boolean {
  const type = os.type();
  if (type === 'Linux') return !isWsl();
  return /BSD$/.test(type);
}

/** WSL reports Linux but node-notifier sends Windows toasts there. */
function isWsl(): boolean {
  if (process.env.WSL_DISTRO_NAME) return true;
  try {
    return /microsoft/i.test(fs.readFileSync('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

function findOnPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function withProcessEnv<T>(env: NodeJS.ProcessEnv, fn: () => T): T {
  if (env === process.env) return fn();
  const saved = process.env;
  process.env = env;
  try {
    return fn();
  } finally {
    process.env = saved;
  }
}
