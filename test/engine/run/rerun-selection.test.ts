import { describe, expect, it } from 'vitest';
import { failedTasks, selectRerunTasks } from '../../../electron/engine/run/rerun-selection.js';
import type { PlannedTask } from '../../../electron/engine/run/plan-run.js';
import type { TaskRunRecord } from '../../../shared/run-model.js';
import type { TaskState } from '../../../shared/state-machines.js';

// a → b → d, a → c → d
const graph: Record<string, string[]> = { a: [], b: ['a'], c: ['a'], d: ['b', 'c'] };
const planned = Object.entries(graph).map(([pipeline, upstream], topoIndex) => ({ pipeline, upstream, topoIndex, specHash: `h-${pipeline}`, isTarget: pipeline === 'd', externalUpstream: [] }) as unknown as PlannedTask);
let nextId = 100;
const original = (states: Record<string, TaskState>, changes: Record<string, Partial<TaskRunRecord>> = {}): TaskRunRecord[] =>
  Object.entries(states).map(([pipeline, state]) => ({ id: nextId++, pipeline, state, specHash: `h-${pipeline}`, cachedFrom: null, ...changes[pipeline] }) as TaskRunRecord);

const decided = (selection: ReturnType<typeof selectRerunTasks>) =>
  Object.fromEntries(planned.map((t) => [t.pipeline, selection.reasons.get(t.pipeline) ?? `reuse ${selection.reuse.get(t.pipeline)!.taskRunId}`]));

describe('which tasks a rerun runs again', () => {
  it('from failure: the failed task and its downstream; succeeded ones reuse their own result, cached ones its source', () => {
    const tasks = original({ a: 'cached', b: 'failed', c: 'succeeded', d: 'upstream_failed' }, { a: { cachedFrom: 7 } });
    expect(failedTasks(tasks)).toEqual(['b', 'd']);
    const c = tasks.find((t) => t.pipeline === 'c')!.id;
    expect(decided(selectRerunTasks(12, tasks, planned, 'from_failure'))).toEqual({ a: 'reuse 7', b: 'failed in run 12', c: `reuse ${c}`, d: 'upstream_failed in run 12' });
  });

  it('selected: the named tasks and their downstream; a changed or new task runs too', () => {
    const tasks = original({ a: 'succeeded', b: 'succeeded', c: 'succeeded', d: 'succeeded' }, { c: { specHash: 'old' } });
    const selection = selectRerunTasks(12, tasks, planned, 'selected', new Set(['b']));
    expect(selection.reasons).toEqual(new Map([['b', 'selected'], ['c', 'changed since run 12'], ['d', 'downstream of b']]));
    expect([...selection.reuse.keys()]).toEqual(['a']);
    const fewer = selectRerunTasks(12, tasks.filter((t) => t.pipeline !== 'a'), planned, 'from_failure');
    expect(fewer.reasons.get('a')).toBe('not in run 12');
    expect(fewer.reuse.size).toBe(0); // everything is downstream of a
  });

  it('all: every task, nothing reused', () => {
    const selection = selectRerunTasks(12, original({ a: 'succeeded', b: 'succeeded', c: 'succeeded', d: 'succeeded' }), planned, 'all');
    expect(selection.reuse.size).toBe(0);
    expect(new Set(selection.reasons.values())).toEqual(new Set(['all tasks run again']));
  });
});
