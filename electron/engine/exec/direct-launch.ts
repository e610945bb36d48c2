/**
 * The portable launcher: Node's spawn, detached, so each attempt leads its
 * own session and process group (signalled as a group on timeout/cancel).
 */
import { spawn } from 'node:child_process';
import { wrapperArgs, wrapperEnv } from './wrapper-script.js';
import { statusPathOf } from './attempt-files.js';
import { taskEnvironment } from './task-env.js';
import { failedToStart, preflight, type AttemptProcess, type Executor, type LaunchRequest, type ProcessEnd } from './local-executor.js';

/** Spawns one attempt directly from the engine process. */
export function launchDirect(asked: LaunchRequest): AttemptProcess {
  const checked = preflight(asked);
  if ('failed' in checked) return checked.failed;
  const { request } = checked;
  const child = spawn('/bin/sh', wrapperArgs(request.command), {
    cwd: request.cwd,
    env: { ...taskEnvironment(process.env, request.env), ...wrapperEnv(request.attemptId, request.logPath, statusPathOf(request.logPath)) },
    detached: true,
    stdio: 'ignore',
  });
  const pid = child.pid;
  if (pid === undefined) return failedToStart('could not start /bin/sh');
  let detached = false;
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once('error', (error) => resolve({ kind: 'spawn_error', message: error.message }));
    child.once('exit', (code, signal) => {
      if (detached) return;
      resolve(code !== null ? { kind: 'exited', exitCode: code } : { kind: 'signalled', signal: signal ?? 'unknown' });
    });
  });
  return {
    pid,
    started: Promise.resolve(pid),
    ended,
    detach: () => {
      detached = true;
      child.unref();
    },
  };
}

/** The direct launcher as an Executor. */
export const directExecutor: Executor = { launch: launchDirect, dispose: () => undefined };
