import { describe, expect, it } from 'vitest';
import { PoolSlots } from '../../../electron/engine/run/pool-slots.js';
import { ReadyQueue } from '../../../electron/engine/run/ready-queue.js';
import { setLiveTaskState, type LiveRun, type LiveTask } from '../../../electron/engine/run/live-run.js';
import type { RunRecord } from '../../../shared/run-model.js';
import { makeRng } from '../../../bench/dag.mjs';
import { taskSpec } from '../../helpers/fixtures.js';

function task(runId: number, topoIndex: number, pool: string, priority: number): LiveTask {
  return {
    id: runId * 1000 + topoIndex,
    runId,
    pipeline: `p${topoIndex}`,
    topoIndex,
    spec: taskSpec({ pool, priority }),
    upstream: [],
    state: 'ready',
    attempts: 0,
    nextAttemptAt: null,
    attempt: null,
    retryTimer: null,
    gated: false,
    gateTimer: null,
    gateSince: null,
  };
}

function run(id: number, projectFile: string, pools: Record<string, number>, tasks: LiveTask[]): LiveRun {
  return {
    record: { id, projectFile, pools } as unknown as RunRecord,
    state: 'running',
    tasks: new Map(tasks.map((t) => [t.pipeline, t])),
    downstream: new Map(),
    ready: new ReadyQueue(tasks),
  };
}

/** The next start by definition: of every ready task with room, the best (priority, older run, topological position). */
function referenceNext(runs: readonly LiveRun[], busy: ReadonlyMap<string, number>): [LiveRun, LiveTask] | null {
  const open = runs.flatMap((r) =>
    [...r.tasks.values()]
      .filter((t) => t.state === 'ready' && (busy.get(`${r.record.projectFile}|${t.spec.pool}`) ?? 0) < (r.record.pools[t.spec.pool] ?? 1))
      .map((t): [LiveRun, LiveTask] => [r, t]),
  );
  open.sort(([ra, a], [rb, b]) => b.spec.priority - a.spec.priority || ra.record.id - rb.record.id || a.topoIndex - b.topoIndex);
  return open[0] ?? null;
}

describe('pool slots', () => {
  it('keeps ready tasks in start order with a count per pool', () => {
    const tasks = [task(1, 0, 'a', 0), task(1, 1, 'b', 5), task(1, 2, 'a', 5), task(1, 3, 'a', -1)];
    const queue = new ReadyQueue([tasks[3]!, tasks[0]!, tasks[2]!]);
    queue.add(tasks[1]!);
    queue.add(tasks[1]!); // twice: once
    expect([...queue].map((t) => t.topoIndex)).toEqual([1, 2, 0, 3]);
    expect(queue.size).toBe(4);
    expect(new Map([...queue.pools()].map((p) => [p, true]))).toEqual(new Map([['a', true], ['b', true]]));
    queue.delete(tasks[1]!);
    queue.delete(tasks[1]!); // not there any more: nothing
    expect([...queue].map((t) => t.topoIndex)).toEqual([2, 0, 3]);
    expect(queue.poolCount).toBe(1);
    expect(queue.has(tasks[1]!)).toBe(false);
    expect(queue.has(tasks[2]!)).toBe(true);
  });

  it('starts exactly what a full sort by priority, run and position would, pool by pool, across runs sharing a project', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = makeRng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      const runs: LiveRun[] = [];
      const reference: LiveRun[] = [];
      // One pool size per project (runs of one project share its pools; sizes that differ between their snapshots are not this test's subject).
      const poolsOf = new Map<string, Record<string, number>>();
      for (let id = 1; id <= 1 + Math.floor(r() * 3); id++) {
        const file = pick(['/p/tickwork.yaml', '/q/tickwork.yaml']);
        const pools = poolsOf.get(file) ?? { a: 1 + Math.floor(r() * 3), b: 1 + Math.floor(r() * 2) };
        poolsOf.set(file, pools);
        const specs = Array.from({ length: Math.floor(r() * 12) }, (_, i) => ({ i, pool: pick(['a', 'b', 'c']), priority: pick([-5, 0, 0, 0, 5]) }));
        runs.push(run(id, file, pools, specs.map((s) => task(id, s.i, s.pool, s.priority))));
        reference.push(run(id, file, pools, specs.map((s) => task(id, s.i, s.pool, s.priority))));
      }
      const slots = new PoolSlots();
      const busy = new Map<string, number>();
      // Rounds as the engine runs them: fill every free slot, then one attempt ends and frees its slot.
      for (let round = 0; round < 40; round++) {
        const started: string[] = [];
        for (const [liveRun, liveTask] of slots.candidates(runs)) {
          slots.count(liveRun, liveTask, +1);
          setLiveTaskState(liveRun, liveTask, 'running');
          started.push(`${liveRun.record.id}/${liveTask.topoIndex}`);
        }
        const expected: string[] = [];
        for (let next = referenceNext(reference, busy); next; next = referenceNext(reference, busy)) {
          const key = `${next[0].record.projectFile}|${next[1].spec.pool}`;
          busy.set(key, (busy.get(key) ?? 0) + 1);
          next[1].state = 'running';
          expected.push(`${next[0].record.id}/${next[1].topoIndex}`);
        }
        expect({ seed, round, started }).toEqual({ seed, round, started: expected });
        expect(slots.anyStartable(runs)).toBe(false);
        const running = runs.flatMap((r) => [...r.tasks.values()].filter((t) => t.state === 'running').map((t): [LiveRun, LiveTask] => [r, t]));
        if (running.length === 0) break;
        const [endedRun, ended] = pick(running);
        slots.count(endedRun, ended, -1);
        setLiveTaskState(endedRun, ended, 'succeeded');
        const mirror = reference.find((x) => x.record.id === endedRun.record.id)!.tasks.get(ended.pipeline)!;
        mirror.state = 'succeeded';
        const key = `${endedRun.record.projectFile}|${ended.spec.pool}`;
        busy.set(key, busy.get(key)! - 1);
      }
    }
  });
});
