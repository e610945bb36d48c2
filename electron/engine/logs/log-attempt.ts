/** Which attempt's log a Logs request names: the run, its task, the attempt (default: the latest). */
import type { Db } from '../store/open-store.js';
import type { AttemptRecord } from '../../../shared/run-model.js';
import type { LogTarget } from '../../../shared/log-model.js';
import { getRun } from '../store/run-store.js';
import { tasksOfRun } from '../store/task-store.js';
import { attemptsOfTask, getAttempt } from '../store/attempt-store.js';

/** The attempt a target names, with its task's attempt numbers. */
export interface LogAttempt {
  readonly attempt: AttemptRecord;
  readonly attempts: readonly number[];
  /** The attempt is still running (read afresh at each call: its log may still grow). */
  writing(): boolean;
}

/** The attempt `target` names, or why there is none (the API answers 404 with it). */
export function findLogAttempt(db: Db, target: LogTarget): LogAttempt | { readonly missing: string } {
  if (!getRun(db, target.run)) return { missing: `no such run: ${target.run}` };
  const task = tasksOfRun(db, target.run).find((candidate) => candidate.pipeline === target.task);
  if (!task) return { missing: `run ${target.run} has no task ${target.task}` };
  const attempts = attemptsOfTask(db, task.id);
  const attempt = target.attempt === undefined ? attempts[attempts.length - 1] : attempts.find((a) => a.number === target.attempt);
  if (!attempt) {
    if (target.attempt !== undefined) return { missing: `${target.task} of run ${target.run} has no attempt ${target.attempt} (it has ${attempts.length})` };
    const why = task.cachedFrom !== null ? ` (it reused the result of task run ${task.cachedFrom})` : ` (it is ${task.state})`;
    return { missing: `${target.task} of run ${target.run} ran no attempt yet${why}` };
  }
  return {
    attempt,
    attempts: attempts.map((a) => a.number),
    writing: () => getAttempt(db, attempt.id)?.finishedAt == null,
  };
}
