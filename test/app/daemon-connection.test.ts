import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { daemonLaunchSpec, decideConnection, lookAtHome } from '../../electron/app/daemon-connection.js';
import { processStartToken } from '../../electron/engine/util/process-probe.js';

/** A pid that was alive a moment ago and is dead now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid;
}

function writeLock(home: string, pid: number, start = ''): void {
  fs.writeFileSync(path.join(home, 'daemon.json'), JSON.stringify({ pid, start, startedAt: Date.now() }));
}

function writeApi(home: string, pid: number, port: number, token = 'secret-token'): void {
  fs.writeFileSync(path.join(home, 'api.json'), JSON.stringify({ port, pid }));
  fs.writeFileSync(path.join(home, 'api-token'), `${token}\n`);
}

describe('the attach-or-start decision', () => {
  it('attaches to a live daemon that serves its API, with its port, token and loopback origin', () => {
    const { home } = tempWorld();
    writeLock(home, process.pid, processStartToken(process.pid));
    writeApi(home, process.pid, 41234);
    expect(decideConnection(lookAtHome(home))).toEqual({
      kind: 'attach',
      pid: process.pid,
      endpoint: { port: 41234, token: 'secret-token', origin: 'http://127.0.0.1:41234' },
    });
  });

  it('starts a daemon when daemon.json was left by a daemon that died, even with its api.json still there', () => {
    const { home } = tempWorld();
    const pid = deadPid();
    writeLock(home, pid);
    writeApi(home, pid, 41234);
    const decision = decideConnection(lookAtHome(home));
    expect(decision).toEqual({ kind: 'start', reason: 'daemon.json names a daemon that is no longer running' });
  });

  it('starts a daemon when the home shows none', () => {
    const { home } = tempWorld();
    expect(decideConnection(lookAtHome(home))).toEqual({ kind: 'start', reason: 'no daemon runs for this home' });
  });

  it('waits while the live daemon does not serve yet, or api.json names an earlier daemon', () => {
    const { home } = tempWorld();
    writeLock(home, process.pid, processStartToken(process.pid));
    expect(decideConnection(lookAtHome(home))).toMatchObject({ kind: 'wait', pid: process.pid });
    writeApi(home, deadPid(), 41234);
    const decision = decideConnection(lookAtHome(home));
    expect(decision.kind).toBe('wait');
    expect(decision.kind === 'wait' && decision.reason).toMatch(/earlier daemon/);
  });

  it('waits on a half-written api.json or an empty token instead of attaching with nonsense', () => {
    const { home } = tempWorld();
    writeLock(home, process.pid, processStartToken(process.pid));
    fs.writeFileSync(path.join(home, 'api.json'), '{"port": 4');
    expect(decideConnection(lookAtHome(home)).kind).toBe('wait');
    writeApi(home, process.pid, 41234, '');
    expect(decideConnection(lookAtHome(home)).kind).toBe('wait');
  });
});

describe('daemonLaunchSpec', () => {
  it('is tickwork up with one --project per file, on the app home, whatever TICKWORK_HOME the app inherited', () => {
    const spec = daemonLaunchSpec({
      cliEntry: '/opt/Tickwork/resources/app.asar/dist/cli.cjs',
      projects: ['/p/a/tickwork.yaml', '/p/b b/tickwork.yaml'],
      homeRoot: '/h/home',
      env: { PATH: '/usr/bin', TICKWORK_HOME: '/elsewhere', ELECTRON_RUN_AS_NODE: '1', UNSET: undefined },
    });
    expect(spec).toEqual({
      modulePath: '/opt/Tickwork/resources/app.asar/dist/cli.cjs',
      args: ['up', '--project', '/p/a/tickwork.yaml', '--project', '/p/b b/tickwork.yaml'],
      env: { PATH: '/usr/bin', TICKWORK_HOME: '/h/home', NO_COLOR: '1' },
    });
  });
});
