/**
 * The built shell (dist/app/main.cjs) under plain node with a stand-in for
 * Electron (fake-electron.cjs): it starts the real daemon in its "utility
 * process" with the app's project, connects, and at quit hands the daemon
 * over to a detached one that the next launch would attach to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { exitOf } from '../helpers/cli.js';
import { pidAlive, waitFor } from '../helpers/wait-for.js';
import { decideConnection, lookAtHome } from '../../electron/app/daemon-connection.js';

const ROOT = path.resolve(__dirname, '..', '..');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the built shell', () => {
  it('starts the daemon in its utility process, connects, and at quit hands it over to a detached daemon', async () => {
    const w = tempWorld();
    const project = w.writeProject('name: bundledesk\npipelines:\n  hello: {command: ["true"]}\n');
    fs.writeFileSync(path.join(w.home, 'app-preferences.json'), JSON.stringify({ projects: [project] }));
    const env = { PATH: process.env.PATH, HOME: w.root, XDG_CONFIG_HOME: path.join(w.root, 'config'), TICKWORK_HOME: w.home };
    const shell = spawn(process.execPath, ['-r', path.join(__dirname, 'fake-electron.cjs'), path.join(ROOT, 'dist', 'app', 'main.cjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    shell.stdout!.on('data', (c) => (out += c));
    shell.stderr!.on('data', (c) => (out += c));
    cleanups.push(async () => {
      if (shell.exitCode === null) shell.kill('SIGKILL');
      await exitOf(shell);
    });

    await waitFor(() => /connected to the daemon at http:\/\/127\.0\.0\.1:\d+ \(pid \d+, started by this app\)/.test(out) || shell.exitCode !== null, 'the shell to connect', 30_000).catch(() => undefined);
    const utility = Number(/utility process pid (\d+)/.exec(out)?.[1]);
    expect(out, out).toMatch(/started by this app/);
    expect(decideConnection(lookAtHome(w.home))).toMatchObject({ kind: 'attach', pid: utility });

    shell.kill('SIGUSR2'); // Quit
    expect(await exitOf(shell)).toBe(0);
    expect(pidAlive(utility)).toBe(false);
    const handedOver = Number(/the daemon continues as pid (\d+)/.exec(out)?.[1]);
    cleanups.push(async () => {
      if (pidAlive(handedOver)) process.kill(handedOver, 'SIGTERM');
      await waitFor(() => !pidAlive(handedOver), 'the handed-over daemon to stop');
    });
    expect(out, out).toMatch(/quit: keep running on quit: the daemon continues on its own/);
    await waitFor(() => decideConnection(lookAtHome(w.home)).kind === 'attach', 'the handed-over daemon to serve');
    expect(decideConnection(lookAtHome(w.home))).toMatchObject({ kind: 'attach', pid: handedOver });
    expect(fs.readFileSync(path.join(w.home, 'app.log'), 'utf8')).toContain('started by this app');
  });
});
