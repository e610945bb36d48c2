import { describe, expect, it } from 'vitest';
import { backoffDelay, decideAfterFailure, describeErrorRule } from '../../../electron/engine/run/retry-policy.js';
import type { TaskSpec } from '../../../shared/run-model.js';
import { taskSpec } from '../../helpers/fixtures.js';

const spec = (over: Partial<TaskSpec> = {}): TaskSpec => taskSpec({ retries: 3, retryDelayMs: 1000, maxRetryDelayMs: 5000, ...over });
const failed = (number: number, exitCode: number | null, outputTail = '') => ({ number, exitCode, outputTail, summary: `exit code ${exitCode}` });

describe('retry policy', () => {
  it('grows delays exponentially and caps them at max_retry_delay', () => {
    const delays = [1, 2, 3, 4, 5].map((n) => backoffDelay({ baseMs: 1000, factor: 2, retryNumber: n, maxMs: 5000, jitter: 0, random: () => 0.5 }));
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('spreads delays by at most ±jitter and never above the cap', () => {
    expect(backoffDelay({ baseMs: 1000, factor: 2, retryNumber: 1, maxMs: 5000, jitter: 0.1, random: () => 0 })).toBe(900);
    expect(backoffDelay({ baseMs: 1000, factor: 2, retryNumber: 1, maxMs: 5000, jitter: 0.1, random: () => 0.999999 })).toBe(1100);
    expect(backoffDelay({ baseMs: 1000, factor: 2, retryNumber: 9, maxMs: 5000, jitter: 0.5, random: () => 0.999999 })).toBe(5000);
  });

  it('retries within the budget and fails once it is spent', () => {
    expect(decideAfterFailure(spec(), failed(1, 1))).toEqual({ action: 'retry', delayMs: 1000, reason: 'exit code 1; retry 1/3 in 1.00s' });
    expect(decideAfterFailure(spec(), failed(4, 1))).toEqual({ action: 'fail', reason: 'exit code 1; retries exhausted after 4 attempts' });
    expect(decideAfterFailure(spec({ retries: 0 }), failed(1, 1))).toEqual({ action: 'fail', reason: 'exit code 1' });
  });

  it('applies the first matching on_error rule, needing every condition it names to match', () => {
    const rules = spec({
      onError: [
        { exitCodes: [2], output: 'ValueError', action: 'fail' },
        { output: 'Connection(Error|Reset)', action: 'retry', maxAttempts: 6, retryDelayMs: 50 },
        { exitCodes: [75], action: 'skip' },
      ],
    });
    expect(decideAfterFailure(rules, failed(1, 2, 'x\nValueError: nope\n')).action).toBe('fail');
    expect(decideAfterFailure(rules, failed(1, 3, 'ValueError')).action).toBe('retry'); // exit code 3 ≠ 2: rule 0 does not match
    expect(decideAfterFailure(rules, failed(5, 1, 'ConnectionReset'))).toEqual({
      action: 'retry',
      delayMs: 800,
      reason: 'exit code 1, matched on_error rule matching "Connection(Error|Reset)"; retry 5/5 in 800ms',
    });
    expect(decideAfterFailure(rules, failed(6, 1, 'ConnectionError')).action).toBe('fail');
    expect(decideAfterFailure(rules, failed(1, 75))).toEqual({ action: 'skip', reason: 'exit code 75, matched on_error rule "exit_code: 75" (action: skip)' });
  });

  it('names a rule by what it matches, not by its position', () => {
    expect(describeErrorRule({ exitCodes: [3], action: 'retry' })).toBe('on_error rule "exit_code: 3"');
    expect(describeErrorRule({ exitCodes: [2, 3], output: 'ValueError', action: 'fail' })).toBe('on_error rule "exit_code: [2, 3]" matching "ValueError"');
    expect(describeErrorRule({ output: 'Connection reset', action: 'retry' })).toBe('on_error rule matching "Connection reset"');
  });

  it('lets a retry rule without max_attempts retry at least once, even under retries: 0', () => {
    const rules = spec({ retries: 0, onError: [{ output: 'ConnectionError', action: 'retry' }] });
    expect(decideAfterFailure(rules, failed(1, 1, 'ConnectionError')).action).toBe('retry');
    expect(decideAfterFailure(rules, failed(2, 1, 'ConnectionError'))).toEqual({
      action: 'fail',
      reason: 'exit code 1, matched on_error rule matching "ConnectionError"; retries exhausted after 2 attempts',
    });
    expect(decideAfterFailure(rules, failed(1, 1, 'something else')).action).toBe('fail'); // no rule: the budget of 0 retries
    expect(decideAfterFailure(spec({ retries: 4, onError: [{ exitCodes: [3], action: 'retry' }] }), failed(4, 3)).action).toBe('retry'); // the budget when larger
  });
});
