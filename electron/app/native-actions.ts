/**
 * The checks behind the shell's native actions, apart from Electron: the
 * log file an attempt writes (it must exist, be a regular file, and lie
 * inside the home's logs directory once symlinks are resolved), and whether
 * a tickwork.yaml is one the connected daemon serves or watches (a served
 * project, or a file whose problems the Health view shows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { attemptLogPath } from '../engine/exec/attempt-files.js';
import { prepareHome } from '../engine/home.js';
import type { RevealLogParams } from '../../shared/shell-contract.js';
import type { DaemonLink } from './shell-context.js';

/** The file to reveal, or why there is none. */
export type LogFileAnswer = { readonly file: string } | { readonly problem: string };

/** Where attempt `params.attempt` of `params.task` in run `params.run` logs, under the home `homeRoot`. */
export function attemptLogFile(homeRoot: string, params: RevealLogParams): LogFileAnswer {
  const logs = prepareHome(homeRoot).logs;
  const file = attemptLogPath(logs, params.run, params.task, params.attempt);
  const name = `the log of ${params.task} (attempt ${params.attempt}) in run ${params.run}`;
  let real: string;
  let realLogs: string;
  try {
    real = fs.realpathSync(file);
    realLogs = fs.realpathSync(logs);
  } catch {
    return { problem: `${name} is not on disk yet (${file})` };
  }
  const inside = path.relative(realLogs, real);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return { problem: `${name} points outside the home's logs folder; not revealing it` };
  if (!fs.statSync(real).isFile()) return { problem: `${name} is not a file (${file})` };
  return { file: real };
}

/** Null when the connected daemon serves or watches `file`, else why it may not be opened. */
export async function projectFileProblem(daemon: Pick<DaemonLink, 'call'>, file: string): Promise<string | null> {
  const [served, health] = await Promise.all([daemon.call('projects.list', {}), daemon.call('health.get', {})]);
  if (served.some((p) => p.file === file) || health.configProblems.some((p) => p.file === file)) return null;
  return `${file} is not a project file the daemon serves`;
}
