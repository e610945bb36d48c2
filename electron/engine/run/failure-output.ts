/**
 * The last lines a failed task printed, for the lines under its `✗` in
 * `run --wait` progress: read from its latest attempt's log, with secrets
 * masked the way every other printed text masks them (shared/secrets.ts:
 * values of the task's secret-named env vars, secret-named params and
 * secret-named env_passthrough variables).
 */
import type { Db } from '../store/open-store.js';
import { getRun } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { attemptsOfTask } from '../store/attempt-store.js';
import { readTail } from '../exec/local-executor.js';
import { redactText, secretValues } from '../../../shared/secrets.js';
import { renderTask, templateContext } from './render-task.js';

/** How many lines of a failed task's output progress shows. */
export const FAILURE_TAIL_LINES = 20;

/** Bytes read from the end of the log: plenty for 20 lines of ordinary output, bounded for a log of one endless line. */
const TAIL_BYTES = 16 * 1024;

/**
 * The last `max` lines of `text` with trailing blank lines dropped and
 * nothing else changed; `cut` says the text starts inside a line, which is
 * then left out unless it is all there is (shown after an ellipsis).
 */
export function lastLines(text: string, max: number, cut = false): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (cut && lines.length > 1) lines.shift();
  else if (cut && lines.length === 1) lines[0] = `…${lines[0]}`;
  return lines.slice(-max);
}

/** The last lines of output of the latest attempt of `pipeline` in run `runId`, secrets masked; [] when it has none. */
export function failedTaskOutput(db: Db, runId: number, pipeline: string, max = FAILURE_TAIL_LINES): string[] {
  const run = getRun(db, runId);
  const task = tasksOfRun(db, runId).find((t) => t.pipeline === pipeline);
  if (!run || !task) return [];
  const attempt = attemptsOfTask(db, task.id).at(-1);
  if (!attempt) return [];
  const text = readTail(attempt.logPath, TAIL_BYTES);
  const cut = Buffer.byteLength(text) >= TAIL_BYTES - 3; // readTail may skip up to 3 bytes of a split character
  let env: Readonly<Record<string, string>> = task.spec.env;
  try {
    env = renderTask(task.spec, templateContext(run, String(runId), pipeline, attempt.number)).env;
  } catch {
    // a template that cannot be filled ran nothing; its raw values are still worth masking
  }
  // Passed-through values are never stored; the process printing this is the one that passed them (or the daemon, which has them too).
  const passed: Record<string, string> = {};
  for (const name of task.spec.passthrough?.names ?? []) {
    const value = process.env[name];
    if (value !== undefined) passed[name] = value;
  }
  const secrets = secretValues(env, run.params, passed);
  return lastLines(text, max, cut).map((line) => redactText(line, secrets));
}
