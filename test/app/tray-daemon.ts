/** The daemon as the shell's utility process starts it, and a DaemonLink-shaped adapter over its HTTP + SSE, for the tray tests. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { exitOf } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { callDaemon, daemonApi, subscribeEvents, type DaemonApi } from '../../electron/cli/daemon-client.js';
import type { TraySource } from '../../electron/app/tray-feed.js';
import type { EventRecord } from '../../shared/run-model.js';
import { daemonLaunchSpec } from '../../electron/app/daemon-connection.js';
import { CLI_ENTRY } from '../helpers/daemon-link.js';

/** The utility process's entry and arguments: `tickwork up` on the app's projects. */
function launchSpec(projects: readonly string[], home: string): { entry: string; args: string[]; env: Record<string, string> } {
  // The shell's own spec: the same entry, arguments and environment the utility process is forked with.
  const spec = daemonLaunchSpec({ cliEntry: CLI_ENTRY, projects, homeRoot: home, env: process.env });
  return { entry: spec.modulePath, args: [...spec.args], env: spec.env };
}

/** Starts the daemon as the shell would (plain node standing in for the utility process); resolves once it serves. Its stop joins `cleanups`. */
export async function startShellDaemon(home: string, project: string, cleanups: Array<() => Promise<void> | void>): Promise<{ child: ChildProcess; api: DaemonApi }> {
  const spec = launchSpec([project], home);
  const child = spawn(process.execPath, [spec.entry, ...spec.args], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exitOf(child);
  });
  const servedByChild = (): boolean => {
    try {
      return JSON.parse(fs.readFileSync(path.join(home, 'api.json'), 'utf8')).pid === child.pid;
    } catch {
      return false;
    }
  };
  await waitFor(() => servedByChild() || child.exitCode !== null, 'the daemon to serve its API');
  const api = daemonApi(home);
  if (!api || !servedByChild()) throw new Error(`the daemon did not serve (exit ${child.exitCode}):\n${out}`);
  return { child, api };
}

/** A DaemonLink-shaped adapter over HTTP + SSE (what the shell's link does, minus the reconnecting). */
export function httpLink(api: DaemonApi): TraySource & { close(): void } {
  const eventListeners = new Set<(event: EventRecord) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = true;
  const subscription = subscribeEvents(api, 0, (event) => eventListeners.forEach((l) => l(event)), () => {
    connected = false;
    connectionListeners.forEach((l) => l(false));
  });
  return {
    current: () => (connected ? { port: api.port, token: api.token, origin: `http://127.0.0.1:${api.port}` } : null),
    call: (method, params) => callDaemon(api, method, params),
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close: () => subscription.close(),
  };
}
