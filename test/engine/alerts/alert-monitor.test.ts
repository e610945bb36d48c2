import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { harness, readRun, type Harness } from '../../helpers/engine-harness.js';
import { waitFor } from '../../helpers/wait-for.js';
import { AlertMonitor } from '../../../electron/engine/alerts/alert-monitor.js';
import { listAlerts } from '../../../electron/engine/store/alert-store.js';
import { listEvents } from '../../../electron/engine/store/event-journal.js';
import { markDataReady } from '../../../electron/engine/store/run-store.js';
import { markRunCancelled } from '../../../electron/engine/run/cancel-run.js';
import type { Engine } from '../../../electron/engine/run/engine.js';

let h: Harness | undefined;
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  h?.close();
  h = undefined;
});

/** A project with desktop notifications off (no notification daemon in unit tests) and the given pipelines. */
function world(pipelines: string, alerts = ''): TempWorld {
  const w = tempWorld();
  w.writeProject(`
name: watch
alerts: {desktop: false${alerts}}
pipelines:
${pipelines}
`);
  h = harness(w.home, w.project);
  return w;
}

function monitor(): AlertMonitor {
  return new AlertMonitor({ db: h!.db, projects: () => [h!.project] });
}

function started(id: number): Engine {
  const engine = h!.engine();
  engines.push(engine);
  engine.claim(id);
  return engine;
}

const HOUR = 3_600_000;

