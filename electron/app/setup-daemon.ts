/**
 * The shell's daemon: attach to the home's daemon, or start it in an
 * Electron utilityProcess (never on the main thread) with the same entry and
 * arguments as `tickwork up`; its output is appended to `<home>/logs/daemon.log`.
 * With no project remembered and no daemon running, asks once for a
 * tickwork.yaml and remembers it. The logic is in daemon-link.ts.
 */
import fs from 'node:fs';
import type { ShellContext } from './shell-context.js';
import { daemonLaunchSpec, type DaemonLaunchSpec } from './daemon-connection.js';
import { startDaemonLink, type DaemonChild, type ShellDaemon } from './daemon-link.js';
import { daemonLogPath, prepareHome } from '../engine/home.js';

/** What setupDaemon reads from the context (it comes before the window). */
export type DaemonSetupContext = Omit<ShellContext, 'daemon' | 'windows'>;

/** See the file comment. */
export function setupDaemon(ctx: DaemonSetupContext): ShellDaemon {
  let asked = false;
  const launchSpec = async (): Promise<DaemonLaunchSpec> => {
    let projects = ctx.prefs.get().projects;
    if (projects.length === 0 && !asked) {
      asked = true; // once per launch: a cancelled dialog must not come back every few seconds
      const chosen = await ctx.electron.dialog.showOpenDialog({
        title: 'Choose a Tickwork project',
        message: 'Choose the tickwork.yaml of the project Tickwork should schedule and run',
        buttonLabel: 'Use this project',
        properties: ['openFile'],
        filters: [{ name: 'Tickwork project', extensions: ['yaml', 'yml'] }],
      });
      const file = chosen.canceled ? undefined : chosen.filePaths[0];
      if (file) projects = ctx.prefs.set({ projects: [file] }).projects;
    }
    if (projects.length === 0) throw new Error('no tickwork.yaml chosen (choose one in Preferences, or start a daemon with tickwork up)');
    return daemonLaunchSpec({ cliEntry: ctx.paths.cliEntry, projects, homeRoot: ctx.homeRoot, env: ctx.env });
  };

  const fork = (spec: DaemonLaunchSpec): Promise<DaemonChild> =>
    new Promise((resolve, reject) => {
      prepareHome(ctx.homeRoot);
      const out = fs.createWriteStream(daemonLogPath(ctx.homeRoot), { flags: 'a', mode: 0o600 });
      const child = ctx.electron.utilityProcess.fork(spec.modulePath, [...spec.args], { env: { ...spec.env }, stdio: 'pipe', serviceName: 'Tickwork daemon' });
      child.stdout?.pipe(out, { end: false });
      child.stderr?.pipe(out, { end: false });
      let spawned = false;
      child.once('exit', (code) => {
        out.end();
        if (!spawned) reject(new Error(`the daemon process exited at once (code ${code})`));
      });
      child.once('spawn', () => {
        spawned = true;
        const pid = child.pid;
        if (pid === undefined) return reject(new Error('the daemon process has no pid'));
        resolve({ pid, kill: () => void child.kill(), onExit: (listener) => void child.once('exit', listener) });
      });
    });

  return startDaemonLink({ homeRoot: ctx.homeRoot, log: ctx.log, launchSpec, fork });
}
