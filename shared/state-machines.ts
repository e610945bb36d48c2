/**
 * Run, task and attempt state machines as pure transition tables.
 *
 * Run:      queued → running → succeeded | failed | cancelled
 *           queued → cancelled (cancelled before it started)
 *
 * Task:     pending → waiting          (upstream tasks not finished yet)
 *           pending → ready            (no unfinished upstream)
 *           pending → cached           (an identical earlier result is reused)
 *           waiting → ready            (every upstream succeeded, skipped or cached)
 *           ready   → running          (an attempt started: a pool slot was free)
 *           running → succeeded | failed | skipped | retry_wait
 *           retry_wait → ready         (backoff elapsed)
 *           pending | waiting → upstream_failed   (an upstream failed or was cancelled)
 *           waiting → failed           (its wait_for gate timed out)
 *           any non-terminal → cancelled
 *
 * Attempt:  running → succeeded | failed | timed_out | lost | cancelled
 *           (`lost`: the process vanished while no engine watched it and left no exit status.)
 *
 * Nothing here performs effects: callers persist a legal transition (one SQLite
 * transaction with its event row) and only then act on it.
 */

/** States of a run. */
export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** States of one pipeline inside a run. */
export type TaskState =
  | 'pending'
  | 'waiting'
  | 'ready'
  | 'running'
  | 'retry_wait'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'upstream_failed'
  | 'cancelled'
  | 'cached';

/** States of one process execution of a task. */
export type AttemptState = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'lost' | 'cancelled';

/** Every run state, in lifecycle order. */
export const RUN_STATES: readonly RunState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** Every task state, in lifecycle order. */
export const TASK_STATES: readonly TaskState[] = [
  'pending', 'waiting', 'ready', 'running', 'retry_wait',
  'succeeded', 'failed', 'skipped', 'upstream_failed', 'cancelled', 'cached',
];

const RUN_TRANSITIONS: Readonly<Record<RunState, readonly RunState[]>> = {
  queued: ['running', 'cancelled'],
  running: ['succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

const TASK_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  pending: ['waiting', 'ready', 'cached', 'upstream_failed', 'cancelled'],
  waiting: ['ready', 'upstream_failed', 'failed', 'cancelled'],
  ready: ['running', 'cancelled'],
  running: ['succeeded', 'failed', 'skipped', 'retry_wait', 'cancelled'],
  retry_wait: ['ready', 'cancelled'],
  succeeded: [],
  failed: [],
  skipped: [],
  upstream_failed: [],
  cancelled: [],
  cached: [],
};

const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptState, readonly AttemptState[]>> = {
  running: ['succeeded', 'failed', 'timed_out', 'lost', 'cancelled'],
  succeeded: [],
  failed: [],
  timed_out: [],
  lost: [],
  cancelled: [],
};

/** Thrown when code asks for a transition the tables forbid (a bug, not a user error). */
export class IllegalTransitionError extends Error {
  constructor(readonly machine: 'run' | 'task' | 'attempt', readonly from: string, readonly to: string) {
    super(`illegal ${machine} transition ${from} → ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** True when a run may move from `from` to `to`. */
export function canRunTransition(from: RunState, to: RunState): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

/** True when a task may move from `from` to `to`. */
export function canTaskTransition(from: TaskState, to: TaskState): boolean {
  return TASK_TRANSITIONS[from].includes(to);
}

/** True when an attempt may move from `from` to `to`. */
export function canAttemptTransition(from: AttemptState, to: AttemptState): boolean {
  return ATTEMPT_TRANSITIONS[from].includes(to);
}

/** Throws IllegalTransitionError unless the run transition is legal. */
export function assertRunTransition(from: RunState, to: RunState): void {
  if (!canRunTransition(from, to)) throw new IllegalTransitionError('run', from, to);
}

/** Throws IllegalTransitionError unless the task transition is legal. */
export function assertTaskTransition(from: TaskState, to: TaskState): void {
  if (!canTaskTransition(from, to)) throw new IllegalTransitionError('task', from, to);
}

/** Throws IllegalTransitionError unless the attempt transition is legal. */
export function assertAttemptTransition(from: AttemptState, to: AttemptState): void {
  if (!canAttemptTransition(from, to)) throw new IllegalTransitionError('attempt', from, to);
}

/** True for run states that never change again. */
export function isRunTerminal(state: RunState): boolean {
  return RUN_TRANSITIONS[state].length === 0;
}

/** True for task states that never change again. */
export function isTaskTerminal(state: TaskState): boolean {
  return TASK_TRANSITIONS[state].length === 0;
}

/** True when a finished upstream task lets its downstream proceed. */
export function isTaskSatisfied(state: TaskState): boolean {
  return state === 'succeeded' || state === 'skipped' || state === 'cached';
}

/** True when a finished upstream task dooms its downstream (→ upstream_failed). */
export function isTaskBlocking(state: TaskState): boolean {
  return state === 'failed' || state === 'upstream_failed' || state === 'cancelled';
}

/** Compile-time exhaustiveness check for switches over a union. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
