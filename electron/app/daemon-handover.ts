/**
 * The daemon outliving the app: the same entry and arguments the utility
 * process ran, started detached with the app's own binary acting as Node
 * (ELECTRON_RUN_AS_NODE=1; plain node in tests), output appended to
 * `<home>/logs/daemon.log`, unref'd so the app can exit. And `settleDaemon`, which
 * performs a quit-policy action.
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { daemonLogPath, prepareHome } from '../engine/home.js';
import type { DaemonLaunchSpec } from './daemon-connection.js';
import type { ShellDaemon } from './daemon-link.js';
import type { QuitAction } from './quit-policy.js';

/** What `startDetachedDaemon` needs. */
export interface DetachedDaemonOptions {
  readonly spec: DaemonLaunchSpec;
  /** The app's binary (`process.execPath`), run as Node. */
  readonly execPath: string;
  readonly homeRoot: string;
}

/** Starts the daemon as a process of its own (its own session, no terminal); returns its pid. */
export function startDetachedDaemon(options: DetachedDaemonOptions): number {
  prepareHome(options.homeRoot);
  const out = fs.openSync(daemonLogPath(options.homeRoot), 'a', 0o600);
  try {
    const child = spawn(options.execPath, [options.spec.modulePath, ...options.spec.args], {
      env: { ...options.spec.env, ELECTRON_RUN_AS_NODE: '1' },
      detached: true,
      stdio: ['ignore', out, out],
      windowsHide: true,
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start ${options.execPath}`);
    return child.pid;
  } finally {
    fs.closeSync(out); // the child holds its own copy
  }
}

/** How long quit waits for the daemon's graceful stop (closing the API, settling the engine). */
export const STOP_TIMEOUT_MS = 15_000;

/** What `settleDaemon` needs. */
export interface SettleOptions {
  readonly daemon: ShellDaemon;
  readonly execPath: string;
  readonly homeRoot: string;
  readonly log: (line: string) => void;
}

/** Performs a quit action on the app's daemon link (closing the link first, so the daemon's own notifier takes over). */
export async function settleDaemon(action: QuitAction, options: SettleOptions): Promise<void> {
  const spec = options.daemon.ownLaunch();
  options.daemon.dispose();
  options.log(`quit: ${action.reason}`);
  if (action.kind === 'leave') return;
  const stopped = await Promise.race([options.daemon.stopOwnDaemon().then(() => true), new Promise<false>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, false).unref())]);
  if (!stopped) {
    // Electron ends it with the app; a second daemon would only find the lock taken.
    options.log(`quit: the daemon did not stop within ${STOP_TIMEOUT_MS / 1000} s${action.kind === 'hand-over' ? ': not handing it over' : ''}`);
    return;
  }
  if (action.kind === 'stop' || !spec) return;
  const pid = startDetachedDaemon({ spec, execPath: options.execPath, homeRoot: options.homeRoot });
  options.log(`quit: the daemon continues as pid ${pid} (output in ${daemonLogPath(options.homeRoot)})`);
}
