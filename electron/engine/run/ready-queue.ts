/**
 * The ready tasks of one run, kept in start order (higher priority first,
 * then the earlier topological position), with a count of them per pool.
 * Picking a start then looks at the first task of each pool that has room
 * instead of every ready task, and passes over a run whose pools are all
 * full without looking at its tasks at all (pool-slots.ts): after each
 * settle one task starts and the scan that finds nothing more to start
 * used to walk the whole ready set, dozens of tasks on a wide DAG.
 */
import type { LiveTask } from './live-run.js';

/** See the file comment. */
export class ReadyQueue implements Iterable<LiveTask> {
  private readonly inOrder: LiveTask[] = [];
  private readonly members = new Set<LiveTask>();
  private readonly perPool = new Map<string, number>();

  constructor(tasks: Iterable<LiveTask> = []) {
    for (const task of tasks) this.add(task);
  }

  /** How many tasks are ready. */
  get size(): number {
    return this.inOrder.length;
  }

  /** The pools that hold ready tasks. */
  pools(): IterableIterator<string> {
    return this.perPool.keys();
  }

  /** How many pools hold ready tasks. */
  get poolCount(): number {
    return this.perPool.size;
  }

  has(task: LiveTask): boolean {
    return this.members.has(task);
  }

  add(task: LiveTask): void {
    if (this.members.has(task)) return;
    this.members.add(task);
    this.inOrder.splice(this.positionOf(task), 0, task);
    this.perPool.set(task.spec.pool, (this.perPool.get(task.spec.pool) ?? 0) + 1);
  }

  delete(task: LiveTask): void {
    if (!this.members.delete(task)) return;
    this.inOrder.splice(this.positionOf(task), 1);
    const left = this.perPool.get(task.spec.pool)! - 1;
    if (left === 0) this.perPool.delete(task.spec.pool);
    else this.perPool.set(task.spec.pool, left);
  }

  /** The ready tasks in start order. Do not add or delete while iterating. */
  [Symbol.iterator](): IterableIterator<LiveTask> {
    return this.inOrder[Symbol.iterator]();
  }

  /** Where `task` is or belongs: binary search on (priority desc, topological position), unique within a run. */
  private positionOf(task: LiveTask): number {
    let low = 0;
    let high = this.inOrder.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (startsBefore(this.inOrder[mid]!, task)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** True when `a` starts before `b` (within one run). */
function startsBefore(a: LiveTask, b: LiveTask): boolean {
  return a.spec.priority !== b.spec.priority ? a.spec.priority > b.spec.priority : a.topoIndex < b.topoIndex;
}
