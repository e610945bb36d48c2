/**
 * backfills.* over real HTTP on a real daemon: preview (already-done
 * partitions skipped), start and live progress on the event stream, cancel
 * and retry of the failed, a daemon killed mid-backfill that resumes it at
 * its next start (each partition run once), and the errors.
 */
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { exitOf } from '../../helpers/cli.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { followSse, type SseFollower } from '../../helpers/sse.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { BackfillEventData } from '../../../shared/backfill-model.js';
import type { EventRecord } from '../../../shared/run-model.js';

const children: ChildProcess[] = [];
const streams: SseFollower[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** metrics fails for FAIL-marked regions and waits while `hold` exists (both files in the project dir, its cwd). */
const PROJECT = `
name: fill
timezone: America/New_York
partitions: {region: [US, EU]}
pipelines:
  prices: {command: ["true"]}
  metrics:
    command: ["sh", "-c", "while [ -f hold ]; do sleep 0.05; done; [ ! -f fail-{{ partition.region }} ]"]
    depends_on: [prices]
    schedule: {cron: "0 19 * * 1-5", calendar: NYSE}
`;

async function daemonFor(home: string, project: string): Promise<TestDaemon> {
  const daemon = await startDaemon(home, project);
  children.push(daemon.child);
  return daemon;
}

/** The `backfill` events of a stream so far. */
function backfillEvents(stream: SseFollower): BackfillEventData[] {
  return stream.messages.filter((m) => m.event === 'backfill').map((m) => (m.data as EventRecord).data as unknown as BackfillEventData);
}

function follow(daemon: TestDaemon): SseFollower {
  const stream = followSse(daemon.port, '/api/events?after=0', daemon.auth);
  streams.push(stream);
  return stream;
}

describe('backfills over HTTP', () => {
  it('previews what will run (a partition already done is skipped), starts, and streams progress until succeeded', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const daemon = await daemonFor(w.home, w.project);
    const stream = follow(daemon);
    // One partition done before the backfill, by an ordinary run.
    const done = await apiOk(daemon, 'runs.trigger', { targets: ['metrics'], date: '2025-02-05', partition: { region: 'EU' } });
    await waitFor(() => stream.messages.some((m) => m.event === 'run' && (m.data as EventRecord).runId === done.id && (m.data as EventRecord).to === 'succeeded'), 'the run before the backfill');

    // Mon 2025-02-03 … Fri 2025-02-07, NYSE days (the schedule's calendar): 5 days × 2 regions.
    const request = { target: 'metrics', from: '2025-02-03', to: '2025-02-09' };
    const preview = await apiOk(daemon, 'backfills.preview', request);
    expect(preview).toMatchObject({ target: 'metrics', from: '2025-02-03', to: '2025-02-09', calendar: 'NYSE', dates: 5, columns: [{ region: 'US' }, { region: 'EU' }], total: 10, toRun: 9, alreadyDone: 1, inFlight: 0 });
    expect(preview.first.slice(0, 3)).toEqual(['date=2025-02-03,region=US', 'date=2025-02-03,region=EU', 'date=2025-02-04,region=US']);
    const everyDay = await apiOk(daemon, 'backfills.preview', { ...request, calendar: 'none', partition: { region: 'US' } });
    expect([everyDay.calendar, everyDay.dates, everyDay.total, everyDay.columns]).toEqual([null, 7, 7, [{ region: 'US' }]]);

    const started = performance.now();
    const { id, backfill } = await apiOk(daemon, 'backfills.start', { ...request, concurrency: 3, newestFirst: true });
    expect(backfill).toMatchObject({ id, target: 'metrics', state: 'running', concurrency: 3, newestFirst: true, calendar: 'NYSE', counts: { total: 10, already_done: 1 } });
    await waitFor(() => backfillEvents(stream).some((e) => e.backfillId === id && e.change === 'finished'), 'the backfill to finish', 60_000);
    const ms = performance.now() - started;
    const { backfill: end, partitions } = await apiOk(daemon, 'backfills.get', { id, partitions: true });
    expect(end).toMatchObject({ state: 'succeeded', error: null, etaMs: null, counts: { total: 10, succeeded: 9, already_done: 1, failed: 0, pending: 0, running: 0 } });
    expect(end.meanPartitionMs).toBeGreaterThan(0);
    expect(end.finishedAt).toBeGreaterThanOrEqual(end.createdAt);
    // Newest first, each partition with its run; the one done before keeps its run.
    expect(partitions!.map((p) => p.key).slice(0, 2)).toEqual(['date=2025-02-07,region=US', 'date=2025-02-07,region=EU']);
    expect(partitions!.find((p) => p.key === 'date=2025-02-05,region=EU')).toMatchObject({ state: 'already_done', runId: done.id });
    const runs = await apiOk(daemon, 'runs.list', { trigger: 'backfill' });
    expect(runs).toHaveLength(9);
    expect(runs.every((r) => r.state === 'succeeded' && r.targets[0] === 'metrics')).toBe(true);
    expect(new Set(partitions!.map((p) => p.runId)).size).toBe(10);

    // Pushed live: the start, each partition running then succeeded, the end.
    const events = backfillEvents(stream).filter((e) => e.backfillId === id);
    expect(events[0]).toEqual({ backfillId: id, change: 'started', state: 'running' });
    expect(events.filter((e) => e.change === 'partition' && e.state === 'running')).toHaveLength(9);
    expect(events.filter((e) => e.change === 'partition' && e.state === 'succeeded')).toHaveLength(9);
    expect(events.at(-1)).toEqual({ backfillId: id, change: 'finished', state: 'succeeded' });
    expect((await apiOk(daemon, 'backfills.list', {})).map((b) => b.id)).toEqual([id]);

    // The matrix shows the backfill's runs.
    const matrix = await apiOk(daemon, 'partitions.matrix', { target: 'metrics', from: '2025-02-03', to: '2025-02-09' });
    expect(matrix.cells.filter((c) => c.state === 'succeeded')).toHaveLength(10);
    console.log(`backfill of 9 partitions (concurrency 3) through the daemon: ${ms.toFixed(0)} ms`);
  }, 90_000);

  it('cancels a running backfill (its run stops, pending partitions never start), then retries the failed and cancelled ones', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    fs.writeFileSync(w.file('hold'), '');
    fs.writeFileSync(w.file('fail-EU'), '');
    const daemon = await daemonFor(w.home, w.project);
    const stream = follow(daemon);
    const { id } = await apiOk(daemon, 'backfills.start', { target: 'metrics', from: '2025-01-06', to: '2025-01-08', calendar: 'none' });
    await waitFor(() => backfillEvents(stream).some((e) => e.backfillId === id && e.change === 'partition' && e.state === 'running'), 'the first partition to start');
    const running = await apiOk(daemon, 'backfills.get', { id });
    expect(running.backfill.counts).toMatchObject({ total: 6, running: 1, pending: 5 });
    expect(running.backfill.etaMs).toBeNull(); // nothing finished yet to estimate from
    expect((await apiCall(daemon, 'backfills.retryFailed', { id })).status).toBe(409);

    const cancelled = await apiOk(daemon, 'backfills.cancel', { id });
    expect(cancelled.backfill.state).toBe('cancelled');
    await waitFor(() => backfillEvents(stream).some((e) => e.backfillId === id && e.change === 'partition' && e.state === 'cancelled'), 'the run in flight to be cancelled');
    const after = await apiOk(daemon, 'backfills.get', { id, partitions: true });
    expect(after.backfill.counts).toMatchObject({ cancelled: 1, pending: 5, running: 0 });
    expect((await apiOk(daemon, 'runs.get', { id: after.partitions![0]!.runId! })).run.state).toBe('cancelled');
    const again = await apiCall(daemon, 'backfills.cancel', { id });
    expect([again.status, again.body.error]).toEqual([409, `backfill ${id} is cancelled, not running: nothing to cancel`]);

    // Retry: EU fails on every day, US succeeds; the backfill ends failed and says how many.
    fs.rmSync(w.file('hold'));
    const retried = await apiOk(daemon, 'backfills.retryFailed', { id });
    expect(retried.backfill.state).toBe('running');
    await waitFor(() => backfillEvents(stream).filter((e) => e.backfillId === id && e.change === 'finished').length === 1, 'the retry to finish', 60_000);
    const failed = await apiOk(daemon, 'backfills.get', { id });
    expect(failed.backfill).toMatchObject({ state: 'failed', counts: { succeeded: 3, failed: 3, cancelled: 0, pending: 0 } });

    // Fixed: retrying the failed runs only EU again.
    fs.rmSync(w.file('fail-EU'));
    await apiOk(daemon, 'backfills.retryFailed', { id });
    await waitFor(() => backfillEvents(stream).filter((e) => e.backfillId === id && e.change === 'finished').length === 2, 'the second retry to finish', 60_000);
    const fixed = await apiOk(daemon, 'backfills.get', { id });
    expect(fixed.backfill).toMatchObject({ state: 'succeeded', counts: { succeeded: 6, failed: 0 } });
    expect(await apiOk(daemon, 'runs.list', { trigger: 'backfill' })).toHaveLength(1 + 6 + 3);
    const nothing = await apiCall(daemon, 'backfills.retryFailed', { id });
    expect([nothing.status, nothing.body.error]).toEqual([409, `backfill ${id} has no failed or cancelled partition to retry`]);
  }, 120_000);

  it('resumes a backfill after the daemon is killed: finished partitions counted, the one in flight followed, each partition run once', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const first = await daemonFor(w.home, w.project);
    const stream = follow(first);
    const { id } = await apiOk(first, 'backfills.start', { target: 'metrics', from: '2025-01-06', to: '2025-01-09', calendar: 'none', partition: { region: 'US' } });
    await waitFor(() => backfillEvents(stream).filter((e) => e.backfillId === id && e.state === 'succeeded').length >= 1, 'a partition to succeed');
    fs.writeFileSync(w.file('hold'), ''); // the next partition's run stays in flight across the restart
    await waitFor(() => backfillEvents(stream).filter((e) => e.backfillId === id && e.state === 'running').length >= 2, 'the next partition to start');
    first.child.kill('SIGKILL');
    await exitOf(first.child);

    const second = await daemonFor(w.home, w.project);
    const resumed = await apiOk(second, 'backfills.get', { id });
    // On a loaded machine the partition in flight may have passed its hold check before the hold was written,
    // and the resumed daemon may already have finished the rest: either way each partition must run once.
    expect(['running', 'succeeded']).toContain(resumed.backfill.state);
    expect(resumed.backfill.counts.succeeded).toBeGreaterThanOrEqual(1);
    const again = follow(second);
    fs.rmSync(w.file('hold'));
    if (resumed.backfill.state === 'running') {
      await waitFor(() => backfillEvents(again).some((e) => e.backfillId === id && e.change === 'finished'), 'the resumed backfill to finish', 60_000);
    }
    const { backfill, partitions } = await apiOk(second, 'backfills.get', { id, partitions: true });
    expect(backfill).toMatchObject({ state: 'succeeded', counts: { total: 4, succeeded: 4 } });
    const runs = await apiOk(second, 'runs.list', { trigger: 'backfill' });
    expect(runs.map((r) => r.partitionKey).sort()).toEqual(partitions!.map((p) => p.key).sort()); // one run per partition, none twice
    expect(second.log()).toContain(`resumed backfill ${id}`);
  }, 120_000);

  it('answers 404 for an unknown backfill and 400 for bad requests, naming the field', async () => {
    const w = tempWorld();
    w.writeProject(PROJECT);
    const daemon = await daemonFor(w.home, w.project);
    const error = async (method: 'backfills.preview' | 'backfills.start' | 'backfills.get' | 'backfills.cancel' | 'backfills.retryFailed', params: Record<string, unknown>) => {
      const reply = await apiCall(daemon, method, params);
      return [reply.status, reply.body.error];
    };
    expect(await error('backfills.get', { id: 99 })).toEqual([404, 'no backfill 99']);
    expect(await error('backfills.cancel', { id: 99 })).toEqual([404, 'no backfill 99']);
    expect(await error('backfills.retryFailed', { id: 99 })).toEqual([404, 'no backfill 99']);
    expect(await error('backfills.get', { id: 'x' })).toEqual([400, 'id must be a whole number ≥ 0']);
    const base = { target: 'metrics', from: '2025-01-06', to: '2025-01-10' };
    expect(await error('backfills.preview', { ...base, from: '2025-01-10', to: '2025-01-06' })).toEqual([400, 'from 2025-01-10 is after to 2025-01-06']);
    expect(await error('backfills.preview', { ...base, from: '2025-02-30' })).toEqual([400, 'from 2025-02-30: there is no such date (February 2025 has 28 days)']);
    // A weekend has no NYSE trading day: nothing to backfill, and why.
    expect(await error('backfills.start', { ...base, from: '2025-01-11', to: '2025-01-12' })).toEqual([
      400,
      "no NYSE trading day from 2025-01-11 to 2025-01-12 (the calendar of metrics's schedule; --calendar none counts every day): nothing to backfill",
    ]);
    expect(await error('backfills.preview', { ...base, target: 'nope' })).toEqual([400, expect.stringMatching(/^target: unknown pipeline or job "nope"/)]);
    expect(await error('backfills.preview', { ...base, target: undefined })).toEqual([400, 'target is required (a pipeline or job)']);
    expect(await error('backfills.preview', { ...base, calendar: 'LSE' })).toEqual([400, '--calendar LSE: unknown calendar (or none for every calendar day)']);
    expect(await error('backfills.preview', { ...base, partition: { region: 'JP' } })).toEqual([400, '--partition region=JP: expected one of US, EU']);
    expect(await error('backfills.start', { ...base, concurrency: 0 })).toEqual([400, 'concurrency must be a whole number from 1 to 64']);
    expect(await error('backfills.start', { ...base, partition: ['EU'] })).toEqual([400, 'partition must be an object of strings, e.g. {"region": "EU"}']);
    expect(await apiOk(daemon, 'backfills.list', {})).toEqual([]); // nothing was started
  }, 60_000);
});
