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
  /** Each task's pool key, built once (a run's project file and a task's pool never change). */
  private readonly keys = new WeakMap<LiveTask, string>();

  /** An attempt of `task` started (+1) or its process ended (-1). */
  count(run: LiveRun, task: LiveTask, delta: 1 | -1): void {
    const key = this.keyOf(run, task);
    this.busy.set(key, (this.busy.get(key) ?? 0) + delta);
  }

  /** True while `task`'s pool has a free slot. */
  hasRoom(run: LiveRun, task: LiveTask): boolean {
    return (this.busy.get(this.keyOf(run, task)) ?? 0) < (run.record.pools[task.spec.pool] ?? 1);
  }

  /** True when some ready task of a running run has room in its pool now. */
  anyStartable(runs: Iterable<LiveRun>): boolean {
    return this.bestStartable(runningOnly(runs), new Set()) !== null;
  }

  /**
   * The ready tasks of running runs that may start, best first, each checked
   * for room when it is its turn: starts fill slots, so a caller starts each
   * one it gets (or skips it) before asking for the next. The same order as
   * sorting them all up front; but a settle starts one task or two out of a
   * ready set of dozens, so the first few are picked by a pass each (no
   * allocation per ready task), and only a longer series of starts sorts the rest.
   */
  *candidates(runs: Iterable<LiveRun>): Generator<[LiveRun, LiveTask]> {
    const running = runningOnly(runs);
    const passed = new Set<LiveTask>(); // yielded: started, or skipped by the caller
    for (let picked = 0; picked < PICKS_BEFORE_SORT; picked++) {
      const best = this.bestStartable(running, passed);
      if (!best) return;
      passed.add(best[1]);
      yield best;
    }
    const rest: Array<[LiveRun, LiveTask]> = [];
    for (const run of running) for (const task of run.ready) if (!passed.has(task)) rest.push([run, task]);
    for (const candidate of rest.sort(([ra, a], [rb, b]) => compare(ra, a, rb, b))) if (this.hasRoom(candidate[0], candidate[1])) yield candidate;
  }

  /**
   * The best ready task with room in its pool, not among `passed`. A run's
   * ready tasks come in start order, so its first one with room is its best;
   * a run whose pools are all full is passed over at once.
   */
  private bestStartable(runs: readonly LiveRun[], passed: ReadonlySet<LiveTask>): [LiveRun, LiveTask] | null {
    let best: [LiveRun, LiveTask] | null = null;
    const full = new Set<string>();
    for (const run of runs) {
      let fullPools = 0;
      for (const pool of run.ready.pools()) if (full.has(poolKey(run, pool))) fullPools++;
      if (fullPools === run.ready.poolCount) continue;
      for (const task of run.ready) {
        if (passed.has(task)) continue;
        const key = this.keyOf(run, task);
        if (full.has(key)) continue;
        if (this.hasRoom(run, task)) {
          if (best === null || compare(run, task, best[0], best[1]) < 0) best = [run, task];
          break;
        }
        full.add(key);
        if (++fullPools === run.ready.poolCount) break;
      }
    }
    return best;
  }

  private keyOf(run: LiveRun, task: LiveTask): string {
    let key = this.keys.get(task);
    if (key === undefined) {
      key = poolKey(run, task.spec.pool);
      this.keys.set(task, key);
    }
    return key;
  }
}

/** A pool's key across runs: pools are per project file. */
function poolKey(run: LiveRun, pool: string): string {
  return `${run.record.projectFile}\u0000${pool}`;
}

/** Tasks picked one pass at a time before the remaining ready set is sorted. */
const PICKS_BEFORE_SORT = 4;

function runningOnly(runs: Iterable<LiveRun>): LiveRun[] {
  return [...runs].filter((run) => run.state === 'running');
}

/** Start order: higher priority, then the older run, then the earlier topological position. */
function compare(ra: LiveRun, a: LiveTask, rb: LiveRun, b: LiveTask): number {
  return b.spec.priority - a.spec.priority || ra.record.id - rb.record.id || a.topoIndex - b.topoIndex;
}
