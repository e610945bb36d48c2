import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import type { AttemptRecord } from '../../../shared/run-model.js';

let h: Harness | undefined;
afterEach(() => h?.close());

/** Highest number of attempts whose [startedAt, finishedAt) intervals overlap. */
function maxOverlap(attempts: readonly AttemptRecord[]): number {
  const edges = attempts.flatMap((a) => [
    { t: a.startedAt, d: +1 },
    { t: a.finishedAt!, d: -1 },
  ]);
  edges.sort((x, y) => x.t - y.t || x.d - y.d);
  let current = 0;
  let max = 0;
  for (const e of edges) max = Math.max(max, (current += e.d));
  return max;
}

describe('engine: pools and priority', () => {
  it('never runs more tasks of a pool at once than its size, while other pools run alongside', async () => {
    const w = tempWorld();
    const tasks = Array.from({ length: 6 }, (_, i) => `  cpu${i}: {command: ["sleep", "0.15"], pool: cpu}`).join('\n');
    const io = Array.from({ length: 3 }, (_, i) => `  io${i}: {command: ["sleep", "0.15"], pool: io}`).join('\n');
    w.writeProject(`
name: pools
pools: {cpu: 2, io: 3}
pipelines:
${tasks}
${io}
jobs:
  all: {pipelines: [cpu0, cpu1, cpu2, cpu3, cpu4, cpu5, io0, io1, io2]}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['all'] });
    expect(result.run.state).toBe('succeeded');
    const all = [...result.attempts.entries()];
    const cpu = all.filter(([name]) => name.startsWith('cpu')).flatMap(([, a]) => a);
    const ioAttempts = all.filter(([name]) => name.startsWith('io')).flatMap(([, a]) => a);
    expect(maxOverlap(cpu)).toBe(2);
    expect(maxOverlap(ioAttempts)).toBe(3);
    expect(maxOverlap([...cpu, ...ioAttempts])).toBe(5);
  });

  it('starts a high-priority ready task before normal and low ones when slots are scarce', async () => {
    const w = tempWorld();
    w.writeProject(`
name: priority
pools: {one: 1}
defaults: {pool: one}
pipelines:
  first_low: {command: ["true"], priority: low}
  second_normal: {command: ["true"]}
  third_number: {command: ["true"], priority: 5}
  fourth_high: {command: ["true"], priority: high}
jobs:
  all: {pipelines: [first_low, second_normal, third_number, fourth_high]}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['all'] });
    const order = [...result.attempts.entries()].sort(([, a], [, b]) => a[0]!.id - b[0]!.id).map(([name]) => name);
    expect(order).toEqual(['fourth_high', 'third_number', 'second_normal', 'first_low']);
    expect(maxOverlap([...result.attempts.values()].flat())).toBe(1);
  });
});
