/**
 * The shell's DaemonLink on the real daemon, without Electron: plain node
 * stands in for the utility process and runs exactly daemonLaunchSpec (the
 * same entry and arguments as `tickwork up`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { startDaemon } from '../helpers/daemon.js';
import { exitOf, tickwork } from '../helpers/cli.js';
import { connection, killOnCleanup, startTestLink, type Cleanups } from '../helpers/daemon-link.js';
import type { ShellDaemon } from '../../electron/app/daemon-link.js';
import type { ApiEvent } from '../../shared/api-contract.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

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
    const { daemon, forks } = startTestLink(w.home, project, cleanups);
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
    killOnCleanup(external.child, cleanups);
    const { daemon, forks } = startTestLink(w.home, project, cleanups);
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
    const { daemon, forks, lines } = startTestLink(w.home, project, cleanups);
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
    killOnCleanup(external.child, cleanups);
    let open!: () => void;
    const { daemon, forks } = startTestLink(w.home, project, cleanups, new Promise<void>((resolve) => (open = resolve)));
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
