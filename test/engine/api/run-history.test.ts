/** runs.attempts, runs.events and runs.rerunChoices over HTTP on a real daemon: a retried task's attempts, the run's journal in pages, which re-runs are allowed, and their errors. */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';

const children: ChildProcess[] = [];
let w: TempWorld;
let daemon: TestDaemon;
let runId: number;

beforeAll(async () => {
  w = tempWorld();
  // flaky fails its first attempt (no marker file yet), then succeeds on the retry.
  w.writeProject(`
name: history
pipelines:
  fetch: {command: ["sh", "-c", "echo fetch"]}
  flaky:
    command: ["sh", "-c", "if [ -f tried ]; then echo ok; else touch tried; exit 3; fi"]
    depends_on: [fetch]
    retries: 1
    retry_delay: 0s
  slow: {command: ["sleep", "30"]}
`);
  daemon = await startDaemon(w.home, w.project);
  children.push(daemon.child);
  runId = (await apiOk(daemon, 'runs.trigger', { targets: ['flaky'], date: '2025-03-03' })).id;
  await waitForAsync(async () => (await apiOk(daemon, 'runs.get', { id: runId })).run.state === 'succeeded', `run ${runId} to succeed`);
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('runs.attempts', () => {
  it('answers every attempt of the run by task and number, a retried task with both of its attempts and their exits', async () => {
    const { tasks } = await apiOk(daemon, 'runs.get', { id: runId });
    const attempts = await apiOk(daemon, 'runs.attempts', { id: runId });
    const taskOf = new Map(tasks.map((t) => [t.id, t.pipeline]));
    expect(attempts.map((a) => [taskOf.get(a.taskRunId), a.number, a.state, a.exitCode])).toEqual([
      ['fetch', 1, 'succeeded', 0],
      ['flaky', 1, 'failed', 3],
      ['flaky', 2, 'succeeded', 0],
    ]);
    for (const attempt of attempts) {
      // Only attempts that ran a while get their pid written (attempt-runner.ts recordPids).
      expect(attempt.pid === null || attempt.pid > 0).toBe(true);
      expect(attempt.finishedAt).toBeGreaterThanOrEqual(attempt.startedAt);
    }
    const [first, second] = attempts.filter((a) => taskOf.get(a.taskRunId) === 'flaky');
    expect(second!.startedAt).toBeGreaterThanOrEqual(first!.finishedAt!);
  });

  it('answers 404 for an unknown run and 400 naming the field for a bad id', async () => {
    expect(await apiCall(daemon, 'runs.attempts', { id: 999 })).toEqual({ status: 404, body: { error: 'no run 999' } });
    expect(await apiCall(daemon, 'runs.attempts', { id: 'one' })).toEqual({ status: 400, body: { error: 'id must be a whole number ≥ 0' } });
  });
});

describe('runs.rerunChoices', () => {
  it('allows every re-run of a run that succeeded but from failure, saying why in the words runs.rerun would refuse with', async () => {
    const choices = await apiOk(daemon, 'runs.rerunChoices', { id: runId });
    expect(choices.all).toEqual({ allowed: true, why: null, toRun: 2, toReuse: 0 });
    expect(choices.selected).toMatchObject({ allowed: true, why: null });
    const refused = await apiCall(daemon, 'runs.rerun', { id: runId, mode: 'from_failure', preview: true });
    expect(refused.status).toBe(409);
    expect(choices.from_failure).toEqual({ allowed: false, why: refused.body.error, toRun: null, toReuse: null });
    expect(choices.from_failure.why).toMatch(/nothing to re-run from failure$/);
  });

  it('refuses every re-run of a run still running, and answers 404 for an unknown run', async () => {
    const { id } = await apiOk(daemon, 'runs.trigger', { targets: ['slow'], date: '2025-03-04' });
    try {
      const choices = await apiOk(daemon, 'runs.rerunChoices', { id });
      for (const mode of ['all', 'from_failure', 'selected'] as const) {
        expect(choices[mode]).toMatchObject({ allowed: false, why: expect.stringMatching(new RegExp(`^run ${id} is still (queued|running): cancel it or wait`)) });
      }
    } finally {
      await apiOk(daemon, 'runs.cancel', { id });
    }
    expect(await apiCall(daemon, 'runs.rerunChoices', { id: 999 })).toEqual({ status: 404, body: { error: 'no run 999' } });
  });
});

describe('runs.events', () => {
  it("pages the run's journal oldest first by seq, from queued to succeeded, with no gap and no repeat", async () => {
    const whole = await apiOk(daemon, 'runs.events', { id: runId, limit: 1000 });
    expect(whole.next).toBeNull();
    expect(whole.events.every((e) => e.runId === runId)).toBe(true);
    const runMoves = whole.events.filter((e) => e.kind === 'run').map((e) => e.to);
    expect(runMoves[0]).toBe('queued');
    expect(runMoves.at(-1)).toBe('succeeded');
    expect(whole.events.filter((e) => e.kind === 'attempt' && e.to === 'running')).toHaveLength(3);
    expect(whole.events.some((e) => e.kind === 'task' && e.to === 'retry_wait')).toBe(true);

    const paged: number[] = [];
    let after = 0;
    for (;;) {
      const page = await apiOk(daemon, 'runs.events', { id: runId, after, limit: 3 });
      expect(page.events.length).toBeLessThanOrEqual(3);
      paged.push(...page.events.map((e) => e.seq));
      if (page.next === null) break;
      after = page.next;
    }
    expect(paged).toEqual(whole.events.map((e) => e.seq));
  });

  it('answers 404 for an unknown run and 400 for a bad cursor or limit', async () => {
    expect(await apiCall(daemon, 'runs.events', { id: 999 })).toEqual({ status: 404, body: { error: 'no run 999' } });
    expect((await apiCall(daemon, 'runs.events', { id: runId, after: -1 })).body.error).toBe('after must be a whole number ≥ 0');
    expect((await apiCall(daemon, 'runs.events', { id: runId, limit: 0 })).body.error).toBe('limit must be between 1 and 1000');
    expect((await apiCall(daemon, 'runs.events', { id: runId, limit: 5000 })).status).toBe(400);
  });
});
