/** Small shared fixtures for unit tests. */
import type { TaskSpec } from '../../shared/run-model.js';

/** A task spec with neutral settings; override what a test cares about. */
export function taskSpec(over: Partial<TaskSpec> = {}): TaskSpec {
  return {
    command: { kind: 'argv', argv: ['true'] },
    cwd: '/',
    env: {},
    retries: 0,
    retryDelayMs: 0,
    backoff: 2,
    maxRetryDelayMs: 0,
    jitter: 0,
    timeoutMs: null,
    killGraceMs: 0,
    pool: 'default',
    priority: 0,
    onError: [],
    ...over,
  };
}
