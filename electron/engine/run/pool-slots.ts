/**
 * Pool slots across every run an engine drives: how many attempts of each
 * pool are running, and which ready tasks may start now.
 *
 * A pool is per project file (two projects may both name a pool `default`),
 * sized by the run's snapshot of `pools:` (an unknown pool has one slot).
 * Start order: priority (high first), then the older run, then the task's
 * topological position.
 */
import type { LiveRun, LiveTask } from './live-run.js';

/** See the file comment. */
export class PoolSlots {
  private readonly busy = new Map<string, number>();

  /** An attempt of `task` started (+1) or its process ended (-1). */
  count(run: LiveRun, task: LiveTask, delta: 1 | -1): void {
    const key = poolKey(run, task);
    this.busy.set(key, (this.busy.get(key) ?? 0) + delta);
  }

  /** True while `task`'s pool has a free slot. */
  hasRoom(run: LiveRun, task: LiveTask): boolean {
    return (this.busy.get(poolKey(run, task)) ?? 0) < (run.record.pools[task.spec.pool] ?? 1);
  }

  /**
   * The ready tasks of running runs whose pool has room now, best first. A
   * caller starting them must re-check `hasRoom` before each: starts fill slots.
   */
  candidates(runs: Iterable<LiveRun>): Array<[LiveRun, LiveTask]> {
    const ready: Array<[LiveRun, LiveTask]> = [];
    for (const run of runs) {
      if (run.state !== 'running') continue;
      for (const task of run.ready) if (this.hasRoom(run, task)) ready.push([run, task]);
    }
    return ready.sort(([ra, a], [rb, b]) => b.spec.priority - a.spec.priority || ra.record.id - rb.record.id || a.topoIndex - b.topoIndex);
  }
}

function poolKey(run: LiveRun, task: LiveTask): string {
  return `${run.record.projectFile}\u0000${task.spec.pool}`;
}
