/**
 * Persists many promotions of one run at once: a big run's first look moves
 * hundreds of tasks pending → waiting | ready, and a statement pair per kind
 * of move (task-store moveTasksTogether) costs a fraction of a pair per task.
 */
import type { Db } from '../store/open-store.js';
import { moveTasksTogether } from '../store/task-store.js';
import type { TaskMove } from './run-graph.js';
import type { LiveRun, LiveTask } from './live-run.js';

/**
 * Persists the plain moves among `moves` (to waiting or ready, no reason)
 * grouped by kind, in their first-seen order, and reports each persisted one
 * to `onMoved`. Returns the other moves, for the caller to persist one by one
 * (a move with a reason ends its task, so none precedes a plain move of the
 * same task), or null when another process changed some task first.
 */
export function persistMovesTogether(db: Db, run: LiveRun, moves: readonly TaskMove[], now: number, onMoved: (task: LiveTask, move: TaskMove) => void): TaskMove[] | null {
  const groups = new Map<string, TaskMove[]>();
  const rest: TaskMove[] = [];
  for (const move of moves) {
    if (move.reason || (move.to !== 'waiting' && move.to !== 'ready')) {
      rest.push(move);
      continue;
    }
    const key = `${move.from}>${move.to}`;
    const group = groups.get(key) ?? [];
    group.push(move);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const { from, to } = group[0]!;
    const tasks = group.map((move) => run.tasks.get(move.pipeline)!);
    const moved = moveTasksTogether(db, run.record.id, from, to, tasks.map((task) => task.id), now);
    for (const [i, task] of tasks.entries()) if (moved.has(task.id)) onMoved(task, group[i]!);
    if (moved.size < tasks.length) return null;
  }
  return rest;
}
