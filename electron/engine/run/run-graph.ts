/**
 * Pure dependency bookkeeping inside one run: which tasks become ready, which
 * are doomed by a failed upstream, and whether the run is over. Returns the
 * moves to persist; it changes nothing itself.
 */
import {
  isTaskBlocking,
  isTaskSatisfied,
  isTaskTerminal,
  type RunState,
  type TaskState,
} from '../../../shared/state-machines.js';

/** The part of a task the graph logic needs. */
export interface GraphTask {
  readonly pipeline: string;
  readonly state: TaskState;
  readonly upstream: readonly string[];
  /** Its wait_for gate is still closed: it may not become ready yet. */
  readonly gated?: boolean;
}

/** One task state change to persist. */
export interface TaskMove {
  readonly pipeline: string;
  readonly from: TaskState;
  readonly to: TaskState;
  readonly reason?: string;
}

/** Map of pipeline → its direct downstream pipelines within the run. */
export function downstreamIndex(tasks: Iterable<GraphTask>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const task of tasks) {
    for (const up of task.upstream) {
      const list = index.get(up) ?? [];
      list.push(task.pipeline);
      index.set(up, list);
    }
  }
  return index;
}

/**
 * Moves for every pending/waiting task whose upstream picture allows progress:
 * all satisfied → ready; any blocking → upstream_failed; pending with
 * unfinished upstream → waiting; repeated down the graph to a fixed point.
 * `seeds` limits the first look to some tasks (e.g. the downstream of the task
 * that just finished) so a 1000-task run is not rescanned on every event.
 */
export function promotions(tasks: ReadonlyMap<string, GraphTask>, downstream: ReadonlyMap<string, readonly string[]>, seeds?: Iterable<string>): TaskMove[] {
  const state = new Map<string, TaskState>();
  const stateOf = (name: string): TaskState => state.get(name) ?? tasks.get(name)?.state ?? 'pending';
  const moves: TaskMove[] = [];
  const queue = [...(seeds ?? tasks.keys())];
  const queued = new Set(queue);
  // A read index instead of shift(): shifting a 44,000-entry array moves all of it each time.
  for (let head = 0; head < queue.length; head++) {
    const name = queue[head]!;
    queued.delete(name);
    const task = tasks.get(name);
    if (!task) continue;
    const current = stateOf(name);
    if (current !== 'pending' && current !== 'waiting') continue;
    const move = nextMove(name, current, task.upstream, stateOf, task.gated === true);
    if (!move) continue;
    moves.push(move);
    state.set(name, move.to);
    for (const next of downstream.get(name) ?? []) {
      if (!queued.has(next)) {
        queued.add(next);
        queue.push(next);
      }
    }
  }
  return moves;
}

/** The move of one pending/waiting task given its upstream's states, if any. */
function nextMove(name: string, current: TaskState, upstream: readonly string[], stateOf: (name: string) => TaskState, gated: boolean): TaskMove | null {
  const blocker = upstream.find((up) => isTaskBlocking(stateOf(up)));
  if (blocker) return { pipeline: name, from: current, to: 'upstream_failed', reason: `upstream ${blocker} ${stateOf(blocker)}` };
  if (!gated && upstream.every((up) => isTaskSatisfied(stateOf(up)))) return { pipeline: name, from: current, to: 'ready' };
  return current === 'pending' ? { pipeline: name, from: current, to: 'waiting' } : null;
}

/** The run's final state once every task is terminal, else null. */
export function runOutcome(tasks: Iterable<GraphTask>): RunState | null {
  let failed = false;
  let cancelled = false;
  for (const task of tasks) {
    if (!isTaskTerminal(task.state)) return null;
    if (task.state === 'failed' || task.state === 'upstream_failed') failed = true;
    if (task.state === 'cancelled') cancelled = true;
  }
  if (failed) return 'failed';
  return cancelled ? 'cancelled' : 'succeeded';
}

/** Why a run ended as it did: its failed tasks, else the tasks that could not run. */
export function outcomeReason(tasks: Iterable<GraphTask>): string | undefined {
  const all = [...tasks];
  const failed = all.filter((t) => t.state === 'failed').map((t) => t.pipeline);
  if (failed.length) return `failed: ${failed.join(', ')}`;
  const blocked = all.filter((t) => t.state === 'upstream_failed').map((t) => t.pipeline);
  return blocked.length ? `not run: ${blocked.join(', ')}` : undefined;
}
