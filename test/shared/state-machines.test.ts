import { describe, expect, it } from 'vitest';
import {
  assertAttemptTransition,
  assertRunTransition,
  assertTaskTransition,
  canRunTransition,
  canTaskTransition,
  IllegalTransitionError,
  isTaskTerminal,
  RUN_STATES,
  TASK_STATES,
} from '../../shared/state-machines.js';

describe('state machines', () => {
  it('allows the documented run lifecycle and nothing out of a terminal state', () => {
    expect(canRunTransition('queued', 'running')).toBe(true);
    expect(canRunTransition('running', 'succeeded')).toBe(true);
    expect(canRunTransition('running', 'failed')).toBe(true);
    expect(canRunTransition('queued', 'cancelled')).toBe(true);
    for (const terminal of ['succeeded', 'failed', 'cancelled'] as const) {
      for (const to of RUN_STATES) expect(canRunTransition(terminal, to)).toBe(false);
    }
  });

  it('rejects illegal run, task and attempt transitions with a named error', () => {
    expect(() => assertRunTransition('queued', 'succeeded')).toThrow(new IllegalTransitionError('run', 'queued', 'succeeded'));
    expect(() => assertRunTransition('succeeded', 'running')).toThrow('illegal run transition succeeded → running');
    expect(() => assertTaskTransition('pending', 'running')).toThrow('illegal task transition pending → running');
    expect(() => assertTaskTransition('waiting', 'succeeded')).toThrow(IllegalTransitionError);
    expect(() => assertTaskTransition('succeeded', 'ready')).toThrow(IllegalTransitionError);
    expect(() => assertTaskTransition('retry_wait', 'running')).toThrow(IllegalTransitionError);
    expect(() => assertAttemptTransition('succeeded', 'failed')).toThrow('illegal attempt transition succeeded → failed');
  });

  it('lets a task go pending → waiting → ready → running → retry_wait → ready → running → succeeded', () => {
    const path = ['pending', 'waiting', 'ready', 'running', 'retry_wait', 'ready', 'running', 'succeeded'] as const;
    for (let i = 1; i < path.length; i++) expect(canTaskTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('lets every non-terminal task be cancelled and no terminal task move', () => {
    for (const state of TASK_STATES) {
      if (isTaskTerminal(state)) for (const to of TASK_STATES) expect(canTaskTransition(state, to)).toBe(false);
      else expect(canTaskTransition(state, 'cancelled')).toBe(true);
    }
  });
});
