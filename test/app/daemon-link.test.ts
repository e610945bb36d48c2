/**
 * The shell's DaemonLink on the real daemon, without Electron: plain node
 * stands in for the utility process and runs exactly daemonLaunchSpec (the
 * same entry and arguments as `tickwork up`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../helpers/temp-home.js';
import { startDaemon } from '../helpers/daemon.js';
import { exitOf, tickwork } from '../helpers/cli.js';
import { daemonLaunchSpec, type DaemonLaunchSpec } from '../../electron/app/daemon-connection.js';
import { startDaemonLink, type DaemonChild, type ShellDaemon } from '../../electron/app/daemon-link.js';
import type { ApiEvent } from '../../shared/api-contract.js';

const CLI_ENTRY = path.resolve(__dirname, '..', '..', 'dist', 'cli.cjs');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function killOnCleanup(child: ChildProcess): void {
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exitOf(child);
  });
}

/** A link on `w.home` whose forks run the spec under plain node (once `gate` resolves); `forks` lists what it started. */
function link(w: TempWorld, project: string, gate: Promise<void> = Promise.resolve()): { daemon: ShellDaemon; forks: Array<{ spec: DaemonLaunchSpec; child: ChildProcess }>; lines: string[] } {
  const forks: Array<{ spec: DaemonLaunchSpec; child: ChildProcess }> = [];
  const lines: string[] = [];
  const fork = async (spec: DaemonLaunchSpec): Promise<DaemonChild> => {
    const child = spawn(process.execPath, [spec.modulePath, ...spec.args], { env: { ...spec.env }, stdio: 'ignore' });
    killOnCleanup(child);
    await once(child, 'spawn');
    forks.push({ spec, child });
    return { pid: child.pid!, kill: () => void child.kill('SIGTERM'), onExit: (listener) => void child.once('exit', (code) => listener(code ?? 128)) };
  };
  const daemon = startDaemonLink({
    homeRoot: w.home,
    log: (line) => lines.push(line),
    launchSpec: async () => {
      await gate;
      return daemonLaunchSpec({ cliEntry: CLI_ENTRY, projects: [project], homeRoot: w.home, env: process.env });
    },
    fork,
  });
  cleanups.push(() => daemon.dispose());
  return { daemon, forks, lines };
}

function connection(daemon: ShellDaemon, connected: boolean): Promise<void> {
  return new Promise((resolve) => {
    if ((daemon.current() !== null) === connected) return resolve();
    const off = daemon.onConnection((now) => {
      if (now !== connected) return;
      off();
      resolve();
    });
  });
}

function nextEvent(daemon: ShellDaemon, test: (event: ApiEvent) => boolean, timeoutMs = 15_000): Promise<ApiEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = daemon.onEvent((event) => {
      if (!test(event)) return;
      off();
      clearTimeout(timer);
      resolve(event);
    });
  });
}

const PROJECT = `
name: linkdesk
pipelines:
  hello: {command: ["true"]}
`;

describe('the shell daemon link', () => {
  it('starts the daemon as tickwork up when none runs, streams its events, and stops it gracefully', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const { daemon, forks } = link(w, project);
    await connection(daemon, true);
    expect(forks.map((f) => f.spec.args)).toEqual([['up', '--project', project]]);
    expect(daemon.owner()).toBe('app');
    expect(daemon.current()!.origin).toBe(`http://127.0.0.1:${JSON.parse(fs.readFileSync(path.join(w.home, 'api.json'), 'utf8')).port}`);

    const finished = nextEvent(daemon, (e) => e.kind === 'run' && e.to === 'succeeded');
    const { id } = await daemon.call('runs.trigger', { targets: ['hello'] });
    expect((await finished).runId).toBe(id);

    await daemon.stopOwnDaemon();
    expect(forks[0]!.child.exitCode).toBe(0); // SIGTERM: the daemon's own graceful stop
    expect(fs.existsSync(path.join(w.home, 'daemon.json'))).toBe(false);
  });

  it('attaches to a daemon someone else started, and when it stops, starts its own and resumes after the last event seen', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const external = await startDaemon(w.home, project);
    killOnCleanup(external.child);
    const { daemon, forks } = link(w, project);
    await connection(daemon, true);
    expect(daemon.owner()).toBe('external');
    const first = nextEvent(daemon, (e) => e.kind === 'run' && e.to === 'succeeded');
    await daemon.call('runs.trigger', { targets: ['hello'] });
    await first;

    const seen: ApiEvent[] = [];
    daemon.onEvent((event) => seen.push(event));
    external.child.kill('SIGTERM');
    await connection(daemon, false);
    await expect(daemon.call('projects.list', {})).rejects.toThrow('not reachable');
    await connection(daemon, true);
    expect(forks).toHaveLength(1);
    expect(daemon.owner()).toBe('app');
    const second = nextEvent(daemon, (e) => e.kind === 'run' && e.to === 'succeeded');
    const { id } = await daemon.call('runs.trigger', { targets: ['hello'] });
    expect((await second).runId).toBe(id);
    // Nothing replayed from before the break: every event after it is newer than the first run.
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seen.every((e) => e.runId === id || e.runId === null)).toBe(true);
  });

  it('starts its own daemon again when the one it started is killed', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const { daemon, forks, lines } = link(w, project);
    await connection(daemon, true);
    forks[0]!.child.kill('SIGKILL');
    await connection(daemon, false);
    await connection(daemon, true);
    expect(forks).toHaveLength(2);
    expect(daemon.owner()).toBe('app');
    expect(lines.some((line) => /the daemon this app started exited/.test(line))).toBe(true);
    const done = nextEvent(daemon, (e) => e.kind === 'run' && e.to === 'succeeded');
    await daemon.call('runs.trigger', { targets: ['hello'] });
    await done;
  });

  it('delivers after reconnecting the events of a run that happened while no daemon ran (the stream resumes after the last seq)', async () => {
    const w = tempWorld();
    const project = w.writeProject(PROJECT);
    const external = await startDaemon(w.home, project);
    killOnCleanup(external.child);
    let open!: () => void;
    const { daemon, forks } = link(w, project, new Promise<void>((resolve) => (open = resolve)));
    await connection(daemon, true);
    const seen: ApiEvent[] = [];
    daemon.onEvent((event) => seen.push(event));
    external.child.kill('SIGTERM');
    await connection(daemon, false);
    await exitOf(external.child);
    // No daemon now, and the link's own start waits on the gate: the CLI runs the pipeline in-process.
    const result = await tickwork(w.home, ['run', 'hello', '--wait', '--project', w.project]);
    expect(result.code).toBe(0);
    expect(forks).toHaveLength(0);
    const missed = nextEvent(daemon, (e) => e.kind === 'run' && e.to === 'succeeded');
    open();
    const event = await missed;
    expect(forks).toHaveLength(1);
    expect(seen.filter((e) => e.runId === event.runId).map((e) => e.kind === 'run' && e.to)).toContain('running');
  });
});
