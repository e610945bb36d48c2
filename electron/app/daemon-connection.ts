/**
 * Attach or start: what the shell does about the daemon of its home, decided
 * from what the home shows (pure `decideConnection`; `lookAtHome` reads the
 * facts). One daemon per home, whoever started it:
 * - `daemon.json` names a live daemon and `api.json` + `api-token` say where
 *   that same process serves → attach to it;
 * - the daemon is alive but does not serve yet (starting up, or `api.json`
 *   still names an earlier pid) → wait and look again (the caller bounds it);
 * - no `daemon.json`, or one left by a dead daemon → start one (the daemon
 *   takes a stale lock over itself; see engine/daemon/daemon-lock.ts).
 * `daemonLaunchSpec` is how it is started: the same entry and arguments as
 * `tickwork up`, forked by Electron's utilityProcess (or plain node in tests).
 */
import fs from 'node:fs';
import { runningDaemon, daemonLockPath, type DaemonInfo } from '../engine/daemon/daemon-lock.js';
import { readApiFiles, type ApiFilesContent } from '../engine/home.js';
import type { DaemonEndpoint } from './shell-context.js';

/** What a home shows about its daemon (read by `lookAtHome`). */
export interface HomeDaemonFacts {
  /** The live daemon named by daemon.json, or null (none, or its pid is dead). */
  readonly daemon: DaemonInfo | null;
  /** daemon.json exists (with `daemon` null: left by a daemon that died). */
  readonly lockFilePresent: boolean;
  /** api.json's content, or null when absent or unreadable. */
  readonly api: ApiFilesContent['endpoint'];
  /** api-token's content, or null when absent or empty. */
  readonly token: string | null;
}

/** The decision; `attach` carries the endpoint and the daemon's pid. */
export type ConnectionDecision =
  | { readonly kind: 'attach'; readonly endpoint: DaemonEndpoint; readonly pid: number }
  | { readonly kind: 'wait'; readonly pid: number; readonly reason: string }
  | { readonly kind: 'start'; readonly reason: string };

/** The loopback origin of a daemon port: the only origin the window may show. */
export function daemonOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** See the file comment. */
export function decideConnection(facts: HomeDaemonFacts): ConnectionDecision {
  const { daemon, api, token } = facts;
  if (!daemon) {
    return { kind: 'start', reason: facts.lockFilePresent ? 'daemon.json names a daemon that is no longer running' : 'no daemon runs for this home' };
  }
  if (!api || api.pid !== daemon.pid) {
    return { kind: 'wait', pid: daemon.pid, reason: api ? `api.json is from an earlier daemon (pid ${api.pid}), not pid ${daemon.pid}` : `daemon pid ${daemon.pid} does not serve its API yet` };
  }
  if (!token) return { kind: 'wait', pid: daemon.pid, reason: `daemon pid ${daemon.pid} has not written its api-token yet` };
  return { kind: 'attach', pid: daemon.pid, endpoint: { port: api.port, token, origin: daemonOrigin(api.port) } };
}

/** Reads what `decideConnection` needs from the home (never throws: unreadable is absent). */
export function lookAtHome(homeRoot: string): HomeDaemonFacts {
  const { endpoint, token } = readApiFiles(homeRoot);
  return { daemon: runningDaemon(homeRoot), lockFilePresent: fs.existsSync(daemonLockPath(homeRoot)), api: endpoint, token };
}

/** What `daemonLaunchSpec` needs. */
export interface DaemonLaunchOptions {
  /** The bundled CLI (`dist/cli.cjs`, or its copy in the packaged app). */
  readonly cliEntry: string;
  /** tickwork.yaml files to serve (empty: the CLI's own default, the current directory's project). */
  readonly projects: readonly string[];
  readonly homeRoot: string;
  /** The environment to start from (the app's own). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** How to start the daemon: a module, its arguments, its environment. */
export interface DaemonLaunchSpec {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The daemon's start, exactly `tickwork up --project F …` on `homeRoot` (the utility process forks it; tests run it with node). */
export function daemonLaunchSpec(options: DaemonLaunchOptions): DaemonLaunchSpec {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  // The daemon must use the app's home whatever the environment says, and its log is a file, not a terminal.
  env.TICKWORK_HOME = options.homeRoot;
  env.NO_COLOR = '1';
  delete env.ELECTRON_RUN_AS_NODE; // set only where the launcher needs it (the detached hand-over)
  return { modulePath: options.cliEntry, args: ['up', ...options.projects.flatMap((file) => ['--project', file])], env };
}
