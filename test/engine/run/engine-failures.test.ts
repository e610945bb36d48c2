import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, readLines } from '../../helpers/temp-home.js';
import { harness, type Harness } from '../../helpers/engine-harness.js';
import { pidAlive, waitFor } from '../../helpers/wait-for.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('engine: timeouts, retries and on_error', () => {
  it('kills the whole process group on timeout, including a grandchild that ignores SIGTERM', async () => {
    const w = tempWorld();
    w.writeProject(`
name: timeout
pipelines:
  hang:
    command: "sh -c 'trap \\"\\" TERM; echo $$ > grandchild.pid; exec sleep 30' & wait"
    timeout: 300ms
    kill_grace: 300ms
`);
    h = harness(w.home, w.project);
    const started = Date.now();
    const result = await h.run({ targets: ['hang'] });
    expect(result.run.state).toBe('failed');
    const [attempt] = result.attempts.get('hang')!;
    expect(attempt!.state).toBe('timed_out');
    expect(result.tasks.get('hang')!.reason).toBe('timed out after 300ms');
    const grandchild = Number(fs.readFileSync(w.file('grandchild.pid'), 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    await waitFor(() => !pidAlive(grandchild), 'the SIGTERM-ignoring grandchild to be SIGKILLed');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('retries with exponential backoff: recorded delays are retry_delay × backoff^(n-1), capped', async () => {
    const w = tempWorld();
    w.writeProject(`
name: backoff
pipelines:
  flaky:
    command: ["sh", "-c", "date +%s%3N >> attempts.txt; exit 1"]
    retries: 4
    retry_delay: 100ms
    backoff: 2
    max_retry_delay: 300ms
    jitter: 0
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['flaky'] });
    expect(result.run.state).toBe('failed');
    expect(result.attempts.get('flaky')!.map((a) => a.state)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(result.tasks.get('flaky')!.reason).toBe('exit code 1; retries exhausted after 5 attempts');
    const waits = listEvents(h.db, { runId: result.run.id }).filter((e) => e.to === 'retry_wait');
    expect(waits.map((e) => (e.data!.nextAttemptAt as number) - e.at)).toEqual([100, 200, 300, 300]);
    const attempts = result.attempts.get('flaky')!;
    for (let i = 1; i < attempts.length; i++) {
      expect(attempts[i]!.startedAt - attempts[i - 1]!.finishedAt!).toBeGreaterThanOrEqual([100, 200, 300, 300][i - 1]!);
    }
    expect(readLines(w.file('attempts.txt'))).toHaveLength(5);
  });

  it('on_error retry: a matching output retries up to the rule’s max_attempts, then fails', async () => {
    const w = tempWorld();
    w.writeProject(`
name: rules
pipelines:
  fetch:
    command: ["sh", "-c", "echo 'ConnectionError: feed reset' >&2; exit 1"]
    retries: 0
    retry_delay: 10ms
    on_error:
      - {output: "ConnectionError", action: retry, max_attempts: 3}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['fetch'] });
    expect(result.attempts.get('fetch')).toHaveLength(3);
    expect(result.tasks.get('fetch')!.state).toBe('failed');
    expect(result.tasks.get('fetch')!.reason).toBe('exit code 1, matched on_error rule matching "ConnectionError"; retries exhausted after 3 attempts');
  });

  it('on_error retry succeeds when a later attempt works', async () => {
    const w = tempWorld();
    w.writeProject(`
name: rules
pipelines:
  fetch:
    command: ["sh", "-c", "echo x >> tries; [ $(wc -l < tries) -ge 3 ] || { echo ConnectionError; exit 1; }"]
    retry_delay: 10ms
    on_error: [{output: "ConnectionError", action: retry, max_attempts: 5}]
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['fetch'] });
    expect(result.run.state).toBe('succeeded');
    expect(result.attempts.get('fetch')!.map((a) => a.state)).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('on_error fail: a matching exit code fails at once despite a retry budget', async () => {
    const w = tempWorld();
    w.writeProject(`
name: rules
pipelines:
  parse:
    command: ["sh", "-c", "echo 'ValueError: bad row' >&2; exit 3"]
    retries: 5
    retry_delay: 10ms
    on_error:
      - {output: "ConnectionError", action: retry}
      - {exit_code: [2, 3], output: "ValueError", action: fail}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['parse'] });
    expect(result.attempts.get('parse')).toHaveLength(1);
    expect(result.tasks.get('parse')!.state).toBe('failed');
    expect(result.tasks.get('parse')!.reason).toBe('exit code 3, matched on_error rule "exit_code: [2, 3]" matching "ValueError" (action: fail)');
  });

  it('on_error exit_code rules see a death by signal N as 128 + N, as a shell reports it, whatever the launcher', async () => {
    const w = tempWorld();
    w.writeProject(`
name: oom
pipelines:
  big:
    command: ["sh", "-c", "echo try >> tries.txt; kill -9 $$"]
    retries: 0
    retry_delay: 10ms
    on_error:
      - {exit_code: [137], action: retry, max_attempts: 2}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['big'] });
    expect(readLines(w.file('tries.txt'))).toEqual(['try', 'try']);
    expect(result.tasks.get('big')!.state).toBe('failed');
    expect(result.attempts.get('big')!.map((a) => a.state)).toEqual(['failed', 'failed']);
  });

  it('on_error skip: the task is skipped, downstream still runs and the run succeeds', async () => {
    const w = tempWorld();
    w.writeProject(`
name: rules
pipelines:
  optional: {command: ["sh", "-c", "exit 4"], retries: 3, on_error: [{exit_code: 4, action: skip}]}
  report: {command: ["sh", "-c", "echo ran > report.txt"], depends_on: [optional]}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['report'] });
    expect(result.tasks.get('optional')!.state).toBe('skipped');
    expect(result.attempts.get('optional')).toHaveLength(1);
    expect(result.tasks.get('report')!.state).toBe('succeeded');
    expect(result.run.state).toBe('succeeded');
    expect(readLines(w.file('report.txt'))).toEqual(['ran']);
  });

  it('fails with a clear reason when the working directory does not exist', async () => {
    const w = tempWorld();
    w.writeProject(`
name: badcwd
pipelines:
  a: {command: ["true"], cwd: missing-dir}
`);
    h = harness(w.home, w.project);
    const result = await h.run({ targets: ['a'] });
    expect(result.tasks.get('a')!.state).toBe('failed');
    expect(result.tasks.get('a')!.reason).toBe(`could not start: working directory ${w.file('missing-dir')} does not exist`);
  });
});
