/** Starts the real daemon (`tickwork up`) for a test and hands back how to reach its API. */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startTickwork } from './cli.js';
import { waitFor } from './wait-for.js';

/** A daemon started by a test. */
export interface TestDaemon {
  readonly child: ChildProcess;
  readonly port: number;
  /** The Authorization header with this start's token. */
  readonly auth: Readonly<Record<string, string>>;
  /** Everything it printed so far (stdout and stderr). */
  log(): string;
}

/** Starts `tickwork up --project DIR…` on `home`; resolves once this process serves the API. Push `child` to your cleanup list. */
export async function startDaemon(home: string, projects: string | readonly string[], env: NodeJS.ProcessEnv = {}): Promise<TestDaemon> {
  const projectArgs = (typeof projects === 'string' ? [projects] : projects).flatMap((dir) => ['--project', dir]);
  const child = startTickwork(home, ['up', ...projectArgs], { env });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const apiFile = path.join(home, 'api.json');
  const served = (): boolean => {
    try {
      return JSON.parse(fs.readFileSync(apiFile, 'utf8')).pid === child.pid;
    } catch {
      return false;
    }
  };
  await waitFor(() => served() || child.exitCode !== null, 'the daemon to serve its API');
  if (!served()) throw new Error(`the daemon exited with ${child.exitCode}:\n${out}`);
  const { port } = JSON.parse(fs.readFileSync(apiFile, 'utf8')) as { port: number };
  const token = fs.readFileSync(path.join(home, 'api-token'), 'utf8').trim();
  return { child, port, auth: { authorization: `Bearer ${token}` }, log: () => out };
}
