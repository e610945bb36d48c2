/** Quit on the real daemon: the policy's actions performed by settleDaemon (plain node standing in for the utility process and for the app binary). */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startDaemon } from '../helpers/daemon.js';
import { exitOf } from '../helpers/cli.js';
import { pidAlive, waitFor } from '../helpers/wait-for.js';
import { connection, startTestLink, type Cleanups } from '../helpers/daemon-link.js';
import { decideConnection, lookAtHome } from '../../electron/app/daemon-connection.js';
import { settleDaemon } from '../../electron/app/daemon-handover.js';
import { daemonLogPath } from '../../electron/engine/home.js';
import { quitPolicy } from '../../electron/app/quit-policy.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function killAtEnd(pid: number): void {
  cleanups.push(async () => {
    if (!pidAlive(pid)) return;
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !pidAlive(pid), `pid ${pid} to stop`);
  });
}

const PROJECT = 'name: quitdesk\npipelines:\n  hello: {command: ["true"]}\n';

describe('settling the daemon at quit', () => {
  it('hands the app daemon over to a detached one of the same entry, which the next launch attaches to', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const first = startTestLink(w.home, project, cleanups);
    await connection(first.daemon, true);
    const ours = first.forks[0]!.child.pid!;
    const lines: string[] = [];
    const action = quitPolicy({ keepRunningOnQuit: true, owner: first.daemon.owner() });
    expect(action.kind).toBe('hand-over');
    await settleDaemon(action, { daemon: first.daemon, execPath: process.execPath, homeRoot: w.home, log: (l) => lines.push(l) });
    expect(first.forks[0]!.child.exitCode).toBe(0);
    const decision = await waitFor(() => {
      const d = decideConnection(lookAtHome(w.home));
      return d.kind === 'attach' ? d : null;
    }, 'the handed-over daemon to serve');
    killAtEnd(decision.pid);
    expect(decision.pid).not.toBe(ours);
    expect(lines.at(-1)).toBe(`quit: the daemon continues as pid ${decision.pid} (output in ${daemonLogPath(w.home)})`);

    const next = startTestLink(w.home, project, cleanups);
    await connection(next.daemon, true);
    expect(next.forks).toHaveLength(0);
    expect(next.daemon.owner()).toBe('external');
    expect((await next.daemon.call('projects.list', {})).map((p) => p.file)).toEqual([project]);
    await waitFor(() => fs.readFileSync(daemonLogPath(w.home), 'utf8').includes(`tickwork daemon up (pid ${decision.pid}`), 'the detached daemon to log to daemon.log');
  });

  it('stops the app daemon gracefully when keep running is off, and never stops a daemon started outside the app', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const app = startTestLink(w.home, project, cleanups);
    await connection(app.daemon, true);
    await settleDaemon(quitPolicy({ keepRunningOnQuit: false, owner: app.daemon.owner() }), { daemon: app.daemon, execPath: process.execPath, homeRoot: w.home, log: () => undefined });
    expect(app.forks[0]!.child.exitCode).toBe(0);
    expect(decideConnection(lookAtHome(w.home)).kind).toBe('start');

    const external = await startDaemon(w.home, project);
    cleanups.push(async () => {
      external.child.kill('SIGTERM');
      await exitOf(external.child);
    });
    const other = startTestLink(w.home, project, cleanups);
    await connection(other.daemon, true);
    await settleDaemon(quitPolicy({ keepRunningOnQuit: false, owner: other.daemon.owner() }), { daemon: other.daemon, execPath: process.execPath, homeRoot: w.home, log: () => undefined });
    expect(external.child.exitCode).toBeNull();
    expect(decideConnection(lookAtHome(w.home))).toMatchObject({ kind: 'attach', pid: external.child.pid });
  });
});
