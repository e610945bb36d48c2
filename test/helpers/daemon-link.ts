/**
 * The shell's DaemonLink on a real daemon, without Electron: plain node
 * stands in for the utility process and runs exactly daemonLaunchSpec (the
 * same entry and arguments as `tickwork up`). For the link and quit tests.
 */
import path from 'node:path';
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { exitOf } from './cli.js';
import { daemonLaunchSpec, type DaemonLaunchSpec } from '../../electron/app/daemon-connection.js';
import { startDaemonLink, type DaemonChild, type ShellDaemon } from '../../electron/app/daemon-link.js';

/** The bundled CLI the shell forks (`npm run build` first). */
export const CLI_ENTRY = path.resolve(__dirname, '..', '..', 'dist', 'cli.cjs');

/** A test's cleanups, run newest first in its afterEach. */
export type Cleanups = Array<() => Promise<void> | void>;

/** A started link: the daemon it gives the shell, what it forked, and what it logged. */
export interface TestLink {
  readonly daemon: ShellDaemon;
  readonly forks: Array<{ readonly spec: DaemonLaunchSpec; readonly child: ChildProcess }>;
  readonly lines: string[];
}

/** Kills `child` (SIGKILL) at cleanup if it still runs, and waits for its exit. */
export function killOnCleanup(child: ChildProcess, cleanups: Cleanups): void {
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitOf(child);
  });
}

/** A link on `home` serving `project`, whose forks run under plain node once `gate` resolves; it and its forks join `cleanups`. */
export function startTestLink(home: string, project: string, cleanups: Cleanups, gate: Promise<void> = Promise.resolve()): TestLink {
  const forks: Array<{ spec: DaemonLaunchSpec; child: ChildProcess }> = [];
  const lines: string[] = [];
  const fork = async (spec: DaemonLaunchSpec): Promise<DaemonChild> => {
    const child = spawn(process.execPath, [spec.modulePath, ...spec.args], { env: { ...spec.env }, stdio: 'ignore' });
    killOnCleanup(child, cleanups);
    await once(child, 'spawn');
    forks.push({ spec, child });
    return { pid: child.pid!, kill: () => void child.kill('SIGTERM'), onExit: (listener) => void child.once('exit', (code) => listener(code ?? 128)) };
  };
  const daemon = startDaemonLink({
    homeRoot: home,
    log: (line) => lines.push(line),
    launchSpec: async () => {
      await gate;
      return daemonLaunchSpec({ cliEntry: CLI_ENTRY, projects: [project], homeRoot: home, env: process.env });
    },
    fork,
  });
  cleanups.push(() => daemon.dispose());
  return { daemon, forks, lines };
}

/** Resolves once the link is connected (`true`) or not (`false`): at once when it already is. */
export function connection(daemon: ShellDaemon, connected: boolean): Promise<void> {
  return new Promise((resolve) => {
    if ((daemon.current() !== null) === connected) return resolve();
    const off = daemon.onConnection((now) => {
      if (now !== connected) return;
      off();
      resolve();
    });
  });
}
