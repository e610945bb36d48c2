/**
 * Where Tickwork keeps its state: `$TICKWORK_HOME`, else the platform's
 * per-user data directory.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

/** Resolved locations inside a Tickwork home. */
export interface HomePaths {
  readonly root: string;
  readonly database: string;
  readonly logs: string;
}

/** The home directory for this process (not created). */
export function resolveHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TICKWORK_HOME) return path.resolve(env.TICKWORK_HOME);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Tickwork');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tickwork');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'tickwork');
}

/** Creates (if needed) and describes the home directory. */
export function prepareHome(root: string = resolveHomeDir()): HomePaths {
  const paths = { root, database: path.join(root, 'tickwork.db'), logs: path.join(root, 'logs') };
  fs.mkdirSync(paths.logs, { recursive: true, mode: 0o700 });
  return paths;
}

/** Where a daemon's output goes when no terminal takes it (the login service's, the desktop app's): `<home>/logs/daemon.log`. */
export function daemonLogPath(homeRoot: string): string {
  return path.join(homeRoot, 'logs', 'daemon.log');
}

/** Where the daemon's local API says where it listens (`{port, pid}`) and keeps its bearer token (0600). */
export function apiFiles(homeRoot: string): { readonly endpoint: string; readonly token: string } {
  return { endpoint: path.join(homeRoot, 'api.json'), token: path.join(homeRoot, 'api-token') };
}

/** What the daemon's API files say: `api.json`'s `{port, pid}` and the token, each null when absent, half-written or empty. */
export interface ApiFilesContent {
  readonly endpoint: { readonly port: number; readonly pid: number } | null;
  readonly token: string | null;
}

/** Reads `api.json` and `api-token` (never throws: unreadable is absent, and the caller looks again). */
export function readApiFiles(homeRoot: string): ApiFilesContent {
  const files = apiFiles(homeRoot);
  return { endpoint: readEndpoint(files.endpoint), token: readToken(files.token) };
}

function readEndpoint(file: string): ApiFilesContent['endpoint'] {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { port?: unknown; pid?: unknown };
    if (typeof parsed.port !== 'number' || !Number.isInteger(parsed.port) || typeof parsed.pid !== 'number') return null;
    return { port: parsed.port, pid: parsed.pid };
  } catch {
    return null; // half-written or gone
  }
}

function readToken(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}