describe('alert rules', () => {
  it('opens one run_failed alert naming pipeline, partition and reason, counts a repeat, and resolves on a later success', async () => {
    const w = world(`  metrics: {command: "test -f ok"}`);
    const first = await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    expect(first.run.state).toBe('failed');
    const alerts = monitor();
    const changes = alerts.evaluate(Date.now());
    expect(changes.opened.map((a) => a.rule)).toEqual(['run_failed']);
    const [alert] = listAlerts(h!.db);
    expect(alert).toMatchObject({ rule: 'run_failed', state: 'open', pipeline: 'metrics', severity: 'error', count: 1, title: 'metrics failed' });
    expect(alert!.body).toBe(`watch · metrics · 2026-11-20: exit code 1 (run ${first.run.id})`);

    expect(alerts.evaluate(Date.now()).opened).toEqual([]); // nothing new happened
    await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    expect(alerts.evaluate(Date.now()).opened).toEqual([]);
    expect(listAlerts(h!.db, { all: true })).toHaveLength(1);
    expect(listAlerts(h!.db)[0]!.count).toBe(2);

    fs.writeFileSync(w.file('ok'), '');
    const fixed = await h!.run({ targets: ['metrics'], date: '2026-11-20' });
    expect(alerts.evaluate(Date.now()).resolved.map((a) => a.rule)).toEqual(['run_failed']);
    expect(listAlerts(h!.db)).toEqual([]);
    expect(listAlerts(h!.db, { all: true })[0]).toMatchObject({ state: 'resolved', resolution: `metrics succeeded in run ${fixed.run.id}` });
    const journal = listEvents(h!.db).filter((e) => e.kind === 'alert');
    expect(journal.map((e) => `${e.from}->${e.to}:${String(e.data?.rule)}`)).toEqual(['null->open:run_failed', 'open->resolved:run_failed']);
  });

  it('keeps failures of different partitions apart and ignores pipelines that opted out', async () => {
    world(`  a: {command: "exit 3"}\n  quiet: {command: "exit 3", alerts: {run_failed: false}}`);
    await h!.run({ targets: ['a'], date: '2026-11-19' });
    await h!.run({ targets: ['a'], date: '2026-11-20' });
    await h!.run({ targets: ['quiet'], date: '2026-11-20' });
    monitor().evaluate(Date.now());
    expect(listAlerts(h!.db).map((a) => `${a.pipeline} ${a.partitionKey}`).sort()).toEqual(['a date=2026-11-19', 'a date=2026-11-20']);
  });

  it('opens retries_exhausted only for a task that had retries, and resolves it on success', async () => {
    const w = world(`  flaky: {command: "test -f ok", retries: 2, retry_delay: 10ms, jitter: 0}\n  once: {command: "exit 1"}`, ', run_failed: false');
    await h!.run({ targets: ['flaky'], date: '2026-11-20' });
    await h!.run({ targets: ['once'], date: '2026-11-20' });
    const alerts = monitor();
    expect(alerts.evaluate(Date.now()).opened.map((a) => `${a.rule} ${a.pipeline}`)).toEqual(['retries_exhausted flaky']);
    expect(listAlerts(h!.db)[0]!.body).toMatch(/: exit code 1; retries exhausted after 3 attempts \(run \d+\)$/);
    fs.writeFileSync(w.file('ok'), '');
    await h!.run({ targets: ['flaky'], date: '2026-11-20' });
    expect(alerts.evaluate(Date.now()).resolved.map((a) => a.rule)).toEqual(['retries_exhausted']);
  });

  it('opens stale once the last success is older than freshness, and resolves on a fresh success', async () => {
    world(`  prices: {command: "true", alerts: {freshness: 1h}}`, ', error_rate: false');
    const alerts = monitor();
    expect(alerts.evaluate(Date.now()).opened.map((a) => a.title)).toEqual(['prices data is stale']); // never succeeded
    expect(listAlerts(h!.db)[0]!.body).toBe('watch · prices: no successful run yet (freshness 1h)');
    await h!.run({ targets: ['prices'], date: '2026-11-20' });
    expect(alerts.evaluate(Date.now()).resolved).toHaveLength(1);

    const later = Date.now() + 2 * HOUR;
    expect(alerts.evaluate(later).opened).toHaveLength(1);
    expect(alerts.evaluate(later + 60_000).opened).toHaveLength(0);
    expect(listAlerts(h!.db)).toHaveLength(1);
    expect(listAlerts(h!.db)[0]!.count).toBe(1);
    expect(listAlerts(h!.db)[0]!.body).toMatch(/^watch · prices: last success 2h( 1m)? ago \(freshness 1h\)$/);
    await h!.run({ targets: ['prices'], date: '2026-11-21' });
    expect(alerts.evaluate(Date.now()).resolved.map((a) => a.rule)).toEqual(['stale']);
  });

  it('opens error_rate when failures reach the threshold within the window, and resolves when they age out', async () => {
    world(`  shaky: {command: "exit 1", alerts: {error_rate: {threshold: 0.5, window: 1h, min_runs: 2}}}`, ', run_failed: false');
    const alerts = monitor();
    await h!.run({ targets: ['shaky'], date: '2026-11-19' });
    expect(alerts.evaluate(Date.now()).opened).toHaveLength(0); // 1 finished < min_runs
    await h!.run({ targets: ['shaky'], date: '2026-11-20' });
    const opened = alerts.evaluate(Date.now()).opened;
    expect(opened.map((a) => a.rule)).toEqual(['error_rate']);
    expect(opened[0]!.body).toBe('watch · shaky: 2 of 2 runs failed in the last 1h (100%, threshold 50%)');
    expect(alerts.evaluate(Date.now() + 2 * HOUR).resolved.map((a) => a.rule)).toEqual(['error_rate']);
  });

  it('opens long_running past max_duration and resolves when the attempt ends', async () => {
    world(`  slow: {command: ["sleep", "30"], alerts: {max_duration: 2s}}`);
    const id = h!.create({ targets: ['slow'], date: '2026-11-20' });
    const engine = started(id);
    await waitFor(() => readRun(h!.db, id).tasks.get('slow')!.state === 'running', 'slow to start');
    const alerts = monitor();
    expect(alerts.evaluate(Date.now()).opened).toHaveLength(0);
    const opened = alerts.evaluate(Date.now() + 5_000).opened;
    expect(opened.map((a) => a.rule)).toEqual(['long_running']);
    expect(opened[0]!.body).toMatch(/^watch · slow · 2026-11-20: attempt 1 running for [56]s, over max_duration 2s \(run \d+\)$/);
    markRunCancelled(h!.db, id, Date.now(), 'test over');
    engine.refresh(id);
    await engine.whenIdle();
    expect(alerts.evaluate(Date.now()).resolved.map((a) => a.rule)).toEqual(['long_running']);
  });

  it('opens long_running past k × the p95 of earlier successes', async () => {
    const w = world(`  job: {command: "test -f slow && sleep 30 || true", alerts: {p95_factor: 2}}`);
    for (let i = 0; i < 5; i++) await h!.run({ targets: ['job'], date: `2026-11-0${i + 1}` });
    fs.writeFileSync(w.file('slow'), '');
    const id = h!.create({ targets: ['job'], date: '2026-11-20' });
    const engine = started(id);
    await waitFor(() => readRun(h!.db, id).tasks.get('job')!.state === 'running', 'job to start');
    const alerts = monitor();
    expect(alerts.evaluate(Date.now() + 30_000).opened).toHaveLength(0); // under the one-minute floor
    const opened = alerts.evaluate(Date.now() + 61_000).opened;
    expect(opened.map((a) => a.rule)).toEqual(['long_running']);
    expect(opened[0]!.body).toMatch(/over 2 × its p95 of \d+s/);
    markRunCancelled(h!.db, id, Date.now(), 'test over');
    engine.refresh(id);
    await engine.whenIdle();
  });

  it('opens stuck for a run waiting on its gate past stuck_after, and resolves when it moves', async () => {
    world(`  load: {command: "true", wait_for: {data_ready: true, poll: 50ms}, alerts: {stuck_after: 1h}}`);
    const id = h!.create({ targets: ['load'], date: '2026-11-20' });
    const engine = started(id);
    await waitFor(() => readRun(h!.db, id).tasks.get('load')!.state === 'waiting', 'load to wait on its gate');
    const alerts = monitor();
    expect(alerts.evaluate(Date.now()).opened).toHaveLength(0);
    const opened = alerts.evaluate(Date.now() + 2 * HOUR).opened;
    expect(opened.map((a) => `${a.rule} ${a.title}`)).toEqual([`stuck run ${id} is stuck`]);
    expect(opened[0]!.body).toMatch(/no progress for 2h; waiting for the wait_for gate of load$/);
    expect(alerts.evaluate(Date.now() + 2 * HOUR + 1_000).resolved).toEqual([]); // its own alert event is not progress
    markDataReady(h!.db, id, Date.now());
    engine.refresh(id);
    await engine.whenIdle();
    expect(alerts.evaluate(Date.now()).resolved.map((a) => a.rule)).toEqual(['stuck']);
  });

  it('survives a restart: a new monitor on the same store neither re-opens nor forgets', async () => {
    world(`  a: {command: "exit 1"}`);
    await h!.run({ targets: ['a'], date: '2026-11-20' });
    expect(monitor().evaluate(Date.now()).opened).toHaveLength(1);
    expect(monitor().evaluate(Date.now()).opened).toHaveLength(0);
    expect(listAlerts(h!.db)).toHaveLength(1);
  });
});
